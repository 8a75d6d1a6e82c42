package dev.kenning.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kenning.core.InputError;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs model.onnx in ONNX Runtime, as a phone or another language would. */
final class OnnxPredictor implements FramePredictor {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final java.util.List<String> outputs;
    private final long[] frameShape;

    /** {@code outputs}: the graph outputs to return, in order; empty for its only one. */
    OnnxPredictor(Path onnx, String input, java.util.List<String> outputs, long[] frameShape) {
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            this.session = env.createSession(onnx.toString(), options);
        } catch (OrtException e) {
            throw new InputError(onnx.toString(), "ONNX Runtime cannot load it (" + e.getMessage() + ")", e);
        }
        this.input = input;
        this.outputs = java.util.List.copyOf(outputs);
        this.frameShape = frameShape;
    }

    @Override
    public float[][][] outputs(float[] pixels, long frames) {
        long[] shape = {frames, frameShape[0], frameShape[1], frameShape[2]};
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
             OrtSession.Result r = session.run(Map.of(input, x))) {
            if (outputs.isEmpty()) {
                return new float[][][]{(float[][]) r.get(0).getValue()};
            }
            float[][][] out = new float[outputs.size()][][];
            for (int k = 0; k < out.length; k++) {
                out[k] = (float[][]) r.get(outputs.get(k)).orElseThrow(() -> new IllegalStateException(
                        "the ONNX model has no output the manifest names")).getValue();
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
