package dev.kenning.constraints;

import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Constant velocity, constant acceleration and harmonic motion: satisfied by their own family only. */
class LinearLawConstraintTest {
    private static final int FRAMES = 10;
    private static final double DT = 0.1;
    private static final double OMEGA = 4.0;

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    private static double[][] sample(DoubleUnaryOperator x) {
        double[][] h = new double[1][FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            h[0][i] = x.applyAsDouble(i * DT);
        }
        return h;
    }

    private static final double[][] LINE = sample(t -> 0.3 - 1.7 * t);
    private static final double[][] PARABOLA = sample(t -> 1 + t - 2.5 * t * t);
    private static final double[][] SWING = sample(t -> 0.2 + 0.4 * Math.cos(OMEGA * t + 0.7));

    @Test
    void constantVelocity() {
        Constraint law = new ConstantVelocityConstraint("x", DT);
        assertEquals(0, FreeFallConstraintTest.lossOf(law, LINE), 1e-9);
        assertTrue(FreeFallConstraintTest.lossOf(law, PARABOLA) > 0.01);
        assertTrue(FreeFallConstraintTest.lossOf(law, SWING) > 0.01);
        assertFalse(((LinearLawConstraint) law).fixesSign());
    }

    @Test
    void constantAccelerationWithUnknownAcceleration() {
        Constraint law = new ConstantAccelerationConstraint("x", DT);
        assertEquals(0, FreeFallConstraintTest.lossOf(law, LINE), 1e-9);
        assertEquals(0, FreeFallConstraintTest.lossOf(law, PARABOLA), 1e-9);
        assertTrue(FreeFallConstraintTest.lossOf(law, SWING) > 0.005);
    }

    @Test
    void harmonicMotionWithOmegaFromTheGraph() {
        assertEquals(0, FreeFallConstraintTest.lossOf(new HarmonicMotionConstraint("x", OMEGA, DT), SWING), 1e-9);
        assertTrue(FreeFallConstraintTest.lossOf(new HarmonicMotionConstraint("x", 2 * OMEGA, DT), SWING) > 0.01,
                "a different omega must violate the law");
        assertTrue(FreeFallConstraintTest.lossOf(new HarmonicMotionConstraint("x", OMEGA, DT), PARABOLA) > 0.01);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rnd = new Random(3);
        double[][] h = new double[2][FRAMES];
        for (double[] row : h) {
            for (int i = 0; i < FRAMES; i++) {
                row[i] = rnd.nextGaussian();
            }
        }
        for (Constraint c : new Constraint[]{new ConstantVelocityConstraint("height", DT),
                new ConstantAccelerationConstraint("height", DT), new HarmonicMotionConstraint("height", OMEGA, DT)}) {
            FreeFallConstraintTest.assertGradientMatchesFiniteDifferences(c, h);
        }
    }

    /**
     * Windows taking every frame, every 2nd and every 3rd of footage dt apart: each is fitted at its own
     * frames' times, so true throws and swings at any of those steps satisfy the law, and a window
     * said to take another step than it does violates it.
     */
    @Test
    void windowsAtSeveralFrameStepsAreEachFittedAtTheirOwn() {
        int[] steps = {1, 2, 3};
        int[] windowSteps = {3, 1, 2, 3, 1};
        for (LinearLawConstraint law : new LinearLawConstraint[]{new FreeFallConstraint("x", 9.81, DT),
                new HarmonicMotionConstraint("x", OMEGA, DT)}) {
            double[][] h = new double[windowSteps.length][FRAMES];
            for (int w = 0; w < h.length; w++) {
                for (int i = 0; i < FRAMES; i++) {
                    double t = i * windowSteps[w] * DT;
                    h[w][i] = law instanceof FreeFallConstraint ? 2.0 + 0.3 * w + (1.5 - w) * t - 0.5 * 9.81 * t * t
                            : 0.1 * w + 0.4 * Math.cos(OMEGA * t + 0.3 * w);
                }
            }
            assertEquals(0, lossAtSteps(law, h, steps, windowSteps), 1e-9, law.getClass().getSimpleName());
            int[] wrong = windowSteps.clone();
            wrong[2] = 1;
            assertTrue(lossAtSteps(law, h, steps, wrong) > 0.01, "a window fitted at another step than its own");
            // one step for every window: no input choosing, the same loss as the constraint alone at that dt
            double[][] atTwo = {h[2]};
            assertEquals(FreeFallConstraintTest.lossOf(law instanceof FreeFallConstraint ? new FreeFallConstraint("x", 9.81, 2 * DT)
                    : new HarmonicMotionConstraint("x", OMEGA, 2 * DT), atTwo), lossAtSteps(law, atTwo, new int[]{2}, new int[]{2}), 1e-12);
        }
        // a law whose fit ignores the time unit takes no input choosing: the windows' steps do not change it
        Constraint line = new ConstantVelocityConstraint("x", DT);
        assertEquals(0, lossAtSteps(line, new double[][]{LINE[0], LINE[0]}, new int[]{1, 4}, null), 1e-9);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HarmonicMotionConstraint("x", OMEGA, DT).checkFrameStep(8));
        assertTrue(e.getMessage().contains("every 8th frame"), e.getMessage());
    }

    /** The law's loss on windows h, the w-th taking its frames every {@code windowSteps[w]} (null: no choice fed). */
    private static double lossAtSteps(Constraint law, double[][] h, int[] steps, int[] windowSteps) {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        var in = sd.placeHolder("h", org.nd4j.linalg.api.buffer.DataType.DOUBLE, -1, FRAMES);
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> feed = new java.util.HashMap<>();
        feed.put("h", org.nd4j.linalg.factory.Nd4j.createFromArray(h));
        FrameSteps frameSteps = FrameSteps.one(steps[0]);
        if (steps.length > 1 && law.fixesTimeScale()) {
            frameSteps = new FrameSteps(steps, sd.placeHolder("choice", org.nd4j.linalg.api.buffer.DataType.DOUBLE, -1, steps.length));
            double[][] choice = new double[h.length][steps.length];
            for (int w = 0; w < h.length; w++) {
                choice[w][java.util.Arrays.binarySearch(steps, windowSteps[w])] = 1;
            }
            feed.put("choice", org.nd4j.linalg.factory.Nd4j.createFromArray(choice));
        } else if (steps.length > 1) {
            frameSteps = new FrameSteps(steps, sd.placeHolder("choice", org.nd4j.linalg.api.buffer.DataType.DOUBLE, -1, steps.length));
        }
        var loss = law.loss(sd, java.util.Map.of(law.binding(), in), FRAMES, "term", frameSteps);
        return sd.output(feed, loss.name()).get(loss.name()).getDouble(0);
    }
}
