package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec's optional {@code sweep:} section: the same grid, seeds and master that {@code kenning
 * sweep}'s flags give ({@code --set}, {@code --seeds}, {@code --master}, {@code --cores-per-task}).
 * A single run ({@code kenning run}) ignores it. Absent entries are null, so flags can fill them.
 *
 * <pre>
 * sweep:
 *   set:
 *     knowledge.semantics: [product, godel, lukasiewicz]
 *   seeds: 0..4
 *   master: local[2]
 *   cores_per_task: 1
 * </pre>
 *
 * @param grid         key path → the values it takes, in the order written; empty for seeds only
 * @param seeds        null when the section names none
 * @param master       a Spark master URL, null when not named
 * @param coresPerTask null when not named
 * @param sharedData   the data folder is at the same path on every worker (a shared file system): not shipped
 */
public record SweepSection(Map<String, List<String>> grid, List<Long> seeds, String master, Integer coresPerTask,
                           boolean sharedData) {
    public static final String KEY = "sweep";
    public static final SweepSection NONE = new SweepSection(Map.of(), null, null, null, false);
    /** A sweep of more runs than this is almost surely a typo in a range. */
    public static final int MAX_SEEDS = 10_000;

    public SweepSection {
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        seeds = seeds == null ? null : List.copyOf(seeds);
        if (coresPerTask != null && coresPerTask < 1) {
            throw new IllegalArgumentException("cores per task must be at least 1, got " + coresPerTask);
        }
    }

    /** The {@code sweep:} section of {@code file}, or {@link #NONE} if it has none. */
    public static SweepSection load(Path file) {
        YamlSection top = YamlSection.open(file);
        if (!top.has(KEY)) {
            return NONE;
        }
        YamlSection s = top.section(KEY);
        Map<String, List<String>> grid = new LinkedHashMap<>();
        if (s.has("set")) {
            YamlSection set = s.section("set");
            for (String key : set.keys()) {
                List<String> values = set.strings(key, List.of());
                if (values.isEmpty()) {
                    throw new InputError(set.where(key), "'sweep.set." + key + "' must list at least one value, e.g. [a, b]");
                }
                grid.put(key, values);
            }
            set.finish();
        }
        List<Long> seeds = !s.has("seeds") ? null : seeds(s.isList("seeds") ? String.join(",", s.strings("seeds", List.of()))
                : s.string("seeds", ""), s.where("seeds"));
        String master = s.string("master", null);
        Integer cores = s.has("cores_per_task") ? (int) s.integer("cores_per_task", 1, 1, 1024) : null;
        boolean shared = s.bool("shared_data", false);
        s.finish();
        return new SweepSection(grid, seeds, master, cores, shared);
    }

    /**
     * {@code --set key=v1,v2}: the key path and its values.
     *
     * @throws InputError naming the flag's text when it is not key=value[,value…]
     */
    public static Map.Entry<String, List<String>> setting(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new InputError("--set " + text, "must be KEY=VALUE[,VALUE…], e.g. knowledge.semantics=godel,lukasiewicz");
        }
        List<String> values = new ArrayList<>();
        // commas inside brackets belong to a list value: model.conv_channels=[8,16],[16,32] is two values
        int depth = 0;
        int from = eq + 1;
        for (int i = eq + 1; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ',';
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            }
            if (ch == ',' && depth <= 0) {
                String v = text.substring(from, i);
                if (v.isBlank()) {
                    throw new InputError("--set " + text, "has an empty value; separate values by single commas");
                }
                values.add(v.strip());
                from = i + 1;
            }
        }
        if (depth != 0) {
            throw new InputError("--set " + text, "has a '[' without its ']' (or the reverse); a list value is written [a, b]");
        }
        return Map.entry(text.substring(0, eq).strip(), List.copyOf(values));
    }

    /**
     * Seeds as written: {@code 0..4} (both ends included), {@code 3}, or {@code 0,2,7}; YAML's
     * {@code [0, 2, 7]} arrives here as its text.
     */
    public static List<Long> seeds(String text, String where) {
        String t = text.strip().replaceAll("^\\[|\\]$", "");
        List<Long> out = new ArrayList<>();
        try {
            if (t.contains("..")) {
                String[] ends = t.split("\\.\\.", -1);
                long from = Long.parseLong(ends[0].strip());
                long to = Long.parseLong(ends[1].strip());
                if (ends.length != 2 || from < 0 || to < from || to - from >= MAX_SEEDS) {
                    throw new NumberFormatException();
                }
                for (long s = from; s <= to; s++) {
                    out.add(s);
                }
            } else {
                for (String part : t.split(",", -1)) {
                    long s = Long.parseLong(part.strip());
                    if (s < 0) {
                        throw new NumberFormatException();
                    }
                    if (!out.contains(s)) {
                        out.add(s);
                    }
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new InputError(where, "seeds must be FROM..TO (e.g. 0..4, at most " + MAX_SEEDS + "), one whole"
                    + " number >= 0, or a list such as 0,2,7; got '" + text + "'");
        }
        return out;
    }
}
