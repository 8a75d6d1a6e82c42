package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * The one training loop of every Kenning model: a SameDiff graph whose loss variables are the
 * weighted terms and whose training config is set, trained for a whole phase by ONE call of
 * {@code fit(iterator, 1)}. SameDiff 1.0.0-M2.1 builds a new training session (and with it a new
 * array cache, so every activation and gradient is allocated afresh) on each {@code fit()} call;
 * one call per phase keeps one session and its cache for all the phase's steps.
 *
 * <p>The iterator hands out one {@link Step} at a time and does the work between steps when
 * {@code fit()} asks it whether there is another: every {@code logEvery} steps one forward pass
 * reports each term (M2.1's fit() computes gradients only, never the loss values) and guards
 * against divergence: a NaN or infinite total ends the phase, restores the last in-memory
 * checkpoint of the weights and throws {@link TrainingDivergedException}. Cancelling (the
 * listener) ends the phase after the current step.
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
        Phase steps = new Phase(phase, sd, terms, schedule, next, progress);
        try {
            sd.fit(steps, 1);
        } finally {
            steps.closePending();
        }
        return steps.finish();
    }

    /**
     * A phase's steps as the iterator fit() pulls them from. {@link #hasNext()} first does the
     * work due after the step just taken (once, however often fit() asks), then says whether
     * another step follows. Not asynchronous: fit() would otherwise move it to another thread.
     */
    private static final class Phase implements MultiDataSetIterator {
        private final String phase;
        private final SameDiff sd;
        private final List<Term> terms;
        private final List<String> weighted;
        private final Schedule schedule;
        private final IntFunction<Step> next;
        private final ProgressListener progress;
        private final List<HistoryRow> history = new ArrayList<>();
        private final long start;
        private Map<String, INDArray> checkpoint;
        private int checkpointStep;
        private long windowStart;
        private int windowSteps;
        /** Steps handed out so far; the last one's feed stays open until its checks are done. */
        private int step;
        private int checkedThrough;
        private Map<String, INDArray> pending;
        private boolean cancelled;
        private double divergedTotal = Double.NaN;
        private int divergedStep;

        Phase(String phase, SameDiff sd, List<Term> terms, Schedule schedule, IntFunction<Step> next,
              ProgressListener progress) {
            this.phase = phase;
            this.sd = sd;
            this.terms = terms;
            this.weighted = terms.stream().map(Term::weightedVariable).toList();
            this.schedule = schedule;
            this.next = next;
            this.progress = progress;
            this.checkpoint = Weights.snapshot(sd);
            this.start = System.nanoTime();
            this.windowStart = start;
        }

        @Override
        public boolean hasNext() {
            if (checkedThrough < step) {
                checkedThrough = step;
                afterStep();
            }
            if (divergedStep > 0 || step >= schedule.steps()) {
                return false;
            }
            if (progress.cancelled()) {
                cancelled = true;
                return false;
            }
            return true;
        }

        @Override
        public MultiDataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException(phase + ": no step after " + step);
            }
            step++;
            Step input = next.apply(step);
            pending = input.feed();
            windowSteps++;
            return input.data();
        }

        /** After the update of step {@link #step}: report, guard against divergence, checkpoint. */
        private void afterStep() {
            boolean log = step % schedule.logEvery() == 0 || step == schedule.steps();
            if (log || step % schedule.checkpointEvery() == 0) {
                // one forward pass, after the update, both reports the terms and guards against divergence
                Map<String, INDArray> out = sd.output(pending, weighted);
                Map<String, Double> values = new LinkedHashMap<>();
                double total = 0;
                for (Term t : terms) {
                    double w = out.get(t.weightedVariable()).getDouble(0);
                    total += w;
                    values.put(t.name(), t.weight() == 0 ? 0 : w / t.weight());
                }
                out.values().forEach(INDArray::close);
                if (!Double.isFinite(total)) {
                    divergedStep = step;
                    divergedTotal = total;
                } else {
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
            }
            closePending();
        }

        void closePending() {
            if (pending != null) {
                pending.values().forEach(INDArray::close);
                pending = null;
            }
        }

        /** After fit() returned: the phase's result, or the divergence with the last good weights restored. */
        Result finish() {
            if (divergedStep > 0) {
                Weights.restore(sd, checkpoint);
            }
            checkpoint.values().forEach(INDArray::close);
            if (divergedStep > 0) {
                throw new TrainingDivergedException(phase, divergedStep, checkpointStep, divergedTotal);
            }
            return new Result(history, (System.nanoTime() - start) / 1e9, cancelled, step);
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException("a phase hands out one step at a time");
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("a phase's steps are not preprocessed");
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a phase runs once");
        }
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
