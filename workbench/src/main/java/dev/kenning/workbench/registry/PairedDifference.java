package dev.kenning.workbench.registry;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two measurements paired by run (label-free vs supervised on the same seed, same data): the
 * paired t-test on the differences a − b, and a percentile bootstrap interval of their mean.
 * Pairing removes the seed-to-seed variation both share, which is most of it. The bootstrap
 * makes no normality assumption, but with very few pairs it can only take a few distinct values,
 * so the t interval is the one to quote there.
 */
public record PairedDifference(int n, double meanDifference, MeanInterval interval, double t, double p,
                               double bootstrapLow, double bootstrapHigh) {

    public static final int RESAMPLES = 10_000;

    /**
     * @param seed for the bootstrap resampling, so a report is reproducible
     */
    public static PairedDifference of(double[] a, double[] b, double level, long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                d[n++] = a[i] - b[i];
            }
        }
        d = Arrays.copyOf(d, n);
        MeanInterval interval = MeanInterval.of(d, level);
        double t = Double.NaN;
        double p = Double.NaN;
        if (n >= 2) {
            double se = interval.sd() / Math.sqrt(n);
            t = se == 0 ? (interval.mean() == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, interval.mean()))
                    : interval.mean() / se;
            p = se == 0 && interval.mean() == 0 ? 1 : new StudentT(n - 1).twoSidedP(t);
        }
        double[] bootstrap = bootstrap(d, level, seed);
        return new PairedDifference(n, interval.mean(), interval, t, p, bootstrap[0], bootstrap[1]);
    }

    /** Percentile interval of the resampled mean difference. */
    private static double[] bootstrap(double[] d, double level, long seed) {
        if (d.length < 2) {
            return new double[]{Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[random.nextInt(d.length)];
            }
            means[r] = sum / d.length;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        return new double[]{means[(int) Math.floor(alpha * (RESAMPLES - 1))],
                means[(int) Math.ceil((1 - alpha) * (RESAMPLES - 1))]};
    }
}
