package dev.kenning.learner;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.Video;
import dev.kenning.engine.TrainingLoop;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link SequenceRegressor} on batches of whole sequences with Adam. The model's
 * per-frame output is reshaped to [sequences, frames] and every {@link LossTerm} is added
 * weighted, as its own SameDiff loss variable, so each term is reported per step. Truth is
 * fed only when a term needs it: a label-free run never passes the true values to the graph.
 */
public final class SequenceTrainer {
    public static final String TRUTH = "truth";
    private final TrainSettings settings;

    public SequenceTrainer(TrainSettings settings) {
        this.settings = settings;
    }

    /**
     * The result: the trained model and the logged history. {@code secondsWaitingForData} is the
     * part of {@code secondsTraining} the steps spent waiting for the batch prefetcher.
     */
    public record Trained(SequenceRegressor model, List<HistoryRow> history, double secondsTraining,
                          boolean cancelled, double secondsWaitingForData) {
    }

    /** Batches assembled ahead of the step that takes them (BatchPrefetcher). */
    private static final int BATCHES_AHEAD = 2;

    public Trained train(String phase, SequenceRegressor model, List<Video> train, List<LossTerm> terms,
                         ProgressListener progress) {
        if (train.size() < settings.batchSequences()) {
            throw new IllegalArgumentException(phase + ": " + train.size() + " training sequences, fewer than the batch of "
                    + settings.batchSequences());
        }
        int frames = train.get(0).frames();
        SameDiff sd = model.graph();
        boolean needsTruth = terms.stream().anyMatch(LossTerm::needsTruth);
        List<String> lossNames = attach(model, frames, terms, "term");
        sd.setLossVariables(lossNames.toArray(new String[0]));
        TrainingConfig.Builder config = new TrainingConfig.Builder()
                .updater(new Adam(settings.learningRate()))
                .dataSetFeatureMapping(SequenceRegressor.INPUT);
        if (needsTruth) {
            config.dataSetLabelMapping(TRUTH);
        } else {
            config.markLabelsUnused();
        }
        sd.setTrainingConfig(config.build());

        TrainingLoop.buildGradientsQuietly(sd);
        try (BatchPrefetcher batches = new BatchPrefetcher(model, train, settings.batchSequences(), needsTruth,
                settings.seed() ^ 0x5DEECE66DL, settings.steps(), BATCHES_AHEAD)) {
            return train(phase, model, terms, lossNames, needsTruth, batches, progress);
        }
    }

    private Trained train(String phase, SequenceRegressor model, List<LossTerm> terms, List<String> lossNames,
                          boolean needsTruth, BatchPrefetcher batches, ProgressListener progress) {
        List<TrainingLoop.Term> weighted = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            weighted.add(new TrainingLoop.Term(terms.get(i).name(), terms.get(i).weight(), lossNames.get(i)));
        }
        TrainingLoop.Result r = TrainingLoop.run(phase, model.graph(), weighted,
                new TrainingLoop.Schedule(settings.steps(), settings.logEvery(), settings.checkpointEvery()), step -> {
                    BatchPrefetcher.Batch batch = batches.next();
                    Map<String, INDArray> feed = new HashMap<>();
                    feed.put(SequenceRegressor.INPUT, batch.frames());
                    if (needsTruth) {
                        feed.put(TRUTH, batch.truth());
                    }
                    INDArray[] labels = needsTruth ? new INDArray[]{batch.truth()} : new INDArray[0];
                    return new TrainingLoop.Step(feed, new MultiDataSet(new INDArray[]{batch.frames()}, labels));
                }, progress);
        return new Trained(model, r.history(), r.secondsTraining(), r.cancelled(), batches.secondsWaiting());
    }

    /**
     * Adds the weighted terms to the model's graph under {@code scope} and returns their names.
     * The model's output is reshaped to [sequences, frames] first; truth, if a term needs it, is
     * the placeholder {@value #TRUTH}.
     */
    private static List<String> attach(SequenceRegressor model, int frames, List<LossTerm> terms, String scope) {
        SameDiff sd = model.graph();
        SDVariable seq = sd.getVariable(model.output()).reshape(-1, frames);
        Map<String, SDVariable> outputs = Map.of(model.output(), seq);
        boolean needsTruth = terms.stream().anyMatch(LossTerm::needsTruth);
        SDVariable truth = null;
        if (needsTruth) {
            truth = sd.hasVariable(TRUTH) ? sd.getVariable(TRUTH) : sd.placeHolder(TRUTH, DataType.FLOAT, -1, frames);
        }
        List<String> names = new ArrayList<>();
        for (LossTerm term : terms) {
            String prefix = scope + "/" + term.name();
            SDVariable raw = term.builder().build(sd, outputs, truth, frames, prefix);
            names.add(raw.mul(prefix + "/weighted", term.weight()).name());
        }
        return names;
    }

    /**
     * Each term's unweighted value for the model as it is, on one batch, without training:
     * how a researcher checks what a change of knowledge does to the loss.
     */
    public static Map<String, Double> measure(SequenceRegressor model, List<Video> batch, List<LossTerm> terms) {
        String scope = "measure" + model.graph().variables().size();
        List<String> names = attach(model, batch.get(0).frames(), terms, scope);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(SequenceRegressor.INPUT, model.batch(batch));
        if (terms.stream().anyMatch(LossTerm::needsTruth)) {
            feed.put(TRUTH, truthOf(batch));
        }
        Map<String, INDArray> out = model.graph().output(feed, names);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            LossTerm t = terms.get(i);
            double w = out.get(names.get(i)).getDouble(0);
            values.put(t.name(), t.weight() == 0 ? 0 : w / t.weight());
        }
        feed.values().forEach(INDArray::close);
        return values;
    }

    static INDArray truthOf(List<Video> batch) {
        int frames = batch.get(0).frames();
        float[] t = new float[batch.size() * frames];
        for (int i = 0; i < batch.size(); i++) {
            for (int f = 0; f < frames; f++) {
                t[i * frames + f] = (float) batch.get(i).truth()[f];
            }
        }
        return Nd4j.create(t, new long[]{batch.size(), frames}, 'c');
    }
}
