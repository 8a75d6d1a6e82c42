package dev.kenning.learner;

import dev.kenning.constraints.FrameSteps;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.Video;
import dev.kenning.engine.TrainingLoop;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@link Trainer} trains a {@link SequenceRegressor}: on batches of whole sequences,
 * assembled ahead of the step by a {@link BatchPrefetcher}, with the model's per-frame output
 * reshaped to [sequences, frames] for every {@link LossTerm}. Truth is fed only when a term
 * needs it: a label-free run never passes the true values to the graph.
 */
public final class SequenceTraining {
    public static final String TRUTH = "truth";
    /** The graph's name scope of the terms. */
    private static final String SCOPE = "term";
    /** Batches assembled ahead of the step that takes them. */
    private static final int BATCHES_AHEAD = 2;

    private SequenceTraining() {
    }

    /**
     * Trains {@code model} on batches of {@code batchSequences} sequences of {@code train}, drawn with
     * {@code seed}.
     */
    public static Trainer.Trained train(Trainer trainer, String phase, SequenceRegressor model, List<Video> train,
                                        List<LossTerm> terms, int batchSequences, long seed, ProgressListener progress) {
        return train(trainer, phase, model, train, terms, batchSequences, seed, Augmentation.NONE, null, progress);
    }

    /**
     * Early stopping on the weighted loss of {@code heldOut} windows, which training never sees: no
     * labels, only the terms themselves. Measured every {@code every} steps; training stops after
     * {@code patience} measurements without improvement (0: runs to the end) and keeps the best
     * weights. {@code observer} hears each measured step while the model is as it was then (to
     * draw the curve beside a labelled score, which does not steer anything). With {@code laws}
     * (the names of the law terms; null for the weighted loss) the criterion is their weighted loss
     * divided by the predictions' mean spread per window ({@link #meanWindowStd}): a law's residual
     * shrinks with the output's scale, so the weighted loss can prefer a model that moves less,
     * which this ratio does not.
     */
    public record EarlyStopping(int every, int patience, List<Video> heldOut, java.util.Set<String> laws,
                                java.util.function.IntConsumer observer) {
        public EarlyStopping {
            if (every < 1 || patience < 0 || heldOut.isEmpty()) {
                throw new IllegalArgumentException("early stopping needs every >= 1, patience >= 0 and held-out windows");
            }
            if (laws != null && laws.isEmpty()) {
                throw new IllegalArgumentException("the law per spread criterion needs at least one law term");
            }
            laws = laws == null ? null : java.util.Set.copyOf(laws);
        }
    }

    /**
     * As above, each training window changed by {@code augmentation} (its own draw per window and
     * step) and with early stopping (null for none).
     */
    public static Trainer.Trained train(Trainer trainer, String phase, SequenceRegressor model, List<Video> train,
                                        List<LossTerm> terms, int batchSequences, long seed, Augmentation augmentation,
                                        EarlyStopping stopping, ProgressListener progress) {
        if (batchSequences < 1) {
            throw new IllegalArgumentException("batch must be >= 1 sequence, got " + batchSequences);
        }
        if (train.size() < batchSequences) {
            throw new IllegalArgumentException(phase + ": " + train.size() + " training sequences, fewer than the batch of "
                    + batchSequences);
        }
        boolean needsTruth = terms.stream().anyMatch(LossTerm::needsTruth);
        List<Video> seen = stopping == null ? train
                : java.util.stream.Stream.concat(train.stream(), stopping.heldOut().stream()).toList();
        Attached graphTerms = attach(model, seen, terms, SCOPE);
        List<String> features = graphTerms.stepInput() == null ? List.of(SequenceRegressor.INPUT)
                : List.of(SequenceRegressor.INPUT, graphTerms.stepInput());
        Trainer.Inputs inputs = new Trainer.Inputs(features, needsTruth ? List.of(TRUTH) : List.of());
        BatchPlan plan = BatchPlan.forTraining(seed, train.size(), batchSequences, augmentation, model.width());
        try (BatchPrefetcher batches = new BatchPrefetcher(model, train, plan, needsTruth,
                graphTerms.stepInput() == null ? null : graphTerms.steps(), trainer.settings().steps(), BATCHES_AHEAD)) {
            return trainer.train(phase, SCOPE, model, graphTerms.terms(), inputs, new Trainer.Batches() {
                @Override
                public Map<String, INDArray> next(int step) {
                    BatchPrefetcher.Batch batch = batches.next();
                    Map<String, INDArray> feed = new HashMap<>();
                    feed.put(SequenceRegressor.INPUT, batch.frames());
                    if (needsTruth) {
                        feed.put(TRUTH, batch.truth());
                    }
                    if (graphTerms.stepInput() != null) {
                        feed.put(graphTerms.stepInput(), batch.steps());
                    }
                    return feed;
                }

                @Override
                public double secondsWaiting() {
                    return batches.secondsWaiting();
                }
            }, stopping == null ? null : validation(model, graphTerms, stopping, batchSequences), progress);
        }
    }

