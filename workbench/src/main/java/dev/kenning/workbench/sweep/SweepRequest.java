package dev.kenning.workbench.sweep;

import dev.kenning.core.InputError;
import dev.kenning.workbench.spec.SweepSection;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a user asks for: a spec, the settings to vary ({@code --set} or the spec's {@code sweep.set}),
 * the seeds, where to run (a Spark master URL) and with how many cores per run, where to write.
 *
 * @param grid         key path → values, in the order given; empty to vary seeds only
 * @param seeds        empty: the spec's own seed
 * @param master       {@code local[N]}, {@code spark://HOST:PORT}, or a master URL of a cluster manager
 *                     whose Spark module is on the classpath (the engine checks it)
 * @param coresPerTask cores each run gets (its OMP_NUM_THREADS); runs in parallel = cores / this
 * @param out          the sweep's folder: its runs and its comparison
 * @param metric       the metric the comparison ranks by; null to pick the headline one
 * @param sharedData   the data folder is at the same path on every worker (a shared file system), so
 *                     it is read there rather than shipped; on a cluster only
 */
public record SweepRequest(Path spec, Map<String, List<String>> grid, List<Long> seeds, String master, int coresPerTask,
                           Path out, String metric, boolean sharedData) {
    public static final String DEFAULT_MASTER = "local[" + Runtime.getRuntime().availableProcessors() + "]";

    public SweepRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(out, "out");
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        seeds = List.copyOf(seeds);
        if (master == null || master.isBlank()) {
            throw new InputError("--master", "needs a Spark master URL: local[N], spark://HOST:PORT, …");
        }
        if (coresPerTask < 1) {
            throw new InputError("--cores-per-task", "must be at least 1, got " + coresPerTask);
        }
    }

    /**
     * Flags over the spec's {@code sweep:} section: a {@code --set} key replaces the section's
     * values for that key; seeds, master and cores from flags win when given (null when not).
     */
    public static SweepRequest of(Path spec, Map<String, List<String>> set, List<Long> seeds, String master,
                                  Integer coresPerTask, Path out, String metric) {
        SweepSection section = SweepSection.load(spec);
        Map<String, List<String>> grid = new LinkedHashMap<>(section.grid());
        grid.putAll(set);
        return new SweepRequest(spec, grid, seeds != null ? seeds : section.seeds() != null ? section.seeds() : List.of(),
                master != null ? master : section.master() != null ? section.master() : DEFAULT_MASTER,
                coresPerTask != null ? coresPerTask : section.coresPerTask() != null ? section.coresPerTask() : 1, out, metric,
                section.sharedData());
    }

    /** The same, the data folder read in place on the workers ({@code --shared-data}). */
    public SweepRequest withSharedData() {
        return new SweepRequest(spec, grid, seeds, master, coresPerTask, out, metric, true);
    }

    /** The grid as one line: {@code knowledge.semantics=product,godel training.steps=40}. */
    public String gridText() {
        StringBuilder b = new StringBuilder();
        grid.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(String.join(",", v)));
        return b.toString();
    }
}
