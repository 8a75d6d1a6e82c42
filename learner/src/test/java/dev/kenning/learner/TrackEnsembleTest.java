package dev.kenning.learner;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackEnsembleTest {
    /** A walker's true positions over {@code frames} frames and a model's noisy, scaled and shifted track of them. */
    private static double[] track(double[] truth, double scale, double offset, double noise, Random rnd) {
        double[] t = new double[truth.length];
        for (int f = 0; f < t.length; f++) {
            t[f] = offset + scale * truth[f] + noise * rnd.nextGaussian();
        }
        return t;
    }

    private static double[] line(int frames, double slope) {
        double[] x = new double[frames];
        for (int f = 0; f < frames; f++) {
            x[f] = slope * f + Math.sin(f * 0.7);
        }
        return x;
    }

    @Test
    void oneMemberOrIdenticalMembersGiveTheTrackBack() {
        double[][] a = {{1, 2, 4, 3}, {0.5, 0.5, 0.7}};
        double[][] once = TrackEnsemble.combine(List.<double[][]>of(a), false);
        double[][] thrice = TrackEnsemble.combine(List.of(a, a, a), false);
        for (int s = 0; s < a.length; s++) {
            assertArrayEquals(a[s], once[s], 1e-12);
            assertArrayEquals(a[s], thrice[s], 1e-12);
        }
    }

    /** Members counting a sequence the other way are turned, sequence by sequence, to the sign member 0 takes. */
    @Test
    void eachSequenceTakesTheMembersSharedSign() {
        Random rnd = new Random(1);
        double[] up = line(30, 0.3);
        double[] down = line(30, -0.2);
        // member 1 mirrors the first sequence only, member 2 the second only
        double[][] m0 = {track(up, 1, 0, 0.1, rnd), track(down, 2, 5, 0.1, rnd)};
        double[][] m1 = {track(up, -3, 1, 0.1, rnd), track(down, 1, 0, 0.1, rnd)};
        double[][] m2 = {track(up, 0.5, 2, 0.1, rnd), track(down, -1, 0, 0.1, rnd)};
        double[][] c = TrackEnsemble.combine(List.of(m0, m1, m2), false);
        assertTrue(Correlation.pearson(c[0], m0[0]) > 0.99, "sequence 0 follows member 0's sign");
        assertTrue(Correlation.pearson(c[1], m0[1]) > 0.99, "sequence 1 follows member 0's sign");
        // a law that fixes the sign turns no member: one running against the others counts nothing
        double[][] fixed = TrackEnsemble.combine(List.of(m0, m1, m2), true);
        double[][] without = TrackEnsemble.combine(List.of(m0, m2), true);
        assertTrue(Correlation.pearson(fixed[0], without[0]) > 0.999, "the mirrored member is left out, not turned");
        assertEquals(0.0, TrackEnsemble.weights(new double[][]{up, neg(up), up}, true)[1]);
    }

    private static double[] neg(double[] x) {
        return java.util.Arrays.stream(x).map(v -> -v).toArray();
    }

    /** A member that tracked something else weighs little beside those that agree. */
    @Test
    void aMemberThatTrackedSomethingElseCountsLittle() {
        Random rnd = new Random(3);
        double[] truth = line(40, 0.2);
        double[] other = new double[40];
        for (int f = 0; f < other.length; f++) {
            other[f] = Math.cos(f * 0.9);
        }
        double[][] z = {track(truth, 1, 0, 0.2, rnd), track(truth, -1, 0, 0.2, rnd), track(truth, 1, 0, 0.2, rnd),
                track(other, 1, 0, 0.05, rnd)};
        for (int m = 0; m < z.length; m++) {
            double mean = Correlation.mean(z[m]);
            double sd = Math.sqrt(java.util.Arrays.stream(z[m]).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
            z[m] = java.util.Arrays.stream(z[m]).map(v -> (v - mean) / sd).toArray();
        }
        double[] w = TrackEnsemble.weights(z, false);
        assertTrue(w[0] > 0 && w[1] < 0 && w[2] > 0, java.util.Arrays.toString(w));
        assertTrue(Math.abs(w[3]) < 0.3 * w[0], java.util.Arrays.toString(w));
    }

    /** Errors that differ between members average out: the combined track follows the truth better than any member. */
    @Test
    void independentErrorsAverageOut() {
        Random rnd = new Random(7);
        double[] truth = line(60, 0.1);
        List<double[][]> members = new java.util.ArrayList<>();
        double best = 0;
        for (int m = 0; m < 8; m++) {
            double[][] t = {track(truth, m % 2 == 0 ? 1 : -1, m, 1.0, rnd)};
            members.add(t);
            best = Math.max(best, Math.abs(Correlation.pearson(t[0], truth)));
        }
        double combined = Math.abs(Correlation.pearson(TrackEnsemble.combine(members, false)[0], truth));
        assertTrue(combined > best + 0.05, "combined " + combined + " against the best member's " + best);
    }

    /** The average reads in the members' units: their mean offset and spread. */
    @Test
    void theAverageKeepsTheMembersOffsetAndSpread() {
        double[][] a = {{0, 1, 2, 3}};
        double[][] b = {{10, 13, 16, 19}};
        double[] c = TrackEnsemble.combine(List.of(a, b), true)[0];
        assertEquals((1.5 + 14.5) / 2, Correlation.mean(c), 1e-12);
        double spreadA = Math.sqrt(1.25);
        double spreadB = 3 * spreadA;
        double sd = 0;
        for (double v : c) {
            sd += (v - Correlation.mean(c)) * (v - Correlation.mean(c)) / c.length;
        }
        assertEquals((spreadA + spreadB) / 2, Math.sqrt(sd), 1e-12);
    }

    @Test
    void aMemberThatDoesNotMoveAddsNothingAndMismatchesAreRefused() {
        double[][] moving = {{0, 1, 3, 2}};
        double[][] still = {{5, 5, 5, 5}};
        double[] c = TrackEnsemble.combine(List.of(moving, still), false)[0];
        assertEquals(1.0, Correlation.pearson(c, moving[0]), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TrackEnsemble.combine(List.of(moving, new double[][]{{1, 2}}), false));
        assertThrows(IllegalArgumentException.class, () -> TrackEnsemble.combine(List.of(), false));
    }
}
