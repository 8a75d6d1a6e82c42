package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder a run writes: {@code spec.yaml} (resolved), {@code constraints.json} (with
 * provenance), {@code history.csv}, {@code metrics.json}, plots, {@code model/}, and
 * {@code status.json} ("running", then "completed", "cancelled" or "failed" with the message).
 * metrics.json is written last, so its presence means the run completed.
 */
public final class RunDirectory {
    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates the folder; an existing non-empty folder is refused so no run is overwritten. */
    public static RunDirectory create(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    if (s.findAny().isPresent()) {
                        throw new InputError(path.toString(), "output folder exists and is not empty; choose another --out");
                    }
                }
            } else if (Files.exists(path)) {
                throw new InputError(path.toString(), "output path exists and is not a folder");
            }
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + path, e);
        }
        RunDirectory dir = new RunDirectory(path);
        dir.writeStatus("running", Map.of("started", Instant.now().toString()));
        return dir;
    }

    public Path path() {
        return path;
    }

    void writeSpec(ExperimentSpec spec) {
        writeSpec(spec.source(), spec.resolved());
    }

    void writeSpec(Path source, Map<String, Object> resolved) {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        try (Writer w = Files.newBufferedWriter(path.resolve("spec.yaml"))) {
            w.write("# Resolved from " + source + " with every default filled in.\n");
            new Yaml(opts).dump(resolved, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeConstraints(DerivedKnowledge knowledge) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("constraints", knowledge.constraints());
        Map<String, String> ontologies = new LinkedHashMap<>();
        knowledge.ontologyHashes().forEach((p, h) -> ontologies.put(p.toString(), h));
        Map<String, String> rules = new LinkedHashMap<>();
        knowledge.ruleHashes().forEach((p, h) -> rules.put(p.toString(), h));
        doc.put("ontologies_sha256", ontologies);
        doc.put("rules_sha256", rules);
        doc.put("graph_triples", knowledge.triples());
        if (knowledge.endpoint() != null) {
            doc.put("knowledge_endpoint", knowledge.endpoint());
        }
        if (!knowledge.wordNetSenses().isEmpty()) {
            doc.put("wordnet_senses", knowledge.wordNetSenses());
        }
        KenningJson.write(path.resolve("constraints.json"), doc);
    }

    /** One row per logged step of each phase; a column per loss term seen in any phase. */
    void writeHistory(Map<String, List<HistoryRow>> history) {
        Set<String> termNames = new LinkedHashSet<>();
        history.values().forEach(rows -> rows.forEach(r -> termNames.addAll(r.terms().keySet())));
        List<String> names = new ArrayList<>(termNames);
        try (Writer w = Files.newBufferedWriter(path.resolve("history.csv"))) {
            w.write("phase,step," + String.join(",", names) + ",total,steps_per_second\n");
            for (Map.Entry<String, List<HistoryRow>> e : history.entrySet()) {
                for (HistoryRow r : e.getValue()) {
                    StringBuilder line = new StringBuilder(e.getKey()).append(',').append(r.step());
                    for (String n : names) {
                        Double v = r.terms().get(n);
                        line.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
                    }
                    line.append(String.format(Locale.ROOT, ",%.6g,%.3f%n", r.total(), r.stepsPerSecond()));
                    w.write(line.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void saveModel(String phase, SequenceRegressor model) {
        try {
            Files.createDirectories(path.resolve("model"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.save(path.resolve("model").resolve(phase + ".sdz").toFile());
    }

    void saveModel(String phase, dev.kenning.learner.images.ImageNetwork network) {
        try {
            Files.createDirectories(path.resolve("model"));
            network.graph().save(path.resolve("model").resolve(phase + ".sdz").toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The weights a diverged image run fell back to, under checkpoints/. */
    void saveCheckpointOf(String name, dev.kenning.learner.images.ImageNetwork network) {
        try {
            Files.createDirectories(path.resolve("checkpoints"));
            network.graph().save(path.resolve("checkpoints").resolve(name + ".sdz").toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The weights a diverged run fell back to, under checkpoints/. */
    void saveCheckpoint(String name, SequenceRegressor model) {
        try {
            Files.createDirectories(path.resolve("checkpoints"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.save(path.resolve("checkpoints").resolve(name + ".sdz").toFile());
    }

    void writeMetrics(Map<String, Double> metrics) {
        KenningJson.write(path.resolve("metrics.json"), metrics);
    }

    void markCompleted(double wallSeconds) {
        writeStatus("completed", Map.of("finished", Instant.now().toString(),
                "wall_seconds", Math.round(wallSeconds * 10) / 10.0));
    }

    void markFailed(Throwable e) {
        writeStatus("failed", Map.of("finished", Instant.now().toString(),
                "error", String.valueOf(e.getMessage())));
    }

    void markCancelled(String message) {
        writeStatus("cancelled", Map.of("finished", Instant.now().toString(), "message", message));
    }

    private void writeStatus(String status, Map<String, Object> details) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.putAll(details);
        KenningJson.write(path.resolve("status.json"), doc);
    }
}
