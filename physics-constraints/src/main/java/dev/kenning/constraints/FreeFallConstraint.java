package dev.kenning.constraints;

/**
 * Free fall with known gravity (Stewart &amp; Ermon, AAAI 2017, section 3.1): y(t) = y0 + v0·t − g·t²/2.
 * The known part −g·t²/2 is not in the span of {1, t}, so a constant output is not a solution:
 * g fixes both the sign and the scale of the heights.
 */
public final class FreeFallConstraint extends LinearLawConstraint {
    /** Above anything a camera films falling: the Sun's surface gravity is 274 m/s². */
    public static final double MAX_G = 1e4;

    private final double g;

    public FreeFallConstraint(String binding, double g, double dt) {
        super(binding, dt);
        if (!(g > 0 && g <= MAX_G)) {
            throw new IllegalArgumentException("free fall needs g > 0 m/s² (gravity's magnitude: heights are measured"
                    + " upwards) and at most " + MAX_G + " m/s², got " + g);
        }
        this.g = g;
    }

    public double g() {
        return g;
    }

    @Override
    protected double[][] basis(int frames, double dt) {
        return Projections.polynomialBasis(frames, dt, 1);
    }

    @Override
    protected double[] knownPart(int frames, double dt) {
        double[] k = new double[frames];
        for (int i = 0; i < frames; i++) {
            double t = i * dt;
            k[i] = -0.5 * g * t * t;
        }
        return k;
    }

    @Override
    public boolean fixesSign() {
        return true;
    }
}
