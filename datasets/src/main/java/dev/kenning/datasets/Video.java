package dev.kenning.datasets;

/**
 * A short clip: {@code frames} images of {@code channels × height × width} floats in [0, 1],
 * stored frame after frame in channel-major order (what a CNN takes as NCHW), and the true
 * value of the tracked quantity per frame, for evaluation only.
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
}
