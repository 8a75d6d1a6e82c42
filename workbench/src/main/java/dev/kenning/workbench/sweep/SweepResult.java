package dev.kenning.workbench.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep that ended: its folder, its IRI in the registry (null when runs are not recorded), every
 * run's outcome (those a resume skipped included, read from their folders), the comparison, and
 * whether it was stopped before the end.
 */
public record SweepResult(Path folder, String iri, List<RunOutcome> outcomes, SweepComparison comparison,
                          boolean interrupted, int skipped, double seconds) {
    public SweepResult {
        outcomes = List.copyOf(outcomes);
    }

    public long failed() {
        return outcomes.stream().filter(o -> !o.completed()).count();
    }
}
