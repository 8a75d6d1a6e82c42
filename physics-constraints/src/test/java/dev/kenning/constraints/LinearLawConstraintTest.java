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
}
