package dev.kenning.workbench.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The free-fall experiment made tiny (a few steps on 16×16 frames), for sweep tests here and in the sweeps module. */
public final class TinySpec {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private TinySpec() {
    }

    /** Writes the spec, its two ontologies and its pack into {@code dir}; {@code extra} is appended to the spec. */
    public static Path write(Path dir, String extra) throws IOException {
        Files.copy(ROOT.resolve("kg/ontology/physics.ttl"), dir.resolve("physics.ttl"));
        Files.copy(ROOT.resolve("experiments/free-fall-scene.ttl"), dir.resolve("scene.ttl"));
        Files.copy(ROOT.resolve("rules/packs/physics.drl"), dir.resolve("physics.drl"));
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                seed: 5
                knowledge:
                  ontologies: [physics.ttl, scene.ttl]
                  rules: [physics.drl]
                data:
                  generator: free-fall
                  train_videos: 8
                  test_videos: 2
                  frames: 8
                  image_size: 16
                model:
                  conv_channels: [4]
                  dense: 8
                training:
                  steps: 4
                  batch_videos: 4
                  log_every: 2
                evaluation:
                  plot_videos: 1
                """ + extra);
        return spec;
    }

}
