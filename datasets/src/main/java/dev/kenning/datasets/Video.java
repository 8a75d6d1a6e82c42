package dev.kenning.datasets;

/**
 * A short clip: {@code frames} images of {@code channels × height × width} floats in [0, 1],
 * stored frame after frame in channel-major order (what a CNN takes as NCHW), and the true
 * value of the tracked quantity per frame, for evaluation only (NaN where a frame has no label).
 */
public record Video(String id, int frames, int channels, int height, int width, float[] pixels, double[] truth) {
    public Video {
        if (pixels.length != (long) frames * channels * height * width) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values, expected "
                    + frames + "x" + channels + "x" + height + "x" + width);
        }
        if (truth.length != frames) {
            throw new IllegalArgumentException("truth has " + truth.length + " values for " + frames + " frames");
        }
    }

    public int frameSize() {
        return channels * height * width;
    }

    /** Frames {@code from} (inclusive) to {@code to} (exclusive) as a video of their own. */
    public Video slice(int from, int to) {
        if (from < 0 || to > frames || to - from < 1) {
            throw new IllegalArgumentException("frames " + from + ".." + to + " are not within 0.." + frames + " of " + id);
        }
        float[] p = java.util.Arrays.copyOfRange(pixels, from * frameSize(), to * frameSize());
        return new Video(id + "@" + from, to - from, channels, height, width, p, java.util.Arrays.copyOfRange(truth, from, to));
    }

    /** How many frames carry a true value (NaN marks an unlabelled frame). */
    public int labelledFrames() {
        int n = 0;
        for (double v : truth) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }
}
