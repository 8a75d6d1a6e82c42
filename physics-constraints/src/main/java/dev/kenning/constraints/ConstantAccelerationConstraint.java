package dev.kenning.constraints;

/** Constant acceleration with the acceleration unknown: x(t) = x0 + v·t + a·t²/2, fitted per sequence. */
public final class ConstantAccelerationConstraint extends LinearLawConstraint {
    public ConstantAccelerationConstraint(String binding, double dt) {
        super(binding, dt);
    }

    @Override
    protected double[][] basis(int frames, double dt) {
        return Projections.polynomialBasis(frames, dt, 2);
    }

    /** Its family spans the same trajectories whatever dt is: windows at any frame step train under one dt. */
    @Override
    public boolean fixesTimeScale() {
        return false;
    }
}
