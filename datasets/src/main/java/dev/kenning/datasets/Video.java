package dev.kenning.datasets;

/**
 * A short clip: {@code frames} images of {@code channels × height × width} floats in [0, 1],
 * stored frame after frame in channel-major order (what a CNN takes as NCHW), and the true
 * value of the tracked quantity per frame, for evaluation only (NaN where a frame has no label).
 * {@code step} is how many frames of the footage it was cut from lie between two of its frames: 1
 * for consecutive frames, k for a window taking every k-th frame, so its frames are k / fps apart.
 */
public record Video(String id, int frames, int channels, int height, int width, float[] pixels, double[] truth, int step) {
    public Video {
        if (step < 1) {
            throw new IllegalArgumentException("a video's frame step is at least 1, got " + step);
        }
        if (pixels.length != (long) frames * channels * height * width) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values, expected "
                    + frames + "x" + channels + "x" + height + "x" + width);
        }
        if (truth.length != frames) {
            throw new IllegalArgumentException("truth has " + truth.length + " values for " + frames + " frames");
        }
    }

    /** A video of consecutive frames. */
    public Video(String id, int frames, int channels, int height, int width, float[] pixels, double[] truth) {
        this(id, frames, channels, height, width, pixels, truth, 1);
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
        return new Video(id + "@" + from, to - from, channels, height, width, p, java.util.Arrays.copyOfRange(truth, from, to),
                step);
    }

    /**
     * Every {@code step}-th frame from {@code from}, {@code count} of them, as a video of their own:
     * a window whose frames are {@code step / fps} apart (footage shot fast moves too little between
     * consecutive frames for a law to be informative).
     */
    public Video strided(int from, int count, int step) {
        if (step < 1 || count < 1 || from < 0 || from + (long) (count - 1) * step >= frames) {
            throw new IllegalArgumentException(count + " frames every " + step + " from " + from + " are not within 0.."
                    + frames + " of " + id);
        }
        if (step == 1) {
            return slice(from, from + count);
        }
        int size = frameSize();
        float[] p = new float[count * size];
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            int f = from + i * step;
            System.arraycopy(pixels, f * size, p, i * size, size);
            t[i] = truth[f];
        }
        return new Video(id + "@" + from + "/" + step, count, channels, height, width, p, t, this.step * step);
    }

    /** The same frames with no true value on any of them: what label-free training may see of a test clip. */
    public Video withoutLabels() {
        double[] none = new double[frames];
        java.util.Arrays.fill(none, Double.NaN);
        return new Video(id, frames, channels, height, width, pixels, none, step);
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
