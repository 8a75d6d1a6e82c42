package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Training samples as windows of W frames (W = 5 in the paper's walking experiment), so a law is
 * imposed on each window rather than on a whole, possibly long, sequence; the frames of a window
 * may be taken every k-th frame of the sequence.
 */
public final class Windows {
    private Windows() {
    }

    /** Every window of {@code window} consecutive frames, starting every {@code stride} frames; shorter sequences give none. */
    public static List<Video> of(List<Video> sequences, int window, int stride) {
        return of(sequences, window, stride, 1);
    }

    /**
     * Every window of {@code window} frames taken every {@code step} frames (so spanning
     * {@link #span} frames), starting every {@code stride} frames; sequences shorter than the span give none.
     */
    public static List<Video> of(List<Video> sequences, int window, int stride, int step) {
        if (window < 3 || stride < 1 || step < 1) {
            throw new IllegalArgumentException("window must be >= 3 frames, stride and step >= 1, got " + window + ", "
                    + stride + " and " + step);
        }
        int span = span(window, step);
        List<Video> out = new ArrayList<>();
        for (Video v : sequences) {
            for (int start = 0; start + span <= v.frames(); start += stride) {
                out.add(v.strided(start, window, step));
            }
        }
        return out;
    }

    /** The largest step up to {@code max} at which {@code window} frames fit in {@code frames} frames; at least 1. */
    public static int stepFitting(int max, int window, int frames) {
        return Math.max(1, Math.min(max, (frames - 1) / (window - 1)));
    }

    /** How many frames of a sequence a window of {@code window} frames taken every {@code step} covers. */
    public static int span(int window, int step) {
        return (window - 1) * step + 1;
    }
}
