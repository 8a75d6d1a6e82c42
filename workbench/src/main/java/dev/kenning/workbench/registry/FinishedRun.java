package dev.kenning.workbench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A completed run folder read back: its experiment name and seed (from spec.yaml) and its
 * metrics (from metrics.json, which only completed runs have). A folder that is not a completed
 * run is an {@link InputError} naming the folder and what is missing.
 */
public record FinishedRun(Path folder, String experiment, Long seed, Map<String, Double> metrics) {

    public static FinishedRun read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InputError(folder.toString(), "no such run folder");
        }
        Path metricsFile = folder.resolve("metrics.json");
        if (!Files.isRegularFile(metricsFile)) {
            throw new InputError(folder.toString(), "not a completed run: it has no metrics.json"
                    + (Files.exists(folder.resolve("status.json")) ? " (see its status.json)" : ""));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            JsonNode node = KenningJson.mapper().readTree(metricsFile.toFile());
            if (node == null || !node.isObject()) {
                throw new InputError(metricsFile.toString(), "expected a JSON object of metric name → number");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                metrics.put(e.getKey(), number(metricsFile, e.getKey(), e.getValue()));
            }
        } catch (IOException e) {
            throw new InputError(metricsFile.toString(), "not readable JSON: " + e.getMessage(), e);
        }
        return withSpec(folder, metrics);
    }

    /**
     * A run whose status.json says "cancelled": its name and seed, no metrics.
     *
     * @throws InputError if the folder is missing or its status is not "cancelled"
     */
    public static FinishedRun cancelled(Path folder) {
        Path status = folder.resolve("status.json");
        String value;
        try {
            value = Files.isRegularFile(status) ? KenningJson.mapper().readTree(status.toFile()).path("status").asText() : "";
        } catch (IOException e) {
            throw new InputError(status.toString(), "not readable JSON: " + e.getMessage(), e);
        }
        if (!value.equals("cancelled")) {
            throw new InputError(folder.toString(), "not a cancelled run: status.json says '" + value + "'");
        }
        return withSpec(folder, Map.of());
    }

    private static FinishedRun withSpec(Path folder, Map<String, Double> metrics) {
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        Long seed = null;
        Path specFile = folder.resolve("spec.yaml");
        if (Files.isRegularFile(specFile)) {
            try (Reader r = Files.newBufferedReader(specFile)) {
                Object doc = new Yaml().load(r);
                if (doc instanceof Map<?, ?> spec) {
                    if (spec.get("name") != null) {
                        name = spec.get("name").toString();
                    }
                    if (spec.get("seed") instanceof Number n) {
                        seed = n.longValue();
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new InputError(specFile.toString(), "cannot read the run's spec: " + e.getMessage(), e);
            }
        }
        return new FinishedRun(folder, name, seed, metrics);
    }

    /** Jackson writes NaN and the infinities as strings ("NaN"): an undefined correlation is still a metric. */
    private static double number(Path file, String name, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isNull()) {
            return Double.NaN;
        }
        switch (value.asText()) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                throw new InputError(file.toString(), "metric '" + name + "' is not a number: " + value);
        }
    }

    /** The folder's own name, which is what a user typed and sees in a table header. */
    public String label() {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? folder.toString() : name.toString();
    }
}
