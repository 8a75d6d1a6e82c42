package dev.kenning.export;

/** One runtime holding one loaded model: frames in (NCHW floats), a row of numbers per frame out of each output. */
interface FramePredictor extends AutoCloseable {
    /**
     * {@code pixels} holds {@code frames} frames of the model's input shape, frame after frame: for
     * each output the predictor was opened for, in that order, its rows.
     */
    float[][][] outputs(float[] pixels, long frames);

    /** The first output's first number per frame: a tracking model's only one. */
    default float[] predict(float[] pixels, long frames) {
        float[][] rows = outputs(pixels, frames)[0];
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }

    @Override
    void close();
}
