package dev.kenning.workbench.registry;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.Metrics;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A completed run folder read back through {@link RunFolder}: its experiment name and seed (from
 * spec.yaml) and its metrics (from metrics.json, which only completed runs have). A folder that
 * is not a completed run is an {@link InputError} naming the folder and what is missing.
 */
public record FinishedRun(Path folder, String experiment, Long seed, Map<String, Double> metrics) {

    public static FinishedRun read(Path folder) {
        RunFolder run = RunFolder.of(folder);
        return withSpec(run, run.metrics());
    }

    /**
     * A run whose status.json says "cancelled": its name and seed, no metrics.
     *
     * @throws InputError if the folder is missing or its status is not "cancelled"
     */
    public static FinishedRun cancelled(Path folder) {
        RunFolder run = RunFolder.of(folder);
        String value = run.status().map(RunStatus::word).orElse("");
        if (!value.equals(RunStatus.State.CANCELLED.word())) {
            throw new InputError(folder.toString(), "not a cancelled run: " + RunFolder.STATUS + " says '" + value + "'");
        }
        return withSpec(run, Metrics.empty());
    }

    /** A run that has not completed (running, or failed): its name and seed, no metrics. */
    public static FinishedRun unfinished(Path folder) {
        return withSpec(RunFolder.of(folder), Metrics.empty());
    }

    private static FinishedRun withSpec(RunFolder run, Metrics metrics) {
        OptionalLong seed = run.seed();
        return new FinishedRun(run.path(), run.name(), seed.isPresent() ? seed.getAsLong() : null, metrics.asMap());
    }

    /**
     * Which seeds the run trained with, as a title says it: "seed 3", or "seeds 0–4" for a run of
     * several trainings (zero-shot, semi-supervised, addition: the metric {@code seeds}); empty
     * when spec.yaml gives no seed.
     */
    public String seedLabel() {
        if (seed == null) {
            return "";
        }
        Double trainings = metrics.get(MetricName.SEEDS.toString());
        return trainings != null && trainings >= 2 ? "seeds " + seed + "–" + (seed + trainings.longValue() - 1) : "seed " + seed;
    }

    /** The run folder this was read from. */
    public RunFolder runFolder() {
        return RunFolder.of(folder);
    }

    /** The folder's own name, which is what a user typed and sees in a table header. */
    public String label() {
        return runFolder().label();
    }
}
