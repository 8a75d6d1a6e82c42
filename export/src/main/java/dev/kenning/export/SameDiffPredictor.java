package dev.kenning.export;

import dev.kenning.core.InputError;
import dev.kenning.engine.NativeBackend;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Map;

/** Runs model.sdz in SameDiff; only the output's subgraph runs, not the training losses saved with it. */
final class SameDiffPredictor implements FramePredictor {
    private final SameDiff sd;
    private final String input;
    private final String[] outputs;
    private final long[] frameShape;

    SameDiffPredictor(Path sdz, String input, java.util.List<String> outputs, long[] frameShape) {
        this.sd = loadGraph(sdz);
        for (String output : outputs) {
            if (!sd.hasVariable(input) || !sd.hasVariable(output)) {
                throw new InputError(sdz.toString(), "has no input '" + input + "' or output '" + output + "'");
            }
        }
        this.input = input;
        this.outputs = outputs.toArray(String[]::new);
        this.frameShape = frameShape;
    }

    static SameDiff loadGraph(Path sdz) {
        NativeBackend.select();
        try {
            return SameDiff.load(sdz.toFile(), false);
        } catch (RuntimeException e) {
            throw new InputError(sdz.toString(), "is not a readable SameDiff model (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public float[][][] outputs(float[] pixels, long frames) {
        long[] shape = {frames, frameShape[0], frameShape[1], frameShape[2]};
        try (INDArray x = Nd4j.create(pixels, shape, 'c')) {
            Map<String, INDArray> y = sd.output(Map.of(input, x), outputs);
            float[][][] out = new float[outputs.length][][];
            for (int k = 0; k < out.length; k++) {
                out[k] = y.get(outputs[k]).reshape(frames, -1).toFloatMatrix();
                y.get(outputs[k]).close();
            }
            return out;
        }
    }

    @Override
    public void close() {
    }
}
