package dev.kenning.constraints;

/**
 * Harmonic motion x'' = −ω²(x − c) with ω known from the graph (a pendulum's small swings,
 * ω = √(g/L)): x(t) = c + A·cos ωt + B·sin ωt, with the equilibrium c, amplitude and phase fitted
 * per sequence, since a label-free model cannot know where its zero is.
 */
public final class HarmonicMotionConstraint extends LinearLawConstraint {
    private final double omega;

    public HarmonicMotionConstraint(String binding, double omega, double dt) {
        super(binding, dt);
        if (!(omega > 0)) {
            throw new IllegalArgumentException("harmonic motion needs omega > 0 rad/s, got " + omega);
        }
        this.omega = omega;
        checkFrameStep(1);
    }

    /** Sampled at 1/(step·dt), a swing faster than half that rate aliases into a slower one. */
    @Override
    public void checkFrameStep(int step) {
        double apart = dt() * step;
        if (!(omega * apart < Math.PI)) {
            throw new IllegalArgumentException("harmonic motion at omega = " + omega + " rad/s swings faster than frames "
                    + apart + " s apart" + (step == 1 ? "" : " (every " + step + "th frame, " + dt() + " s apart)")
                    + " can follow (omega · dt must be below π)");
        }
    }

    public double omega() {
        return omega;
    }

    @Override
    protected double[][] basis(int frames, double dt) {
        double[][] a = new double[frames][3];
        for (int i = 0; i < frames; i++) {
            double t = i * dt;
            a[i][0] = 1;
            a[i][1] = Math.cos(omega * t);
            a[i][2] = Math.sin(omega * t);
        }
        return a;
    }
}
