package dev.kenning.learner;

import dev.kenning.datasets.Video;
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

    /** Every network sees every view, network by network, each a view of all the videos at once. */
    @Test
    void tracksComeNetworkByNetworkEachInEveryView() {
        Video clip = new Video("clip", 2, 1, 1, 4, new float[]{0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f}, new double[2]);
        List<Augmentation.Change> views = List.of(Augmentation.AS_IS, new Augmentation.Change(0, true, 0, 1));
        // a "network" that reads each frame's first pixel, and one that reads its last, scaled by 10
        List<java.util.function.Function<List<Video>, double[][]>> networks = List.of(
                videos -> new double[][]{{videos.get(0).pixels()[0], videos.get(0).pixels()[4]}},
                videos -> new double[][]{{10 * videos.get(0).pixels()[3], 10 * videos.get(0).pixels()[7]}});
        List<double[][]> tracks = TrackEnsemble.tracks(networks, views, List.of(clip));
        assertEquals(4, tracks.size());
        assertArrayEquals(new double[]{0, 0.4}, tracks.get(0)[0], 1e-6);   // first network, as it is
        assertArrayEquals(new double[]{0.3, 0.7}, tracks.get(1)[0], 1e-6); // first network, mirrored
        assertArrayEquals(new double[]{3, 7}, tracks.get(2)[0], 1e-5);     // second network, as it is
        assertArrayEquals(new double[]{0, 4}, tracks.get(3)[0], 1e-5);     // second network, mirrored
        assertEquals(0.1f, clip.pixels()[1], "the clip itself is left as it was");
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
