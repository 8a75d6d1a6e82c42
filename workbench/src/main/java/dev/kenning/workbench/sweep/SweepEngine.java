package dev.kenning.workbench.sweep;

import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a sweep's runs somewhere: each one whole run through {@link dev.kenning.workbench.Workbench#run},
 * the result unpacked under the sweep's folder and handed to the {@link Sink} as it finishes. The
 * implementation (the {@code sweeps} module, on Apache Spark) is found with {@link ServiceLoader},
 * so neither the workbench nor the command line depends on Spark.
 */
public interface SweepEngine {

    /** Where the engine reports to; called from the engine's own threads, one call at a time. */
    interface Sink {
        void started(SweepPlan.PlannedRun run, String where);

        /**
         * A try of the run stopped running (it ended, or its worker was lost); {@link #finished} may
         * follow later, or have come already (on YARN a task's end can reach the driver after its result).
         */
        void ended(SweepPlan.PlannedRun run);

        /** Once per run, however many times the engine had to try it. */
        void finished(RunOutcome outcome);

        /** A line for the user: the engine starting, a worker lost, a run retried. */
        void note(String line);
    }

    /**
     * Runs {@code todo} (a subset of the plan's runs), unpacking each run folder into {@code out}.
     * Returns when all have finished or {@link #stop} was called.
     */
    void run(SweepPlan plan, List<SweepPlan.PlannedRun> todo, Path out, Sink sink);

    /**
     * How many runs can go at once, if the engine knows ({@code local[N]}: N / cores per run); the
     * progress bar never counts more as running. Spark reports a task's start before the end of the
     * one whose core it took, so without this a full {@code local[2]} briefly showed three running.
     *
     * @throws InputError if the plan cannot run on this engine as asked (more cores per run than it has)
     */
    default int slots(SweepPlan plan) {
        return Integer.MAX_VALUE;
    }

    /** Stops the runs still going (Ctrl-C); {@link #run} returns soon after. Safe to call from any thread. */
    void stop();

    /**
     * The engine on the classpath.
     *
     * @throws InputError when there is none: the command was started without the sweeps module
     */
    static SweepEngine find() {
        return ServiceLoader.load(SweepEngine.class).findFirst().orElseThrow(() -> new InputError("kenning sweep",
                "needs the sweeps module (Apache Spark) on the classpath; run it through ./kenning sweep"));
    }
}
