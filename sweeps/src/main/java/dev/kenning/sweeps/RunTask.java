package dev.kenning.sweeps;

import dev.kenning.core.HistoryRow;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.RunResult;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.SpecFile;
import dev.kenning.workbench.sweep.SweepPlan;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One run of a sweep as a Spark task: rebuilds the inputs on the worker, loads the spec with the
 * configuration's values and the seed exactly as {@code kenning run --seed} does, runs it through
 * {@link Workbench#run} (recording nothing: the driver records), and returns its metrics and its
 * run folder packed. A run that fails (divergence, an input the worker refuses) comes back as a
 * failed {@link Result} with its message, so one bad run does not stop the sweep; only the loss of
 * the worker itself makes the task fail, and Spark runs it again elsewhere.
 */
final class RunTask implements Serializable {
    private final SweepPlan.PlannedRun run;
    private final ShippedInputs inputs;
    private final String localRoot;
    private final String specRelative;
    private final Map<String, String> overrides;

    /** What a task hands back to the driver. */
    record Result(SweepPlan.PlannedRun run, boolean completed, Map<String, Double> metrics, String message,
                  byte[] folder, double seconds, String where) implements Serializable {
    }

    private RunTask(SweepPlan.PlannedRun run, ShippedInputs inputs, String localRoot, String specRelative,
                    Map<String, String> overrides) {
        this.run = run;
        this.inputs = inputs;
        this.localRoot = localRoot;
        this.specRelative = specRelative;
        this.overrides = new LinkedHashMap<>(overrides);
    }

    /** A task for a worker elsewhere: inputs shipped, the data folder named relative to the rebuilt spec. */
    static RunTask shipped(SweepPlan plan, SweepPlan.PlannedRun run, ShippedInputs inputs) {
        return new RunTask(run, inputs, null, plan.specRelative(), plan.workerOverrides(run.configuration()));
    }

    /** A task in this process ({@code local[N]}): the spec read where it is, with the configuration's values only. */
    static RunTask inPlace(SweepPlan plan, SweepPlan.PlannedRun run) {
        return new RunTask(run, null, plan.root().toString(), plan.specRelative(), run.configuration().overrides());
    }

    Result call() {
        long t0 = System.nanoTime();
        String where = where();
        TaskContext task = TaskContext.get();
        Path work = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath().normalize().resolve("kenning-runs")
                .resolve(run.folder() + (task == null ? "" : "-attempt" + task.taskAttemptId()));
        try {
            Path root = inputs == null ? Path.of(localRoot) : inputs.materialize();
            WorkbenchConfig env = WorkbenchConfig.fromEnvironment();
            Workbench workbench = Workbench.create(new WorkbenchConfig(env.workspace(), false, env.imageCache()));
            SpecFile spec = SpecFile.load(root.resolve(specRelative), overrides).withSeed(run.seed());
            Files.createDirectories(work.getParent());
            RunResult result = workbench.run(spec, work, new Lines(run.folder()));
            return new Result(run, true, result.metrics(), null, FolderArchive.pack(work), seconds(t0), where);
        } catch (RuntimeException | Error e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            byte[] folder = Files.isDirectory(work) ? FolderArchive.pack(work) : null;
            return new Result(run, false, Map.of(), message, folder, seconds(t0), where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String where() {
        try {
            return InetAddress.getLocalHost().getHostName() + " pid " + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    private static void delete(Path folder) {
        try {
            dev.kenning.core.FileTree.delete(folder);
        } catch (IOException e) {
            // a leftover folder in the worker's scratch space costs disk, not correctness
        }
    }

    /** The run's stages and logged steps, one line each, prefixed with its folder name (the worker's stderr). */
    private record Lines(String name) implements RunListener {
        @Override
        public void onStage(String stage) {
            System.err.println("  [" + name + "] " + stage);
        }

        @Override
        public void onLog(String phase, HistoryRow row, int totalSteps) {
            System.err.printf(Locale.ROOT, "  [%s] %s %d/%d, %.1f steps/s%n", name, phase, row.step(), totalSteps,
                    row.stepsPerSecond());
        }
    }
}
