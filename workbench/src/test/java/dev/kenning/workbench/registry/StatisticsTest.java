package dev.kenning.workbench.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {

    @Test
    void tQuantilesMatchTheTables() {
        assertEquals(12.706205, new StudentT(1).quantile(0.975), 1e-5);
        assertEquals(4.302653, new StudentT(2).quantile(0.975), 1e-5);
        assertEquals(2.228139, new StudentT(10).quantile(0.975), 1e-5);
        assertEquals(2.042272, new StudentT(30).quantile(0.975), 1e-5);
        assertEquals(-3.182446, new StudentT(3).quantile(0.025), 1e-5);
    }

    @Test
    void cdfAndPValueMatchClosedForms() {
        // df = 1 is Cauchy; df = 2 has F(t) = 1/2 + t / (2 sqrt(2 + t²)).
        for (double t : new double[]{-7.5, -1.3, 0.2, 0.9, 3.1}) {
            assertEquals(0.5 + Math.atan(t) / Math.PI, new StudentT(1).cdf(t), 1e-12);
            assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), new StudentT(2).cdf(t), 1e-12);
            assertEquals(1 - 2 * Math.atan(Math.abs(t)) / Math.PI, new StudentT(1).twoSidedP(t), 1e-12);
        }
    }

    @Test
    void meanIntervalUsesTheTFactorNotOnePointNineSix() {
        MeanInterval mi = MeanInterval.of(new double[]{1, 2, 3}, 0.95);
        assertEquals(2, mi.mean(), 1e-12);
        assertEquals(1, mi.sd(), 1e-12);
        assertEquals(4.302653 / Math.sqrt(3), mi.halfWidth(), 1e-5);
        assertEquals("2.00 ± 2.48", mi.format("%.2f"));
        assertTrue(Double.isNaN(MeanInterval.of(new double[]{5}, 0.95).halfWidth()));
    }

    @Test
    void pairedTestSeesWhatUnpairedSpreadHides() {
        // Large seed-to-seed spread, small consistent gap: the pairing must find the gap.
        double[] a = {0.50, 0.90, 0.70, 0.60};
        double[] b = {0.48, 0.87, 0.69, 0.57};
        PairedDifference d = PairedDifference.of(a, b, 0.95, 1);
        assertEquals(4, d.n());
        assertEquals(0.0225, d.meanDifference(), 1e-12);
        // differences 0.02 0.03 0.01 0.03: sd 0.009574, t = 0.0225 / (0.009574 / 2) = 4.70
        assertEquals(4.6999, d.t(), 1e-3);
        assertEquals(0.01822, d.p(), 1e-5); // two-sided, 3 dof (R: 2 * pt(-4.6999, 3))
        assertTrue(d.p() < 0.05, "p = " + d.p());
        assertTrue(d.interval().low() > 0);
        assertTrue(d.bootstrapLow() >= 0.01 - 1e-12 && d.bootstrapHigh() <= 0.03 + 1e-12);
        assertTrue(d.bootstrapLow() < d.meanDifference() && d.meanDifference() < d.bootstrapHigh());
        assertEquals(d, PairedDifference.of(a, b, 0.95, 1), "same seed, same bootstrap");
    }
}
