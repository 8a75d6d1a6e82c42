package dev.kenning.learner.images;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.ProgressListener;
import dev.kenning.engine.TrainingLoop;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains an {@link ImageNetwork} with Adam on the weighted sum of named loss terms of its graph,
 * fed by a {@link Batches} source, through the shared {@link TrainingLoop} (logging, divergence
 * guard with checkpoints, cancelling).
 */
public final class GraphTrainer {

    /** One loss term: its graph variable (a scalar) and weight. */
    public record Term(String name, SDVariable loss, double weight) {
    }

    /** One step's input arrays, by the name of the graph input each fills. */
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
     * @param inputs the graph inputs the batches fill, in a fixed order (fit() takes them positionally)
     */
    public Trained train(String phase, ImageNetwork network, List<Term> terms, List<String> inputs, Batches batches,
                         ProgressListener progress) {
        SameDiff sd = network.graph();
        List<TrainingLoop.Term> weighted = new ArrayList<>();
        for (Term t : terms) {
            weighted.add(new TrainingLoop.Term(t.name(), t.weight(),
                    t.loss().mul(phase + "/" + t.name() + "/weighted", t.weight()).name()));
        }
        sd.setLossVariables(weighted.stream().map(TrainingLoop.Term::weightedVariable).toArray(String[]::new));
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(settings.learningRate()))
                .dataSetFeatureMapping(inputs.toArray(new String[0]))
                .markLabelsUnused()
                .build());
        TrainingLoop.buildGradientsQuietly(sd);

        TrainingLoop.Result r = TrainingLoop.run(phase, sd, weighted,
                new TrainingLoop.Schedule(settings.steps(), settings.logEvery(), settings.checkpointEvery()), step -> {
                    Map<String, INDArray> feed = batches.next(step);
                    INDArray[] features = inputs.stream().map(feed::get).toArray(INDArray[]::new);
                    return new TrainingLoop.Step(feed, new MultiDataSet(features, new INDArray[0]));
                }, progress);
        return new Trained(r.history(), r.secondsTraining(), r.cancelled(), r.steps());
    }
}
