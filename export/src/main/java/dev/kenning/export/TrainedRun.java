package dev.kenning.export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a completed run folder says about one trained model: its .sdz, the constraints (with
 * provenance) and knowledge files it was trained with, its metrics, seed and evaluation window.
 * Read from the files the run wrote, so any run folder can be exported later.
 */
public record TrainedRun(Path folder, String phase, Path model, List<ConstraintSpec> constraints,
                         List<KnowledgeFile> knowledge, Map<String, Double> metrics, long seed, int window) {

    /** An ontology or rule file the run used, with the SHA-256 it had then. */
    public record KnowledgeFile(String role, Path path, String sha256) {
    }

    public static final List<String> PHASES = List.of("label_free", "supervised");

    public static TrainedRun read(Path folder, String phase) {
        if (!PHASES.contains(phase)) {
            throw new InputError("--phase", "must be one of " + PHASES + ", got '" + phase + "'");
        }
        if (!Files.isDirectory(folder)) {
            throw new InputError(folder.toString(), "run folder not found");
        }
        Path metricsFile = folder.resolve("metrics.json");
        if (!Files.exists(metricsFile)) {
            throw new InputError(folder.toString(), "has no metrics.json: the run did not complete (see status.json)");
        }
        Path model = folder.resolve("model").resolve(phase + ".sdz");
        if (!Files.isRegularFile(model)) {
            throw new InputError(model.toString(), "not found: this run has no " + phase + " model");
        }
        Map<String, Double> metrics = readJson(metricsFile, new TypeReference<LinkedHashMap<String, Double>>() { });
        JsonNode c = readJson(folder.resolve("constraints.json"), new TypeReference<JsonNode>() { });
        List<ConstraintSpec> constraints = new ArrayList<>();
        for (JsonNode n : c.path("constraints")) {
            constraints.add(KenningJson.mapper().convertValue(n, ConstraintSpec.class));
        }
        List<KnowledgeFile> knowledge = new ArrayList<>();
        addFiles(knowledge, "ontology", c.path("ontologies_sha256"));
        addFiles(knowledge, "rules", c.path("rules_sha256"));
        Map<String, Object> spec = readYaml(folder.resolve("spec.yaml"));
        long seed = ((Number) spec.getOrDefault("seed", 0)).longValue();
        Object data = spec.get("data");
        int window = data instanceof Map<?, ?> d && d.get("window") instanceof Number w ? w.intValue() : Integer.MAX_VALUE;
        return new TrainedRun(folder, phase, model, constraints, knowledge, metrics, seed, window);
    }

    private static void addFiles(List<KnowledgeFile> into, String role, JsonNode hashes) {
        hashes.fields().forEachRemaining(e -> into.add(new KnowledgeFile(role, Path.of(e.getKey()), e.getValue().asText())));
    }

    private static <T> T readJson(Path file, TypeReference<T> type) {
        if (!Files.exists(file)) {
            throw new InputError(file.toString(), "not found");
        }
        try {
            return KenningJson.mapper().readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InputError(file.toString(), "is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Object> readYaml(Path file) {
        if (!Files.exists(file)) {
            throw new InputError(file.toString(), "not found");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Yaml().load(r);
            if (!(doc instanceof Map<?, ?> m)) {
                throw new InputError(file.toString(), "is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return map;
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