    private static TrainingLoop.Validation validation(SequenceRegressor model, Attached terms,
                                                      EarlyStopping stopping, int batchSequences) {
        return new TrainingLoop.Validation() {
            @Override
            public int every() {
                return stopping.every();
            }

            @Override
            public int patience() {
                return stopping.patience();
            }

            @Override
            public double loss(int step) {
                double[] perTerm = new double[terms.terms().size()];
                double loss = attachedLoss(model, terms, stopping.heldOut(), batchSequences, false, perTerm);
                if (stopping.laws() != null) {
                    double law = 0;
                    for (int i = 0; i < perTerm.length; i++) {
                        Trainer.Term t = terms.terms().get(i);
                        if (stopping.laws().contains(t.name())) {
                            law += t.weight() * perTerm[i];
                        }
                    }
                    double spread = meanWindowStd(model.predict(stopping.heldOut()));
                    loss = spread > 0 ? law / spread : Double.POSITIVE_INFINITY;
                }
                if (stopping.observer() != null) {
                    stopping.observer().accept(step);
                }
                return loss;
            }
        };
    }

    /**
     * The weighted loss of {@code windows} under the attached {@code terms}, averaged over chunks of
     * {@code chunkSequences} (training's batch size, so a pooled term sees what it sees in training);
     * each term's unweighted mean goes to {@code perTerm} if given. The truth is fed if
     * {@code withTruth}.
     */
    private static double attachedLoss(SequenceRegressor model, Attached attached, List<Video> windows,
                                       int chunkSequences, boolean withTruth, double[] perTerm) {
        List<Trainer.Term> terms = attached.terms();
        List<String> names = terms.stream().map(t -> t.loss().name()).toList();
        double total = 0;
        int chunks = 0;
        for (int from = 0; from < windows.size(); from += chunkSequences) {
            List<Video> chunk = windows.subList(from, Math.min(windows.size(), from + chunkSequences));
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(SequenceRegressor.INPUT, model.batch(chunk));
            if (withTruth) {
                feed.put(TRUTH, truthOf(chunk));
            }
            if (attached.stepInput() != null) {
                feed.put(attached.stepInput(), stepChoice(chunk, attached.steps()));
            }
            Map<String, INDArray> out = model.graph().output(feed, names);
            for (int i = 0; i < terms.size(); i++) {
                double v = out.get(names.get(i)).getDouble(0);
                total += terms.get(i).weight() * v;
                if (perTerm != null) {
                    perTerm[i] += v;
                }
            }
            out.values().forEach(INDArray::close);
            feed.values().forEach(INDArray::close);
            chunks++;
        }
        if (perTerm != null) {
            for (int i = 0; i < perTerm.length; i++) {
                perTerm[i] /= chunks;
            }
        }
        return total / chunks;
    }

    /** The mean over windows of the standard deviation of a window's predictions: how much the output moves. */
    public static double meanWindowStd(double[][] predictions) {
        double sum = 0;
        for (double[] p : predictions) {
            double mean = 0;
            for (double v : p) {
                mean += v / p.length;
            }
            double squares = 0;
            for (double v : p) {
                squares += (v - mean) * (v - mean);
            }
            sum += Math.sqrt(squares / p.length);
        }
        return sum / predictions.length;
    }

    /** A model's label-free loss on some windows: the weighted total and each term's unweighted value. */
    public record Loss(double weighted, Map<String, Double> terms) {
    }

