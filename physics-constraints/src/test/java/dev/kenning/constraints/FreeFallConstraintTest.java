package dev.kenning.constraints;

import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeFallConstraintTest {
    private static final int FRAMES = 12;
    private static final double DT = 1.0 / 15;

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    /** Heights of a real throw: y0 + v0 t − g t²/2, one row per sequence. */
    static double[][] parabolas(double g, int sequences, long seed) {
        Random rnd = new Random(seed);
        double[][] h = new double[sequences][FRAMES];
        for (int s = 0; s < sequences; s++) {
            double y0 = 0.5 + rnd.nextDouble();
            double v0 = 2 + 3 * rnd.nextDouble();
            for (int i = 0; i < FRAMES; i++) {
                double t = i * DT;
                h[s][i] = y0 + v0 * t - 0.5 * g * t * t;
            }
        }
        return h;
    }

    /** The constraint's loss on the given sequences (one row each), bound to its own output. */
    static double lossOf(Constraint c, double[][] heights) {
        int frames = heights[0].length;
        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder("h", DataType.DOUBLE, -1, frames);
        SDVariable loss = c.loss(sd, Map.of(c.binding(), h), frames, "term");
        return sd.output(Map.of("h", Nd4j.createFromArray(heights)), loss.name()).get(loss.name()).getDouble(0);
    }

    @Test
    void aTrueThrowSatisfiesTheLaw() {
        double loss = lossOf(new FreeFallConstraint("height", 9.81, DT), parabolas(9.81, 4, 1));
        assertEquals(0.0, loss, 1e-9);
    }

    @Test
    void aConstantOrAWrongGravityViolatesIt() {
        double[][] constant = new double[4][FRAMES];
        for (double[] row : constant) {
            java.util.Arrays.fill(row, 1.2);
        }
        FreeFallConstraint law = new FreeFallConstraint("height", 9.81, DT);
        assertTrue(lossOf(law, constant) > 0.01, "a constant output must not satisfy free fall");
        assertTrue(lossOf(law, parabolas(1.62, 4, 1)) > 0.01, "moon gravity must violate earth's law");
        double[][] flipped = parabolas(9.81, 4, 1);
        for (double[] row : flipped) {
            for (int i = 0; i < FRAMES; i++) {
                row[i] = -row[i];
            }
        }
        assertTrue(lossOf(law, flipped) > 0.01, "upside-down heights must violate the law");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rnd = new Random(7);
        double[][] h = parabolas(9.81, 3, 2);
        for (double[] row : h) {
            for (int i = 0; i < FRAMES; i++) {
                row[i] += 0.3 * rnd.nextGaussian();
            }
        }
        for (Constraint c : new Constraint[]{new FreeFallConstraint("height", 9.81, DT),
                new SpreadTerm("height", 2.0), new RangeTerm("height", 0.9, 1.6)}) {
            assertGradientMatchesFiniteDifferences(c, h);
        }
    }

    /** Autodiff gradient of the constraint's loss at {@code h} against central differences. */
    static void assertGradientMatchesFiniteDifferences(Constraint c, double[][] h) {
        int frames = h[0].length;
        SameDiff sd = SameDiff.create();
        SDVariable hv = sd.var("h", Nd4j.createFromArray(h));
        SDVariable loss = c.loss(sd, Map.of(c.binding(), hv), frames, "term");
        sd.setLossVariables(loss.name());
        INDArray grad = sd.calculateGradients(Map.of(), "h").get("h");
        double eps = 1e-6;
        double maxErr = 0;
        for (int s = 0; s < h.length; s++) {
            for (int i = 0; i < frames; i++) {
                double[][] plus = copy(h);
                double[][] minus = copy(h);
                plus[s][i] += eps;
                minus[s][i] -= eps;
                double numeric = (lossOf(c, plus) - lossOf(c, minus)) / (2 * eps);
                maxErr = Math.max(maxErr, Math.abs(numeric - grad.getDouble(s, i)));
            }
        }
        assertTrue(maxErr < 1e-6, c.getClass().getSimpleName() + " gradient error " + maxErr);
        assertTrue(grad.norm2Number().doubleValue() > 0, c.getClass().getSimpleName() + " has zero gradient");
    }

    @Test
    void spreadAndRangeAreZeroWhenSatisfied() {
        double[][] h = parabolas(9.81, 4, 3);
        assertEquals(0.0, lossOf(new SpreadTerm("height", 0.01), h), 1e-12);
        assertEquals(0.0, lossOf(new RangeTerm("height", -10, 10), h), 1e-12);
        assertTrue(lossOf(new RangeTerm("height", 5, 10), h) > 1);
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }
}
