package dev.kenning.workbench.registry;

import java.util.Arrays;
import java.util.Locale;

/**
 * The mean of a metric over repeated runs with its t-based confidence interval
 * (mean ± t_{(1+level)/2, n−1} · s/√n). With one value there is no interval: halfWidth is NaN.
 */
public record MeanInterval(int n, double mean, double sd, double halfWidth, double level) {

    public static MeanInterval of(double[] values, double level) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        int n = v.length;
        if (n == 0) {
            return new MeanInterval(0, Double.NaN, Double.NaN, Double.NaN, level);
        }
        double mean = Arrays.stream(v).sum() / n;
        if (n == 1) {
            return new MeanInterval(1, mean, Double.NaN, Double.NaN, level);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new StudentT(n - 1).quantile((1 + level) / 2);
        return new MeanInterval(n, mean, sd, t * sd / Math.sqrt(n), level);
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** "0.9731 ± 0.0052", or just the mean when there is one value. */
    public String format(String numberFormat) {
        String m = String.format(Locale.ROOT, numberFormat, mean);
        return Double.isNaN(halfWidth) ? m : m + " ± " + String.format(Locale.ROOT, numberFormat, halfWidth);
    }
}
