package dev.kenning.workbench;

import dev.kenning.core.run.MetricName;
import dev.kenning.core.HistoryRow;
import dev.kenning.learner.Network;
import dev.kenning.learner.Trainer;
import dev.kenning.core.TrainingDivergedException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a running task writes to: its run folder, the listener, and the metrics and training
 * history the workbench writes out when the task is done (metrics in the order they are put,
 * which is the order the command line prints them).
 */
public final class RunContext {
    private final RunDirectory dir;
    private final RunListener listener;
    private final Map<MetricName, Double> metrics = new LinkedHashMap<>();
    private final Map<String, List<HistoryRow>> history = new LinkedHashMap<>();

    /** Each phase's rows as its current training logs them, kept or not: what a run that stops had seen. */
    private final Map<String, List<HistoryRow>> logged = new LinkedHashMap<>();

    RunContext(RunDirectory dir, RunListener listener) {
        this.dir = dir;
        this.listener = new ForwardingListener(listener) {
            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                logged.computeIfAbsent(phase, p -> new java.util.ArrayList<>()).add(row);
                super.onLog(phase, row, totalSteps);
            }
        };
    }

    public Path folder() {
        return dir.path();
    }

    public RunListener listener() {
        return listener;
    }

    /** A CSV table of the task's own in the run folder, written whole (a full disk leaves no half file). */
    void writeTable(String fileName, CharSequence csv) {
        dir.writeTable(fileName, csv);
    }

    /**
     * Draws the plot {@code fileName} in the run folder. A plot that cannot be drawn (a chart library's
     * refusal of data it did not foresee) is a warning in the run's log, not a failed run: the numbers
     * it would show are in the run's tables and metrics.json.
     */
    public void plot(String fileName, java.util.function.Consumer<Path> draw) {
        try {
            draw.accept(dir.path().resolve(fileName));
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            listener.onStage("warning: " + fileName + " could not be drawn (" + e + "); its numbers are in the run's"
                    + " tables and metrics.json");
        }
    }

    /** Adds a metric; the command line prints them in the order they are put. */
    public void put(MetricName name, double value) {
        metrics.put(name, value);
    }

    /** The metrics so far, by their metrics.json key. */
    public Map<String, Double> metrics() {
        Map<String, Double> byKey = new LinkedHashMap<>();
        metrics.forEach((name, value) -> byKey.put(name.toString(), value));
        return byKey;
    }

    Map<String, List<HistoryRow>> history() {
        return history;
    }

    /**
     * The history of a run that stopped before its end: each phase kept, and the rows the training
     * under way had logged when it stopped (a diverged or cancelled phase), so its curve can be seen.
     */
    Map<String, List<HistoryRow>> historySoFar() {
        Map<String, List<HistoryRow>> out = new LinkedHashMap<>(history);
        logged.forEach((phase, rows) -> out.putIfAbsent(phase, List.copyOf(rows)));
        return out;
    }

    /**
     * Runs one training of {@code network} as phase {@code phase}, keeps its history and saves the
     * model as {@code model/<phase>.sdz}. A divergence leaves the weights it fell back to under
     * {@code checkpoints/}; a cancelled training is saved, then ends the run.
     *
     * @throws RunCancelledException when the listener cancelled the training
     */
    public Trainer.Trained train(String phase, Network network, Supplier<Trainer.Trained> training) {
        return train(phase, network, training, true);
    }

    /**
     * As {@link #train(String, Network, Supplier)}; with {@code keep} false (one of several
     * restarts, not yet chosen) the model and history are kept only if {@link #keep} is called,
     * so a run cancelled then still holds the best model so far.
     */
    public Trainer.Trained train(String phase, Network network, Supplier<Trainer.Trained> training, boolean keep) {
        Trainer.Trained trained;
        logged.remove(phase); // a restart's rows are its own
        try {
            trained = training.get();
        } catch (TrainingDivergedException e) {
            dir.saveCheckpoint(phase + "-step" + e.checkpointStep(), network);
            throw e;
        }
        if (keep) {
            keep(phase, network, trained);
        }
        if (trained.cancelled()) {
            throw new RunCancelledException(phase + " was cancelled at step " + trained.steps() + " of "
                    + trained.totalSteps());
        }
        return trained;
    }

    /** Records {@code trained} as phase {@code phase}'s history and saves the model as {@code model/<phase>.sdz}. */
    public void keep(String phase, Network network, Trainer.Trained trained) {
        history.put(phase, trained.history());
        dir.saveModel(phase, network);
    }

    /** Saves restart {@code k} of a phase whose restarts are averaged; restart 0 is saved by {@link #keep}. */
    public void keepMember(String phase, int k, Network network) {
        dir.saveMember(phase, k, network);
    }

    /** {@code <phase>.train_seconds} and {@code <phase>.steps_per_second}. */
    public void putTrainingMetrics(String phase, Trainer.Trained trained) {
        put(MetricName.trainSeconds(phase), trained.secondsTraining());
        put(MetricName.stepsPerSecond(phase), trained.steps() / trained.secondsTraining());
    }
}
