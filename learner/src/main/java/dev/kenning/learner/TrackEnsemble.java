package dev.kenning.learner;

import dev.kenning.datasets.Video;

import java.util.List;
import java.util.function.Function;

/**
 * The tracks of several label-free models averaged, sequence by sequence, without labels.
 *
 * <p>Label-free training on footage is chaotic: two runs that differ only in the order of their
 * sums end up tracking the object with different errors, and a law that does not fix the output's
 * sign (constant velocity) lets each run count a sequence either way. So each member's track of a
 * sequence is standardised (mean 0, standard deviation 1 over the sequence), and the tracks are
 * averaged weighted by their loadings on the members' first principal component over the
 * sequence: the direction they share most, a member's sign and weight by how well it follows it,
 * so a member that tracked something else counts little. The average is put back in the members'
 * mean offset and spread, so its values read in the model's units. A law that fixes the sign (free
 * fall's gravity) turns no member: one that runs against the others counts nothing. Each
 * sequence's combination uses only that sequence's frames, never a label.
 */
public final class TrackEnsemble {
    private TrackEnsemble() {
    }

    /**
     * Every network's tracks of {@code videos} seen in every view, network by network and each
     * network's views in order: network {@code n}'s view {@code v} is {@code tracks.get(n * views.size() + v)}.
     * Each network predicts a view of all the videos at once; one view's frames are held at a time.
     */
    public static List<double[][]> tracks(List<Function<List<Video>, double[][]>> networks, List<Augmentation.Change> views,
                                          List<Video> videos) {
        double[][][] tracks = new double[networks.size() * views.size()][][];
        for (int v = 0; v < views.size(); v++) {
            Augmentation.Change view = views.get(v);
            List<Video> seen = videos.stream().map(video -> Augmentation.view(video, view)).toList();
            for (int n = 0; n < networks.size(); n++) {
                tracks[n * views.size() + v] = networks.get(n).apply(seen);
            }
        }
        return List.of(tracks);
    }

    /**
     * Combines {@code members.get(m)[sequence][frame]}, every member predicting the same
     * sequences of the same lengths, into one track per sequence. One member is its own track.
     */
    public static double[][] combine(List<double[][]> members, boolean signFixed) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members to combine");
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        int sequences = members.get(0).length;
        for (double[][] m : members) {
            if (m.length != sequences) {
                throw new IllegalArgumentException("members predict " + sequences + " and " + m.length + " sequences");
            }
        }
        double[][] out = new double[sequences][];
        for (int s = 0; s < sequences; s++) {
            double[][] tracks = new double[members.size()][];
            for (int m = 0; m < members.size(); m++) {
                tracks[m] = members.get(m)[s];
                if (tracks[m].length != tracks[0].length) {
                    throw new IllegalArgumentException("sequence " + s + ": members predict " + tracks[0].length + " and "
                            + tracks[m].length + " frames");
                }
            }
            out[s] = combineOne(tracks, signFixed);
        }
        return out;
    }

    /** One sequence's tracks, one per member, combined. */
    static double[] combineOne(double[][] tracks, boolean signFixed) {
        int n = tracks.length;
        int frames = tracks[0].length;
        double[][] z = new double[n][frames];
        double offset = 0;
        double spread = 0;
        for (int m = 0; m < n; m++) {
            double mean = Correlation.mean(tracks[m]);
            double squares = 0;
            for (double v : tracks[m]) {
                squares += (v - mean) * (v - mean);
            }
            double sd = frames == 0 ? 0 : Math.sqrt(squares / frames);
            offset += mean / n;
            spread += sd / n;
            // a member that does not move over the sequence has no shape to give: it adds nothing
            for (int f = 0; f < frames && sd > 0; f++) {
                z[m][f] = (tracks[m][f] - mean) / sd;
            }
        }
        double[] weight = weights(z, signFixed);
        double total = 0;
        for (double w : weight) {
            total += Math.abs(w);
        }
        double[] out = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int m = 0; m < n; m++) {
                sum += weight[m] * z[m][f];
            }
            out[f] = offset + spread * (total > 0 ? sum / total : 0);
        }
        return out;
    }

    /**
     * Each member's weight: its loading on the first principal component, turned so that member 0's
     * is positive; with the sign fixed, turned so that the loadings sum to a positive number and
     * negative ones (members running against the rest) set to 0. Identical members weigh alike.
     */
    static double[] weights(double[][] z, boolean signFixed) {
        double[] v = leadingComponent(z);
        int n = v.length;
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double turn = (signFixed ? sum : v[0]) < 0 ? -1 : 1;
        double[] w = new double[n];
        boolean any = false;
        for (int m = 0; m < n; m++) {
            w[m] = turn * v[m];
            if (signFixed) {
                w[m] = Math.max(0, w[m]);
            }
            any |= w[m] != 0;
        }
        if (!any) {
            // members that do not move: nothing to weigh them by
            java.util.Arrays.fill(w, 1);
        }
        return w;
    }

    /** The leading eigenvector of the members' Gram matrix (their first principal component's loadings), unit length. */
    static double[] leadingComponent(double[][] z) {
        int n = z.length;
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double dot = 0;
                for (int f = 0; f < z[a].length; f++) {
                    dot += z[a][f] * z[b][f];
                }
                gram[a][b] = dot;
                gram[b][a] = dot;
            }
        }
        // power iteration from the column of the member that agrees most with the others, which
        // lies mostly along the leading eigenvector (every standardised member has the same norm)
        int widest = 0;
        double most = -1;
        for (int a = 0; a < n; a++) {
            double agreement = 0;
            for (int b = 0; b < n; b++) {
                agreement += Math.abs(gram[a][b]);
            }
            if (agreement > most) {
                most = agreement;
                widest = a;
            }
        }
        double[] v = new double[n];
        for (int a = 0; a < n; a++) {
            v[a] = gram[a][widest];
        }
        for (int iteration = 0; iteration < 200; iteration++) {
            double[] next = new double[n];
            double norm = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    next[a] += gram[a][b] * v[b];
                }
                norm += next[a] * next[a];
            }
            if (norm == 0) {
                break;
            }
            norm = Math.sqrt(norm);
            for (int a = 0; a < n; a++) {
                next[a] /= norm;
            }
            v = next;
        }
        return v;
    }
}
