package dev.kenning.workbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a small, real experiment (ontology, scene, rules, spec) into a folder for tests. */
final class ExperimentFixture {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    final Path dir;
    final Path ontology;
    final Path scene;
    final Path rules;
    final Path spec;

    ExperimentFixture(Path dir) throws IOException {
        this.dir = dir;
        ontology = Files.copy(ROOT.resolve("kg/ontology/physics.ttl"), dir.resolve("physics.ttl"));
        scene = Files.copy(ROOT.resolve("experiments/free-fall-scene.ttl"), dir.resolve("scene.ttl"));
        rules = Files.copy(ROOT.resolve("rules/packs/physics.drl"), dir.resolve("physics.drl"));
        spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                seed: 5
                knowledge:
                  ontologies: [physics.ttl, scene.ttl]
                  rules: [physics.drl]
                data:
                  generator: free-fall
                  train_videos: 16
                  test_videos: 4
                  frames: 8
                  fps: 15
                  image_size: 16
                model:
                  conv_channels: [8, 8]
                  dense: 16
                training:
                  steps: 20
                  batch_videos: 4
                  log_every: 10
                evaluation:
                  plot_videos: 2
                """);
    }

    void replaceInSpec(String from, String to) throws IOException {
        replace(spec, from, to);
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }

    /** The 1-based line of the first occurrence of {@code text} in {@code file}. */
    static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(text + " not in " + file);
    }

    /** Rewrites every labelled value of a footage folder's labels.csv through {@code change}, as another unit or direction would give it. */
    static void relabel(Path labelsCsv, java.util.function.DoubleUnaryOperator change) throws IOException {
        java.util.List<String> rows = new java.util.ArrayList<>(Files.readAllLines(labelsCsv));
        for (int i = 1; i < rows.size(); i++) {
            String row = rows.get(i);
            int comma = row.lastIndexOf(',');
            String value = row.substring(comma + 1);
            if (!value.isBlank()) {
                rows.set(i, row.substring(0, comma + 1) + change.applyAsDouble(Double.parseDouble(value)));
            }
        }
        Files.write(labelsCsv, rows);
    }
}
