package dev.kenning.learner.images;

import dev.kenning.learner.HistoryRow;
import dev.kenning.learner.ProgressListener;
import dev.kenning.learner.TrainingDivergedException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop of the image tasks: Adam on the weighted sum of named loss terms of an
 * {@link ImageNetwork}'s graph, fed by a {@link Batches} source. Every {@code logEvery} steps
 * one forward pass reports each term (M2.1's fit() computes gradients only) and guards against
 * divergence: a NaN or infinite loss restores the last checkpoint and stops with
 * {@link TrainingDivergedException}. Cancelling (the listener) stops after the current step.
 */
public final class GraphTrainer {

    /** One loss term: its graph variable (a scalar) and weight. */
    public record Term(String name, SDVariable loss, double weight) {
    }

    /** The placeholders of one step, in the order of the trainer's feature and label names. */
    @FunctionalInterface
    public interface Batches {
        Map<String, INDArray> next(int step);
    }

    public record Settings(int steps, double learningRate, int logEvery, int checkpointEvery) {
        public Settings {
            if (steps < 1 || logEvery < 1 || checkpointEvery < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("steps, log_every, checkpoint_every must be >= 1 and the learning rate > 0");
            }
        }
    }

    public record Trained(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps) {
    }

    private final Settings settings;

    public GraphTrainer(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param inputs placeholders the batches fill, in a fixed order (fit() takes them positionally)
     */
    public Trained train(String phase, ImageNetwork network, List<Term> terms, List<String> inputs, Batches batches,
                         ProgressListener progress) {
        SameDiff sd = network.graph();
        List<String> weighted = new ArrayList<>();
        for (Term t : terms) {
            weighted.add(t.loss().mul(phase + "/" + t.name() + "/weighted", t.weight()).name());
        }
        sd.setLossVariables(weighted.toArray(new String[0]));
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(settings.learningRate()))
                .dataSetFeatureMapping(inputs.toArray(new String[0]))
                .markLabelsUnused()
                .build());
        quietly(sd::createGradFunction);

        List<HistoryRow> history = new ArrayList<>();
        Map<String, INDArray> checkpoint = network.snapshot();
        int checkpointStep = 0;
        long start = System.nanoTime();
        long windowStart = start;
        int windowSteps = 0;
        int step = 0;
        boolean cancelled = false;
        while (step < settings.steps()) {
            if (progress.cancelled()) {
                cancelled = true;
                break;
            }
            step++;
            Map<String, INDArray> feed = batches.next(step);
            INDArray[] features = inputs.stream().map(feed::get).toArray(INDArray[]::new);
            sd.fit(new MultiDataSet(features, new INDArray[0]));
            windowSteps++;
            boolean log = step % settings.logEvery() == 0 || step == settings.steps();
            if (log || step % settings.checkpointEvery() == 0) {
                Map<String, INDArray> out = sd.output(feed, weighted);
                Map<String, Double> values = new LinkedHashMap<>();
                double total = 0;
                for (int i = 0; i < terms.size(); i++) {
                    double w = out.get(weighted.get(i)).getDouble(0);
                    total += w;
                    values.put(terms.get(i).name(), terms.get(i).weight() == 0 ? 0 : w / terms.get(i).weight());
                }
                out.values().forEach(INDArray::close);
                if (!Double.isFinite(total)) {
                    feed.values().forEach(INDArray::close);
                    network.restore(checkpoint);
                    checkpoint.values().forEach(INDArray::close);
                    throw new TrainingDivergedException(phase, step, checkpointStep, total);
                }
                if (step % settings.checkpointEvery() == 0) {
                    checkpoint.values().forEach(INDArray::close);
                    checkpoint = network.snapshot();
                    checkpointStep = step;
                }
                if (log) {
                    long now = System.nanoTime();
                    HistoryRow row = new HistoryRow(step, values, total, windowSteps / ((now - windowStart) / 1e9));
                    history.add(row);
                    progress.onLog(phase, row, settings.steps());
                    windowStart = now;
                    windowSteps = 0;
                }
            }
            feed.values().forEach(INDArray::close);
        }
        checkpoint.values().forEach(INDArray::close);
        return new Trained(history, (System.nanoTime() - start) / 1e9, cancelled, step);
    }

    /** ND4J 1.0.0-M2.1 prints one line per op to stdout while it differentiates a graph. */
    private static void quietly(Runnable r) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            r.run();
        } finally {
            System.setOut(out);
        }
    }
}
