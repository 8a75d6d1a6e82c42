package dev.kenning.workbench.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one run of a sweep ended, as the engine hands it back to the driver.
 *
 * @param folder  the run folder on the driver's side (unpacked there), null if none was written
 * @param message why it failed; null when completed
 * @param where   the worker it ran on, for progress lines
 */
public record RunOutcome(SweepPlan.PlannedRun run, boolean completed, Map<String, Double> metrics, Path folder,
                         String message, double seconds, String where) {
    public RunOutcome {
        Objects.requireNonNull(run, "run");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (!completed && message == null) {
            throw new IllegalArgumentException("a failed run needs its message");
        }
    }
}
