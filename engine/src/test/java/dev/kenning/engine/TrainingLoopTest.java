package dev.kenning.engine;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.ProgressListener;
import dev.kenning.core.TrainingDivergedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a phase of {@link TrainingLoop} does: the weights of plain {@code fit()} calls, one per
 * step (Adam's step count and moments included, across phases too: the guard for any other way
 * of driving the steps), its log rows, cancelling between steps, and every step's input closed
 * once used.
 */
class TrainingLoopTest {
    private static final int IN = 6;
    private static final int BATCH = 5;

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    /** A small two-layer regression whose loss is a weighted sum of two terms, trained with Adam. */
    private static SameDiff graph() {
        SplittableRandom rnd = new SplittableRandom(11);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, IN);
        SDVariable w1 = sd.var("w1", he(rnd, IN, IN, 8));
        SDVariable w2 = sd.var("w2", he(rnd, 8, 8, 1));
        SDVariable h = sd.nn().relu(x.mmul(w1), 0);
        SDVariable y = h.mmul(w2);
        SDVariable target = x.sum(true, 1);
        y.sub(target).pow(2).mean().mul("fit/weighted", 1.0);
        y.mean().pow(2).mul("centre/weighted", 0.5);
        sd.setLossVariables("fit/weighted", "centre/weighted");
        sd.setTrainingConfig(new TrainingConfig.Builder().updater(new Adam(1e-2)).dataSetFeatureMapping("x")
                .markLabelsUnused().build());
        TrainingLoop.buildGradientsQuietly(sd);
        return sd;
    }

    /** He-normal weights drawn from {@code rnd}, as the learner's models draw theirs. */
    private static INDArray he(SplittableRandom rnd, int fanIn, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < v.length; i++) {
            double u = Math.max(rnd.nextDouble(), 1e-12);
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static INDArray batch(int step) {
        SplittableRandom rnd = new SplittableRandom(100 + step);
        float[] v = new float[BATCH * IN];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Nd4j.create(v, new long[]{BATCH, IN}, 'c');
    }

    private static final List<TrainingLoop.Term> TERMS = List.of(new TrainingLoop.Term("fit", 1.0, "fit/weighted"),
            new TrainingLoop.Term("centre", 0.5, "centre/weighted"));

    private static TrainingLoop.Step step(int step, List<INDArray> made) {
        INDArray x = batch(step);
        made.add(x);
        return new TrainingLoop.Step(Map.of("x", x), new MultiDataSet(new INDArray[]{x}, new INDArray[0]));
    }

    @Test
    void listenersHearEachIterationStartAndEndOnceAsFromFit() {
        int[] fit = count(sd -> {
            for (int s = 1; s <= 3; s++) {
                sd.fit(new MultiDataSet(new INDArray[]{batch(s)}, new INDArray[0]));
            }
        });
        int[] loop = count(sd -> TrainingLoop.run("test", sd, TERMS, new TrainingLoop.Schedule(3, 3, 3),
                s -> step(s, new ArrayList<>()), ProgressListener.NONE));
        assertArrayEquals(new int[]{3, 3}, fit, "fit() in ND4J 1.0.0-M2.1");
        assertArrayEquals(fit, loop);
    }

    /** How often a listener hears iterationStart and iterationDone while {@code training} runs. */
    private static int[] count(Consumer<SameDiff> training) {
        int[] heard = new int[2];
        SameDiff sd = graph();
        sd.addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return operation == Operation.TRAINING;
            }

            @Override
            public void iterationStart(SameDiff s, At at,
                                       org.nd4j.linalg.dataset.api.MultiDataSet data, long etlMs) {
                heard[0]++;
            }

            @Override
            public void iterationDone(SameDiff s, At at,
                                      org.nd4j.linalg.dataset.api.MultiDataSet data, Loss loss) {
                heard[1]++;
            }
        });
        training.accept(sd);
        return heard;
    }

    @Test
    void fixedVariablesAreThoseNothingTrainableFeeds() {
        SameDiff sd = graph();
        Set<String> fixed = TrainingLoop.fixedVariables(sd.getFunction("grad"));
        String target = sd.getOps().values().stream().filter(o -> o.getOp().opName().equals("reduce_sum"))
                .findFirst().orElseThrow().getOutputsOfOp().get(0);
        assertTrue(fixed.contains("x"));
        assertTrue(fixed.contains(target), "the sum of x is computed from x only");
        for (String trained : List.of("w1", "w2", "fit/weighted", "centre/weighted")) {
            assertFalse(fixed.contains(trained), trained);
        }
    }

    @Test
    void aPhaseGivesTheWeightsOfOneFitCallPerStep() {
        int steps = 25;
        SameDiff perStep = graph();
        for (int s = 1; s <= steps; s++) {
            INDArray x = batch(s);
            perStep.fit(new MultiDataSet(new INDArray[]{x}, new INDArray[0]));
            x.close();
        }
        SameDiff phase = graph();
        TrainingLoop.Result r = TrainingLoop.run("test", phase, TERMS, new TrainingLoop.Schedule(steps, 10, 5),
                s -> step(s, new ArrayList<>()), ProgressListener.NONE);
        assertEquals(steps, r.steps());
        assertEquals(steps - 1, r.plannedSteps(), "every step after the first runs from the plan");
        assertEquals(List.of(10, 20, 25), r.history().stream().map(HistoryRow::step).toList());
        for (String w : List.of("w1", "w2")) {
            float[] a = phase.getVariable(w).getArr().data().asFloat();
            float[] b = perStep.getVariable(w).getArr().data().asFloat();
            assertFalse(Arrays.equals(a, graph().getVariable(w).getArr().data().asFloat()), w + " never trained");
            assertArrayEquals(b, a, w + ": the plan and the Java kernels compute what fit() computes, bit for bit");
        }
    }

    /**
     * An early-stopping criterion lowest at step {@code best}, measured every {@code every} steps,
     * that notes the weights {@code w1} of {@code sd} it measured by step in {@code seen}.
     */
    private static TrainingLoop.Validation lowestAt(int best, int every, int patience, SameDiff sd, Map<Integer, float[]> seen) {
        return new TrainingLoop.Validation() {
            public int every() {
                return every;
            }

            public int patience() {
                return patience;
            }

            public double loss(int step) {
                seen.put(step, sd.getVariable("w1").getArr().data().asFloat());
                return Math.abs(step - best);
            }
        };
    }

    @Test
    void earlyStoppingKeepsTheWeightsOfTheBestMeasuredStepAndStopsAfterItsPatience() {
        SameDiff sd = graph();
        Map<Integer, float[]> seen = new java.util.HashMap<>();
        // a criterion that is lowest at step 6 and worse after: training must stop at 6 + 2 * 3 = 12
        TrainingLoop.Validation v = lowestAt(6, 3, 2, sd, seen);
        TrainingLoop.Result r = TrainingLoop.run("test", sd, TERMS, new TrainingLoop.Schedule(30, 5, 5, v),
                s -> step(s, new ArrayList<>()), ProgressListener.NONE);
        assertEquals(12, r.steps(), "stopped after two measurements without improvement");
        assertEquals(6, r.bestStep());
        assertEquals(List.of(3, 6, 9, 12), r.validation().stream().map(TrainingLoop.ValidationPoint::step).toList());
        assertFalse(Arrays.equals(seen.get(6), seen.get(12)), "the weights moved after the best step");
        assertArrayEquals(seen.get(6), sd.getVariable("w1").getArr().data().asFloat(), "the best step's weights are back");
    }

    /**
     * With a weight average the training steps are the same as without, and the phase ends with
     * the average of their weights, d·a + (1 − d)·w after each step with d = min(decay, (1 + t) / (10 + t)),
     * not with the last step's; the early stopping measures the average and keeps the best one.
     */
    @Test
    void aWeightAverageIsWhatThePhaseEndsWithAndWhatEarlyStoppingMeasures() {
        int steps = 20;
        double decay = 0.9;
        SameDiff plain = graph();
        List<float[]> after = new ArrayList<>(); // w1 after each step: read when the next step's batch is asked for
        float[] start = plain.getVariable("w1").getArr().data().asFloat();
        TrainingLoop.run("test", plain, TERMS, new TrainingLoop.Schedule(steps, 5, 5), s -> {
            if (s > 1) {
                after.add(plain.getVariable("w1").getArr().data().asFloat());
            }
            return step(s, new ArrayList<>());
        }, ProgressListener.NONE);
        after.add(plain.getVariable("w1").getArr().data().asFloat());
        double[] expected = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            expected[i] = start[i];
        }
        for (int t = 1; t <= steps; t++) {
            double d = Math.min(decay, (1.0 + t) / (10.0 + t));
            for (int i = 0; i < expected.length; i++) {
                expected[i] = d * expected[i] + (1 - d) * after.get(t - 1)[i];
            }
        }

        SameDiff averaged = graph();
        TrainingLoop.run("test", averaged, TERMS, new TrainingLoop.Schedule(steps, 5, 5, null, decay),
                s -> step(s, new ArrayList<>()), ProgressListener.NONE);
        float[] got = averaged.getVariable("w1").getArr().data().asFloat();
        double far = 0;
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-5, "w1[" + i + "]");
            far = Math.max(far, Math.abs(got[i] - after.get(steps - 1)[i]));
        }
        assertTrue(far > 1e-3, "the average differs from the last step's weights, by " + far);

        // early stopping sees the average, keeps the best measured one, and training goes on from the raw weights
        SameDiff stopped = graph();
        Map<Integer, float[]> measured = new java.util.HashMap<>();
        TrainingLoop.Validation v = lowestAt(10, 5, 0, stopped, measured);
        TrainingLoop.Result r = TrainingLoop.run("test", stopped, TERMS, new TrainingLoop.Schedule(steps, 5, 5, v, decay),
                s -> step(s, new ArrayList<>()), ProgressListener.NONE);
        assertEquals(10, r.bestStep());
        assertArrayEquals(got, measured.get(20), "the last measurement is of the same average");
        assertArrayEquals(measured.get(10), stopped.getVariable("w1").getArr().data().asFloat(), "the best average is kept");
    }

    @Test
    void aStepOfAnotherShapeRunsInTheSessionAndTheWeightsStayFits() {
        int steps = 12;
        SameDiff perStep = graph();
        for (int s = 1; s <= steps; s++) {
            INDArray x = s == 7 ? batch(s).get(NDArrayIndex.interval(0, 3),
                    NDArrayIndex.all()).dup() : batch(s);
            perStep.fit(new MultiDataSet(new INDArray[]{x}, new INDArray[0]));
        }
        SameDiff phase = graph();
        TrainingLoop.Result r = TrainingLoop.run("test", phase, TERMS, new TrainingLoop.Schedule(steps, 4, 4), s -> {
            INDArray x = s == 7 ? batch(s).get(NDArrayIndex.interval(0, 3),
                    NDArrayIndex.all()).dup() : batch(s);
            return new TrainingLoop.Step(Map.of("x", x), new MultiDataSet(new INDArray[]{x}, new INDArray[0]));
        }, ProgressListener.NONE);
        assertEquals(steps - 2, r.plannedSteps(), "the first step and the smaller batch ran in a session");
        for (String w : List.of("w1", "w2")) {
            assertArrayEquals(perStep.getVariable(w).getArr().data().asFloat(),
                    phase.getVariable(w).getArr().data().asFloat(), w);
        }
    }

    @Test
    void aSecondPhaseOnTheSameGraphKeepsAdamsMoments() {
        SameDiff twoPhases = graph();
        for (int phase = 0; phase < 2; phase++) {
            int first = 10 * phase;
            TrainingLoop.run("test", twoPhases, TERMS, new TrainingLoop.Schedule(10, 5, 5),
                    s -> step(first + s, new ArrayList<>()), ProgressListener.NONE);
        }
        SameDiff perStep = graph();
        for (int s = 1; s <= 20; s++) {
            INDArray x = batch(s);
            perStep.fit(new MultiDataSet(new INDArray[]{x}, new INDArray[0]));
            x.close();
        }
        for (String w : List.of("w1", "w2")) {
            assertArrayEquals(perStep.getVariable(w).getArr().data().asFloat(),
                    twoPhases.getVariable(w).getArr().data().asFloat(), 1e-6f, w);
        }
    }

    @Test
    void cancellingEndsThePhaseAfterTheCurrentStepAndClosesEveryInput() {
        List<INDArray> made = new ArrayList<>();
        ProgressListener cancelAfterThree = new ProgressListener() {
            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
            }

            @Override
            public boolean cancelled() {
                return made.size() >= 3;
            }
        };
        TrainingLoop.Result r = TrainingLoop.run("test", graph(), TERMS, new TrainingLoop.Schedule(50, 2, 2),
                s -> step(s, made), cancelAfterThree);
        assertTrue(r.cancelled());
        assertEquals(3, r.steps());
        assertEquals(3, made.size());
        assertEquals(List.of(2), r.history().stream().map(HistoryRow::step).toList());
        made.forEach(x -> assertTrue(x.wasClosed(), "a step's input was left open"));
    }

    @Test
    void theStepsShareArraysButNoScalars() {
        TrainingLoop.StepArrays arrays = new TrainingLoop.StepArrays();
        INDArray first = arrays.allocate(false, DataType.FLOAT, 4, 3);
        arrays.release(first);
        INDArray again = arrays.allocate(false, DataType.FLOAT, 4, 3);
        assertSame(first.data(), again.data(), "a released array's buffer is handed out again");
        arrays.release(arrays.allocate(false, DataType.FLOAT));
        arrays.release(Nd4j.scalar(2f));
        assertEquals(0, arrays.getLruCache().size(), "scalars are not kept");
        arrays.close();
    }

    @Test
    void cancellingBeforeTheFirstStepTrainsNothing() {
        SameDiff sd = graph();
        float[] before = sd.getVariable("w1").getArr().data().asFloat();
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        TrainingLoop.Result r = TrainingLoop.run("test", sd, TERMS, new TrainingLoop.Schedule(20, 5, 5),
                s -> step(s, new ArrayList<>()), cancelled);
        assertTrue(r.cancelled());
        assertEquals(0, r.steps());
        assertArrayEquals(before, sd.getVariable("w1").getArr().data().asFloat());
    }

    @Test
    void aLossThatExplodesWhileFiniteStopsNamingTheTermAndRestoresTheStart() {
        SameDiff sd = graph();
        // Adam moves each weight by about the learning rate per step: 1000 makes the fit term grow
        // by orders of magnitude within five steps, yet stay far from float's overflow.
        sd.getTrainingConfig().setUpdater(new Adam(1e3));
        float[] before = sd.getVariable("w1").getArr().data().asFloat();
        List<INDArray> made = new ArrayList<>();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainingLoop.run("test", sd,
                TERMS, new TrainingLoop.Schedule(20, 5, 5), s -> step(s, made), ProgressListener.NONE));
        assertEquals(5, e.step());
        assertEquals(0, e.checkpointStep());
        assertTrue(e.getMessage().startsWith("test: training exploded at step 5: the loss grew more than 1e+04 times its size"
                + " at the start, most of it in the term 'fit' ("), e.getMessage());
        assertArrayEquals(before, sd.getVariable("w1").getArr().data().asFloat(), "the weights before the first step");
        made.forEach(x -> assertTrue(x.wasClosed(), "a step's input was left open"));
    }

    @Test
    void aLossThatStartsNearZeroHasExplodedOnlyOnceItIsLargeInItself() {
        // a law's residual on outputs that start constant is about zero before the first step
        Map<String, Double> start = Map.of("law", 0.0, "spread", 0.005);
        assertEquals(null, TrainingLoop.exploded(start, Map.of("law", 50.0, "spread", 0.0)));
        assertEquals("law", TrainingLoop.exploded(start, Map.of("law", 150.0, "spread", 0.0)));
        assertEquals("spread", TrainingLoop.exploded(Map.of("law", 2.0, "spread", 1.0), Map.of("law", 1.0, "spread", -3e4)),
                "sizes, so a term of the other sign cannot hide it");
    }
}
