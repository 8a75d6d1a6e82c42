package dev.kenning.export;

/** One runtime holding one loaded model: frames in (NCHW floats), a row of numbers per frame out. */
interface FramePredictor extends AutoCloseable {
    /** {@code pixels} holds {@code frames} frames of the model's input shape, frame after frame: the output's rows. */
    float[][] outputs(float[] pixels, long frames);

    /** The output's first number per frame: a tracking model's only one. */
    default float[] predict(float[] pixels, long frames) {
        float[][] rows = outputs(pixels, frames);
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }

    @Override
    void close();
}
