package dev.kenning.export;

/** One runtime holding one loaded model: frames in (NCHW floats), one number per frame out. */
interface FramePredictor extends AutoCloseable {
    /** {@code pixels} holds {@code frames} frames of the model's input shape, frame after frame. */
    float[] predict(float[] pixels, long frames);

    @Override
    void close();
}
