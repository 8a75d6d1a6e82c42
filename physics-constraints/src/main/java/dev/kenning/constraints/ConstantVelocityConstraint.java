package dev.kenning.constraints;

/**
 * Constant velocity, x(t) = x0 + v·t: the paper's walking-pedestrian law (Stewart &amp; Ermon 2017,
 * section 3.2). A constant output satisfies it, so it needs the spread term beside it.
 */
public final class ConstantVelocityConstraint extends LinearLawConstraint {
    public ConstantVelocityConstraint(String binding, double dt) {
        super(binding, dt);
    }

    @Override
    protected double[][] basis(int frames, double dt) {
        return Projections.polynomialBasis(frames, dt, 1);
    }

    /** Its family spans the same trajectories whatever dt is: windows at any frame step train under one dt. */
    @Override
    public boolean fixesTimeScale() {
        return false;
    }
}
