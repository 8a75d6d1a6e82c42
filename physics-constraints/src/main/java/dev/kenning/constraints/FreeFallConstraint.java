package dev.kenning.constraints;

/**
 * Free fall with known gravity (Stewart &amp; Ermon, AAAI 2017, section 3.1): y(t) = y0 + v0·t − g·t²/2.
 * The known part −g·t²/2 is not in the span of {1, t}, so a constant output is not a solution:
 * g fixes both the sign and the scale of the heights.
 */
public final class FreeFallConstraint extends LinearLawConstraint {
    private final double g;

    public FreeFallConstraint(String binding, double g, double dt) {
        super(binding, dt);
        this.g = g;
    }

    public double g() {
        return g;
    }

    @Override
    protected double[][] basis(int frames) {
        return Projections.polynomialBasis(frames, dt(), 1);
    }

    @Override
    protected double[] knownPart(int frames) {
        double[] k = new double[frames];
        for (int i = 0; i < frames; i++) {
            double t = i * dt();
            k[i] = -0.5 * g * t * t;
        }
        return k;
    }

    @Override
    public boolean fixesSign() {
        return true;
    }
}
