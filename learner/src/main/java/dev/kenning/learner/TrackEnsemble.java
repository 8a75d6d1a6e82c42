package dev.kenning.learner;

import java.util.List;

/**
 * The tracks of several label-free models averaged, sequence by sequence, without labels.
 *
 * <p>Label-free training on footage is chaotic: two runs that differ only in the order of their
 * sums end up tracking the object with different errors, and a law that does not fix the output's
 * sign (constant velocity) lets each run count a sequence either way. So each member's track of a
 * sequence is standardised (mean 0, standard deviation 1 over the sequence), turned to the sign
 * the members share most, their first principal component over the sequence, and the members are
 * averaged; the average is put back in the members' mean offset and spread, so its values read in
 * the model's units. A law that fixes the sign (free fall's gravity) keeps every member's own.
 * Each sequence's combination uses only that sequence's frames, never a label.
 */
public final class TrackEnsemble {
    private TrackEnsemble() {
    }

    /**
     * Combines {@code members.get(m)[sequence][frame]}, every member predicting the same
     * sequences of the same lengths, into one track per sequence.
     */
    public static double[][] combine(List<double[][]> members, boolean signFixed) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members to combine");
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
        double[] sign = signFixed ? ones(n) : sharedSigns(z);
        double[] out = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int m = 0; m < n; m++) {
                sum += sign[m] * z[m][f];
            }
            out[f] = offset + spread * sum / n;
        }
        return out;
    }

    /**
     * ±1 per member: the signs of the leading eigenvector of the members' Gram matrix (their first
     * principal component), turned so that member 0 keeps its own sign.
     */
    static double[] sharedSigns(double[][] z) {
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
        // power iteration from the Gram matrix's largest column, which is never orthogonal to the
        // leading eigenvector when the members move at all
        int widest = 0;
        for (int a = 1; a < n; a++) {
            if (gram[a][a] > gram[widest][widest]) {
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
        double turn = v[0] < 0 ? -1 : 1;
        double[] sign = new double[n];
        for (int a = 0; a < n; a++) {
            sign[a] = turn * v[a] < 0 ? -1 : 1;
        }
        return sign;
    }

    private static double[] ones(int n) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, 1);
        return s;
    }
}
