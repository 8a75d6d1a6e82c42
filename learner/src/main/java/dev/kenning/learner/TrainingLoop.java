package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The one training loop of every Kenning model: {@code fit()} on a SameDiff graph whose loss
 * variables are the weighted terms and whose training config is set. Every {@code logEvery}
 * steps one forward pass reports each term (M2.1's fit() computes gradients only, never the loss
 * values) and guards against divergence: a NaN or infinite total restores the last in-memory
 * checkpoint of the weights and stops with {@link TrainingDivergedException}. Cancelling (the
 * listener) stops after the current step.
 *
 * <p>M2.1's {@code fit()} builds a new training session on every call. Driving one session
 * across a phase was tried (2026-11): no faster within the machine's noise, and the session's
 * array cache, kept across steps, made resident memory climb ~8 MB per 1000 steps (README,
 * Benchmarks). {@code TrainingLoopTest} holds any new way of stepping to fit()'s weights.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /** One loss term: its name, weight and the graph variable holding its weighted value. */
    public record Term(String name, double weight, String weightedVariable) {
    }

    /** How long, how often to log, how often to checkpoint. */
    public record Schedule(int steps, int logEvery, int checkpointEvery) {
    }

    /**
     * One step's input: its arrays by graph variable name (for the reporting pass) and the same
     * arrays as fit() takes them, in the training config's order.
     */
    public record Step(Map<String, INDArray> feed, MultiDataSet data) {
    }

    public record Result(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps) {
    }

    public static Result run(String phase, SameDiff sd, List<Term> terms, Schedule schedule, IntFunction<Step> next,
                             ProgressListener progress) {
        List<String> weighted = terms.stream().map(Term::weightedVariable).toList();
        List<HistoryRow> history = new ArrayList<>();
        Map<String, INDArray> checkpoint = Weights.snapshot(sd);
        int checkpointStep = 0;
        long start = System.nanoTime();
        long windowStart = start;
        int windowSteps = 0;
        int step = 0;
        boolean cancelled = false;
        while (step < schedule.steps()) {
            if (progress.cancelled()) {
                cancelled = true;
                break;
            }
            step++;
            Step input = next.apply(step);
            Map<String, INDArray> feed = input.feed();
            sd.fit(input.data());
            windowSteps++;
            boolean log = step % schedule.logEvery() == 0 || step == schedule.steps();
            if (log || step % schedule.checkpointEvery() == 0) {
                // one forward pass, after the update, both reports the terms and guards against divergence
                Map<String, INDArray> out = sd.output(feed, weighted);
                Map<String, Double> values = new LinkedHashMap<>();
                double total = 0;
                for (Term t : terms) {
                    double w = out.get(t.weightedVariable()).getDouble(0);
                    total += w;
                    values.put(t.name(), t.weight() == 0 ? 0 : w / t.weight());
                }
                out.values().forEach(INDArray::close);
                if (!Double.isFinite(total)) {
                    feed.values().forEach(INDArray::close);
                    Weights.restore(sd, checkpoint);
                    checkpoint.values().forEach(INDArray::close);
                    throw new TrainingDivergedException(phase, step, checkpointStep, total);
                }
                if (step % schedule.checkpointEvery() == 0) {
                    checkpoint.values().forEach(INDArray::close);
                    checkpoint = Weights.snapshot(sd);
                    checkpointStep = step;
                }
                if (log) {
                    long now = System.nanoTime();
                    HistoryRow row = new HistoryRow(step, values, total, windowSteps / ((now - windowStart) / 1e9));
                    history.add(row);
                    progress.onLog(phase, row, schedule.steps());
                    windowStart = now;
                    windowSteps = 0;
                }
            }
            feed.values().forEach(INDArray::close);
        }
        checkpoint.values().forEach(INDArray::close);
        return new Result(history, (System.nanoTime() - start) / 1e9, cancelled, step);
    }

    /** Builds the gradient graph; ND4J 1.0.0-M2.1 prints one line per op to stdout while it does. */
    public static void buildGradientsQuietly(SameDiff sd) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }
}
