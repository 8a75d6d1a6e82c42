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
 * a horizontal position or an angle is only the binding. dt is the time between consecutive frames
 * of the footage; a window taking every k-th frame is fitted at k·dt ({@link FrameSteps}).
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
    protected abstract double[][] basis(int frames, double dt);

    /** The part of the trajectory the law fixes at t_i = i·dt (zeros by default). */
    protected double[] knownPart(int frames, double dt) {
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

    /** Over consecutive frames, dt apart. */
    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        return loss(sd, outputs, frames, prefix, FrameSteps.one(1));
    }

    /**
     * Each window projected at its own frames' times, t_i = i·step·dt. A law that does not fix the
     * time scale projects every window alike (at the largest step: any would do), so it needs no
     * input saying which window takes which step.
     */
    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix, FrameSteps steps) {
        SDVariable h = outputs.get(binding);
        if (steps.steps().length == 1 || !fixesTimeScale()) {
            return sd.math().abs(residual(sd, h, frames, steps.largest(), prefix)).mean(prefix + "/loss");
        }
        // each window's residual under its own step: a one-hot choice keeps one of them per window
        SDVariable chosen = null;
        for (int k = 0; k < steps.steps().length; k++) {
            String name = prefix + "/step" + steps.steps()[k];
            SDVariable pick = steps.choice().get(org.nd4j.autodiff.samediff.SDIndex.all(),
                    org.nd4j.autodiff.samediff.SDIndex.interval(k, k + 1));
            SDVariable part = residual(sd, h, frames, steps.steps()[k], name).mul(pick);
            chosen = chosen == null ? part : chosen.add(part);
        }
        return sd.math().abs(chosen).mean(prefix + "/loss");
    }

    /** r = M·(h − k) for windows whose frames are {@code step} frames apart: [windows, frames]. */
    private SDVariable residual(SameDiff sd, SDVariable h, int frames, int step, String prefix) {
        checkFrameStep(step);
        double stepDt = dt * step;
        double[][] m = Projections.residualMatrix(basis(frames, stepDt));
        double[] target = Projections.multiply(m, knownPart(frames, stepDt));
        SDVariable projector = sd.constant(prefix + "/M", Nd4j.createFromArray(m).castTo(h.dataType()));
        INDArray offset = Nd4j.createFromArray(new double[][]{target}).castTo(h.dataType());
        return h.mmul(projector).sub(sd.constant(prefix + "/Mk", offset));
    }
}
