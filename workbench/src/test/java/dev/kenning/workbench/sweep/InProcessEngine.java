package dev.kenning.workbench.sweep;

import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.RunResult;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.SpecFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep engine for tests of what surrounds the engine (the driver, the GUI): each run one after
 * another in this thread, through {@link Workbench#run} as the Spark engine's tasks run it.
 */
public final class InProcessEngine implements SweepEngine {
    @Override
    public void run(SweepPlan plan, List<SweepPlan.PlannedRun> todo, Path out, Sink sink) {
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        for (SweepPlan.PlannedRun run : todo) {
            sink.started(run, "this thread");
            long t0 = System.nanoTime();
            Path folder = out.resolve(run.folder());
            RunOutcome outcome;
            try {
                RunResult r = workbench.run(SpecFile.load(plan.root().resolve(plan.specRelative()),
                        run.configuration().overrides()).withSeed(run.seed()), folder, RunListener.SILENT);
                outcome = new RunOutcome(run, true, r.metrics(), folder, null, (System.nanoTime() - t0) / 1e9, "this thread");
            } catch (RuntimeException e) {
                outcome = new RunOutcome(run, false, Map.of(), null, e.getMessage(), (System.nanoTime() - t0) / 1e9, "this thread");
            }
            sink.ended(run);
            sink.finished(outcome);
        }
    }

    @Override
    public void stop() {
    }
}
