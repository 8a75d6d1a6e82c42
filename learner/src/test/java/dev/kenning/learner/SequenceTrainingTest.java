package dev.kenning.learner;

import dev.kenning.constraints.FreeFallConstraint;
import dev.kenning.constraints.RangeTerm;
import dev.kenning.core.ProgressListener;
import dev.kenning.core.TrainingDivergedException;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.engine.Checkpoints;
import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceTrainingTest {
    private static final FreeFallVideoConfig CONFIG = new FreeFallVideoConfig(8, 12, 16, 16, 3.0, 9.81);
    private static List<Video> videos;

    @BeforeAll
    static void data() {
        NativeBackend.select();
        videos = new FreeFallVideoGenerator(CONFIG).generate(3, 0, 16);
    }

    private static SequenceRegressor model(long seed) {
        return SequenceRegressor.create(new ModelSpec(List.of(8, 8), 16, "height", 1.5), 3, 16, 16, seed);
    }

    private static Trainer trainer(int steps, double learningRate, int logEvery, int checkpointEvery) {
        return new Trainer(new Trainer.Settings(steps, learningRate, logEvery, checkpointEvery));
    }

    private static List<LossTerm> freeFall(double g) {
        return List.of(LossTerm.of("free-fall", 1.0, new FreeFallConstraint("height", g, 1 / CONFIG.fps()), true),
                LossTerm.of("range", 0.1, new RangeTerm("height", 0, 3), false));
    }

    @Test
    void labelFreeTrainingLowersTheLawsResidual() {
        SequenceRegressor m = model(1);
        double before = SequenceTraining.measure(model(1), videos, freeFall(9.81)).get("free-fall");
        Trainer.Trained t = SequenceTraining.train(trainer(60, 3e-3, 20, 20), "label_free", m, videos, freeFall(9.81),
                4, 1, ProgressListener.NONE);
        assertEquals(3, t.history().size());
        double after = t.history().get(t.history().size() - 1).terms().get("free-fall");
        assertTrue(after < 0.7 * before, "free-fall residual should drop: " + before + " -> " + after);
    }

    /**
     * Early stopping measures the held-out windows' weighted loss, or with the laws named, the laws'
     * weighted loss per unit of the predictions' mean spread per window (the range term left out).
     */
    @Test
    void earlyStoppingMeasuresTheLossOrTheLawsLossPerSpread() {
        assertEquals(0.5, SequenceTraining.meanWindowStd(new double[][]{{1, 3}, {2, 2}}), 1e-12);
        List<Video> train = videos.subList(0, 12);
        List<Video> held = videos.subList(12, 16);
        List<LossTerm> terms = List.of(LossTerm.of("free-fall", 2.0, new FreeFallConstraint("height", 9.81, 1 / CONFIG.fps()), true),
                LossTerm.of("range", 0.1, new RangeTerm("height", 0, 3), false));
        for (java.util.Set<String> laws : java.util.Arrays.asList(null, java.util.Set.of("free-fall"))) {
            SequenceRegressor m = model(3);
            // one measurement, at the last step: the model ends as it was measured
            Trainer.Trained t = SequenceTraining.train(trainer(6, 1e-2, 6, 6), "label_free", m, train, terms, 4, 3,
                    Augmentation.NONE, new SequenceTraining.EarlyStopping(6, 0, held, laws, null), ProgressListener.NONE);
            assertEquals(1, t.validation().size());
            SequenceTraining.Loss loss = SequenceTraining.loss(m, held, terms, 4);
            double spread = SequenceTraining.meanWindowStd(m.predict(held));
            assertTrue(spread > 0 && loss.terms().get("range") >= 0);
            double expected = laws == null ? loss.weighted() : 2.0 * loss.terms().get("free-fall") / spread;
            assertEquals(expected, t.validation().get(0).loss(), 1e-5 * expected, String.valueOf(laws));
        }
    }

    @Test
    void sameSeedSamePredictions() {
        SequenceRegressor a = model(7);
        SequenceRegressor b = model(7);
        SequenceTraining.train(trainer(5, 1e-3, 5, 5), "a", a, videos, freeFall(9.81), 4, 7, ProgressListener.NONE);
        SequenceTraining.train(trainer(5, 1e-3, 5, 5), "b", b, videos, freeFall(9.81), 4, 7, ProgressListener.NONE);
        double[][] pa = a.predict(videos.subList(0, 2));
        double[][] pb = b.predict(videos.subList(0, 2));
        for (int i = 0; i < pa.length; i++) {
            assertArrayEquals(pa[i], pb[i], 1e-5);
        }
    }

    /**
     * A decaying schedule scales each Adam update by its step's share of the rate: over 2 steps the
     * linear schedule's second update is half the constant rate's, from the same weights and state.
     */
    @Test
    void aLearningRateScheduleScalesEachStepsUpdate() {
        assertEquals(1.0, LearningRateSchedule.COSINE.factor(0, 10), 1e-12);
        assertEquals(0.5, LearningRateSchedule.COSINE.factor(5, 10), 1e-12);
        assertEquals(0.0, LearningRateSchedule.LINEAR.factor(10, 10), 1e-12);
        assertEquals(0.7, LearningRateSchedule.LINEAR.factor(3, 10), 1e-12);
        assertEquals(1.0, LearningRateSchedule.CONSTANT.factor(9, 10), 1e-12);
        Map<String, INDArray> one = trainedWeights(1, LearningRateSchedule.CONSTANT);
        Map<String, INDArray> constant = trainedWeights(2, LearningRateSchedule.CONSTANT);
        Map<String, INDArray> linear = trainedWeights(2, LearningRateSchedule.LINEAR);
        double moved = 0;
        for (String name : one.keySet()) {
            INDArray full = constant.get(name).sub(one.get(name));
            INDArray half = linear.get(name).sub(one.get(name));
            assertTrue(half.sub(full.mul(0.5)).amaxNumber().doubleValue() <= 1e-5 + 1e-3 * full.amaxNumber().doubleValue(),
                    name + ": the second step moved by " + half + ", not half of " + full);
            moved += full.norm2Number().doubleValue();
        }
        assertTrue(moved > 1e-4, "the second step moved the weights: " + moved);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.of("step"));
        assertTrue(e.getMessage().contains("[constant, linear, cosine]"), e.getMessage());
    }

    private static Map<String, INDArray> trainedWeights(int steps, LearningRateSchedule schedule) {
        SequenceRegressor m = model(11);
        SequenceTraining.train(new Trainer(new Trainer.Settings(steps, 1e-3, 1, 100, 0, schedule)), "label_free", m, videos,
                freeFall(9.81), 4, 11, ProgressListener.NONE);
        return Checkpoints.snapshot(m.graph());
    }

    /** The model reads one frame at a time: sequences of any lengths, one longer than a chunk, predict as alone. */
    @Test
    void sequencesOfAnyLengthPredictAsTheyWouldAlone() {
        SequenceRegressor m = model(5);
        List<Video> mixed = List.of(videos.get(0).slice(0, 3), joined(700), videos.get(1).slice(1, 8));
        double[][] together = m.predict(mixed);
        for (int i = 0; i < mixed.size(); i++) {
            assertEquals(mixed.get(i).frames(), together[i].length);
            assertArrayEquals(m.predict(List.of(mixed.get(i)))[0], together[i], 1e-5, "sequence " + i);
        }
    }

    /** {@code frames} frames taken in turn from the test videos: a sequence longer than a prediction chunk. */
    private static Video joined(int frames) {
        int size = videos.get(0).frameSize();
        float[] pixels = new float[frames * size];
        double[] truth = new double[frames];
        for (int f = 0; f < frames; f++) {
            Video v = videos.get((f / 8) % videos.size());
            System.arraycopy(v.pixels(), (f % 8) * size, pixels, f * size, size);
            truth[f] = v.truth()[f % 8];
        }
        return new Video("joined", frames, 3, 16, 16, pixels, truth);
    }

    @Test
    void gravityInTheConstraintChangesTheLoss() {
        double earth = SequenceTraining.measure(model(2), videos.subList(0, 4), freeFall(9.81)).get("free-fall");
        double moon = SequenceTraining.measure(model(2), videos.subList(0, 4), freeFall(1.62)).get("free-fall");
        assertNotEquals(earth, moon, 1e-4);
    }

    @Test
    void divergenceStopsAndRestoresTheLastGoodWeights() {
        SequenceRegressor m = model(4);
        Map<String, INDArray> initial = Checkpoints.snapshot(m.graph());
        // log of a negative number: finite gradient, NaN value, so the first check must catch it.
        LossTerm poison = new LossTerm("poison", 1.0, false,
                (sd, outputs, truth, frames, steps, prefix) -> sd.math().log(outputs.get("height").sub(1e6)).mean(prefix + "/loss"));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                SequenceTraining.train(trainer(10, 1e-2, 1, 1), "label_free", m, videos, List.of(poison), 4, 4,
                        ProgressListener.NONE));
        assertEquals(1, e.step());
        assertEquals(0, e.checkpointStep());
        assertTrue(e.getMessage().contains("diverged at step 1"), e.getMessage());
        Map<String, INDArray> after = Checkpoints.snapshot(m.graph());
        initial.forEach((name, arr) -> assertEquals(arr, after.get(name), name + " not restored"));
    }

    @Test
    void pearsonIsScaleAndOffsetFree() {
        double[] a = {1, 2, 3, 5};
        double[] b = {10, 12, 14, 18};
        assertEquals(1.0, Correlation.pearson(a, b), 1e-12);
        assertEquals(-1.0, Correlation.pearson(a, new double[]{-1, -2, -3, -5}), 1e-12);
        assertEquals(0.0, Correlation.pearson(a, new double[]{2, 2, 2, 2}));
    }
}
