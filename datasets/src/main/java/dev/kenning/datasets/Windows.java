package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Training samples as windows of W consecutive frames (W = 5 in the paper's walking experiment),
 * so a law is imposed on each window rather than on a whole, possibly long, sequence.
 */
public final class Windows {
    private Windows() {
    }

    /** Every window of {@code window} frames, starting every {@code stride} frames; shorter sequences give none. */
    public static List<Video> of(List<Video> sequences, int window, int stride) {
        if (window < 3 || stride < 1) {
            throw new IllegalArgumentException("window must be >= 3 frames and stride >= 1, got " + window + " and " + stride);
        }
        List<Video> out = new ArrayList<>();
        for (Video v : sequences) {
            for (int start = 0; start + window <= v.frames(); start += stride) {
                out.add(v.slice(start, start + window));
            }
        }
        return out;
    }
}