    /**
     * The weighted loss of {@code windows} for the model as it is, computed as early stopping
     * computes its held-out loss (label-free {@code terms} only: no truth is fed): how one of
     * several label-free restarts is chosen.
     */
    public static Loss loss(SequenceRegressor model, List<Video> windows, List<LossTerm> terms, int batchSequences) {
        if (terms.stream().anyMatch(LossTerm::needsTruth)) {
            throw new IllegalArgumentException("a label-free criterion cannot use a term that needs the truth");
        }
        return measured(model, windows, terms, batchSequences);
    }

    /** The terms attached under a scope of their own and measured on {@code windows} in chunks. */
    private static Loss measured(SequenceRegressor model, List<Video> windows, List<LossTerm> terms, int chunkSequences) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to measure the loss on");
        }
        String scope = "measure" + model.graph().variables().size();
        double[] perTerm = new double[terms.size()];
        double weighted = attachedLoss(model, attach(model, windows, terms, scope), windows,
                chunkSequences, terms.stream().anyMatch(LossTerm::needsTruth), perTerm);
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            byName.put(terms.get(i).name(), perTerm[i]);
        }
        return new Loss(weighted, byName);
    }

    /**
     * Terms attached to a model's graph, and the frame steps of the windows they are measured on:
     * when there are several and a term reads them, {@code stepInput} names the graph input saying
     * which window takes which ({@link #stepChoice}); null otherwise.
     */
    private record Attached(List<Trainer.Term> terms, int[] steps, String stepInput) {
    }

    /**
     * Adds the unweighted terms to the model's graph under {@code scope/name}, for {@code windows}
     * (all of one length; their frame steps are what a law's term follows), and returns them. The
     * model's output is reshaped to [sequences, frames] first; truth, if a term needs it, is the
     * graph input {@value #TRUTH}.
     */
    private static Attached attach(SequenceRegressor model, List<Video> windows, List<LossTerm> terms, String scope) {
        SameDiff sd = model.graph();
        int frames = windows.get(0).frames();
        SDVariable seq = sd.getVariable(model.output()).reshape(-1, frames);
        Map<String, SDVariable> outputs = Map.of(model.output(), seq);
        boolean needsTruth = terms.stream().anyMatch(LossTerm::needsTruth);
        SDVariable truth = null;
        if (needsTruth) {
            truth = sd.hasVariable(TRUTH) ? sd.getVariable(TRUTH) : sd.placeHolder(TRUTH, DataType.FLOAT, -1, frames);
        }
        int[] steps = windows.stream().mapToInt(Video::step).distinct().sorted().toArray();
        FrameSteps oneStep = FrameSteps.one(steps[steps.length - 1]);
        // an input saying which window takes which step only when the windows take several and a term reads them
        boolean read = steps.length > 1 && terms.stream().anyMatch(LossTerm::readsFrameSteps);
        String stepInput = read ? scope + "/frame_step" : null;
        FrameSteps eachWindows = stepInput == null ? oneStep
                : new FrameSteps(steps, sd.placeHolder(stepInput, DataType.FLOAT, -1, steps.length));
        List<Trainer.Term> attached = new ArrayList<>();
        for (LossTerm term : terms) {
            SDVariable raw = term.builder().build(sd, outputs, truth, frames, term.readsFrameSteps() ? eachWindows : oneStep,
                    scope + "/" + term.name());
            attached.add(new Trainer.Term(term.name(), raw, term.weight()));
        }
        return new Attached(attached, steps, stepInput);
    }

    /** [windows, steps]: a 1 in the column of each window's frame step among {@code steps}. */
    static INDArray stepChoice(List<Video> windows, int[] steps) {
        float[] choice = new float[windows.size() * steps.length];
        for (int i = 0; i < windows.size(); i++) {
            int k = java.util.Arrays.binarySearch(steps, windows.get(i).step());
            if (k < 0) {
                throw new IllegalArgumentException("window " + windows.get(i).id() + " takes every " + windows.get(i).step()
                        + "th frame, not one of the steps the terms were built for: " + java.util.Arrays.toString(steps));
            }
            choice[i * steps.length + k] = 1;
        }
        return Nd4j.create(choice, new long[]{windows.size(), steps.length}, 'c');
    }

    /**
     * Each term's unweighted value for the model as it is, on one batch, without training:
     * how a researcher checks what a change of knowledge does to the loss.
     */
    public static Map<String, Double> measure(SequenceRegressor model, List<Video> batch, List<LossTerm> terms) {
        return measured(model, batch, terms, batch.size()).terms();
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
