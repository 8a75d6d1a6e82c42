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
        // Sampled at 1/dt, a swing faster than half the frame rate aliases into a slower one.
        if (!(omega * dt < Math.PI)) {
            throw new IllegalArgumentException("harmonic motion at omega = " + omega + " rad/s swings faster than frames "
                    + dt + " s apart can follow (omega · dt must be below π)");
        }
        this.omega = omega;
    }

    public double omega() {
        return omega;
    }

    @Override
    protected double[][] basis(int frames) {
        double[][] a = new double[frames][3];
        for (int i = 0; i < frames; i++) {
            double t = i * dt();
            a[i][0] = 1;
            a[i][1] = Math.cos(omega * t);
            a[i][2] = Math.sin(omega * t);
        }
        return a;
    }
}
