package dev.kenning.workbench.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where runs' resolved specs (their spec.yaml) differ, besides the seed: each key path with the
 * values it takes, {@code training.learning_rate (0.001, 0.005)}. The files a spec names
 * (ontologies, rules, data) are left out: the same files may sit at other paths (a clone, a
 * sweep's worker), and their contents are compared by hash elsewhere.
 */
final class SpecDifferences {
    /** Keys whose values are where a file is, not what the run was. */
    private static final Set<String> PLACES = Set.of("seed", "knowledge.ontologies", "knowledge.rules", "data.path");

    private SpecDifferences() {
    }

    /** The differing key paths, in key order, each with its values in the order runs gave them. */
    static List<String> of(List<Map<String, Object>> specs) {
        Map<String, Set<String>> values = new TreeMap<>();
        List<Map<String, String>> flat = specs.stream().map(SpecDifferences::flatten).toList();
        flat.forEach(f -> f.keySet().forEach(k -> values.putIfAbsent(k, new LinkedHashSet<>())));
        for (Map<String, String> f : flat) {
            values.forEach((k, v) -> v.add(f.getOrDefault(k, "(not set)")));
        }
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v.size() > 1 && !PLACES.contains(k)) {
                out.add(k + " (" + String.join(", ", v) + ")");
            }
        });
        return out;
    }

    private static Map<String, String> flatten(Map<String, Object> spec) {
        Map<String, String> out = new TreeMap<>();
        flatten("", spec, out);
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }
}
