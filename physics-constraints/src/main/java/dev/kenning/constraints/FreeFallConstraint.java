package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Free fall with known gravity, as in Stewart &amp; Ermon, "Label-Free Supervision of Neural
 * Networks with Physics and Domain Knowledge" (AAAI 2017), section 3.1.
 *
 * <p>A sequence of predicted heights h (frames t_i = i·dt) should be y0 + v0·t − g·t²/2 for
 * some y0, v0. With a = −g·t²/2 known, the best (y0, v0) is the least-squares fit of h − a on
 * A = [1, t]; the residual is r = (I − A(AᵀA)⁻¹Aᵀ)(h − a) = M·h − M·a, and the loss is
 * mean |r| (L1). L1, as in the paper's code, because a single frame where the object is hard to
 * see should cost linearly rather than dominate the fit. M·a is nonzero, so a constant output
 * is not a solution: g fixes both the sign and the scale of the heights.
 */
public final class FreeFallConstraint implements Constraint {
    private final String binding;
    private final double g;
    private final double dt;

    public FreeFallConstraint(String binding, double g, double dt) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("free-fall needs dt > 0 s, got " + dt);
        }
        this.binding = binding;
        this.g = g;
        this.dt = dt;
    }

    @Override
    public String binding() {
        return binding;
    }

    public double g() {
        return g;
    }

    public double dt() {
        return dt;
    }

    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        SDVariable h = outputs.get(binding);
        double[][] m = Projections.residualMatrix(Projections.polynomialBasis(frames, dt, 1));
        double[] accel = new double[frames];
        for (int i = 0; i < frames; i++) {
            double t = i * dt;
            accel[i] = -0.5 * g * t * t;
        }
        double[] mAccel = Projections.multiply(m, accel);
        SDVariable projector = sd.constant(prefix + "/M", Nd4j.createFromArray(m).castTo(h.dataType()));
        INDArray target = Nd4j.createFromArray(new double[][]{mAccel}).castTo(h.dataType());
        SDVariable residual = h.mmul(projector).sub(sd.constant(prefix + "/Ma", target));
        return sd.math().abs(residual).mean(prefix + "/loss");
    }
}
