package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A law whose trajectories are x(t) = k(t) + Σ θ_j·φ_j(t): a known part k plus a family linear in
 * unknown parameters θ (start position, velocity, phase, …), as in Stewart &amp; Ermon (AAAI 2017).
 * Each sequence h is projected onto the family by least squares, and the loss is the mean |r| of
 * the residual r = M·(h − k), M = I − Φ(ΦᵀΦ)⁻¹Φᵀ. L1, as in the paper's code, so one frame where
 * the object is hard to see costs linearly rather than dominating the fit. Whether x is a height,
 * a horizontal position or an angle is only the binding.
 */
public abstract class LinearLawConstraint implements Constraint {
    private final String binding;
    private final double dt;

    protected LinearLawConstraint(String binding, double dt) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs dt > 0 s, got " + dt);
        }
        this.binding = binding;
        this.dt = dt;
    }

    @Override
    public String binding() {
        return binding;
    }

    public double dt() {
        return dt;
    }

    /** The family's basis functions at t_i = i·dt: frames × parameters. */
    protected abstract double[][] basis(int frames);

    /** The part of the trajectory the law fixes (zeros by default). */
    protected double[] knownPart(int frames) {
        return new double[frames];
    }

    /**
     * A law fixes the time scale unless its family is the same for any time unit, as the
     * polynomials x0 + v·t (+ a·t²/2) with every coefficient free are: t's unit only rescales v and a.
     */
    @Override
    public boolean fixesTimeScale() {
        return true;
    }

    /**
     * True when the law fixes the sign of the quantity (gravity points down); false when x and −x
     * satisfy it equally, so only |correlation| with the truth is meaningful.
     */
    public boolean fixesSign() {
        return false;
    }

    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        SDVariable h = outputs.get(binding);
        double[][] m = Projections.residualMatrix(basis(frames));
        double[] target = Projections.multiply(m, knownPart(frames));
        SDVariable projector = sd.constant(prefix + "/M", Nd4j.createFromArray(m).castTo(h.dataType()));
        INDArray offset = Nd4j.createFromArray(new double[][]{target}).castTo(h.dataType());
        SDVariable residual = h.mmul(projector).sub(sd.constant(prefix + "/Mk", offset));
        return sd.math().abs(residual).mean(prefix + "/loss");
    }
}
