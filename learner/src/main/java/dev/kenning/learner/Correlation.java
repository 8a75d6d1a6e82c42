package dev.kenning.learner;

/**
 * Pearson correlation, the paper's measure for label-free regression: it ignores the offset
 * and scale a label-free model cannot know, and rewards getting the shape of the motion right.
 */
public final class Correlation {
    private Correlation() {
    }

    /** Pearson's r, or 0 when either series is constant (nothing tracked, nothing correlated). */
    public static double pearson(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("need two series of equal length >= 2, got " + a.length + " and " + b.length);
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa < 1e-24 || sbb < 1e-24) {
            return 0;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Per-sequence correlations. */
    public static double[] perSequence(double[][] predicted, double[][] truth) {
        double[] r = new double[predicted.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = pearson(predicted[i], truth[i]);
        }
        return r;
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
