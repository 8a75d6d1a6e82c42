package dev.kenning.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kenning.datasets.Video;
import dev.kenning.learner.Head;
import dev.kenning.learner.InputNorm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxGraphWriterTest {
    private static List<Video> videos;
    private static SequenceRegressor model;

    @BeforeAll
    static void trainTinyModel() {
        videos = TinyModel.videos(10, 11);
        model = TinyModel.trained(TinyModel.videos(8, 1));
    }

    @Test
    void onnxRuntimeAgreesWithSameDiffOnOneHundredAndTwentyFrames() throws Exception {
        double[][] expected = model.predict(videos);
        Onnx.ModelProto onnx = OnnxGraphWriter.write(model.graph(), SequenceRegressor.INPUT, "height", "test");
        float[][] actual = runInOnnxRuntime(onnx.toByteArray(), videos);

        double maxDiff = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int frames = 0;
        for (int v = 0; v < videos.size(); v++) {
            for (int f = 0; f < expected[v].length; f++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[v][f] - actual[v][f]));
                min = Math.min(min, expected[v][f]);
                max = Math.max(max, expected[v][f]);
                frames++;
            }
        }
        System.out.printf("ONNX vs SameDiff over %d frames: max abs difference %.3g (outputs span %.4f..%.4f)%n",
                frames, maxDiff, min, max);
        assertTrue(frames >= 100, "compared " + frames + " frames");
        // The outputs must differ between frames, or agreement would prove nothing about the convolutions.
        assertTrue(max - min > 1e-3, "outputs hardly vary: " + min + ".." + max);
        assertTrue(maxDiff <= 1e-4, "max abs difference " + maxDiff);
    }

    /** The largest difference between two engines' outputs, and how far the outputs move from the first one. */
    private record Gap(double maxDiff, double span) {
    }

    private static Gap gap(double[][] expected, float[][] actual) {
        double maxDiff = 0;
        double span = 0;
        for (int v = 0; v < expected.length; v++) {
            for (int f = 0; f < expected[v].length; f++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[v][f] - actual[v][f]));
                span = Math.max(span, Math.abs(expected[v][f] - expected[0][0]));
            }
        }
        return new Gap(maxDiff, span);
    }

    @Test
    void aModelThatStandardisesEachFrameExportsTheStandardisationToo() throws Exception {
        SequenceRegressor standardised = TinyModel.trained(TinyModel.videos(8, 1), InputNorm.FRAME);
        double[][] expected = standardised.predict(videos);
        Onnx.ModelProto onnx = OnnxGraphWriter.write(standardised.graph(), SequenceRegressor.INPUT, "height", "test");
        List<String> ops = onnx.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        assertEquals(List.of("ReduceMean", "Sub", "Mul", "ReduceMean", "Add", "Sqrt", "Div", "Mul", "Add", "Conv"),
                ops.subList(0, 10), ops.toString());
        float[][] actual = runInOnnxRuntime(onnx.toByteArray(), videos);
        Gap gap = gap(expected, actual);
        double maxDiff = gap.maxDiff();
        double span = gap.span();
        assertTrue(span > 1e-3, "outputs hardly vary: " + span);
        assertTrue(maxDiff <= 1e-4, "max abs difference " + maxDiff);
    }

    @Test
    void aModelWorkingInOtherUnitsExportsItsScaleToo() throws Exception {
        // as a supervised baseline on labels in pixels is built: its output in units of their spread
        SequenceRegressor pixels = TinyModel.trained(TinyModel.videos(8, 1), TinyModel.spec(InputNorm.NONE).withOutput(450, 300));
        double[][] expected = pixels.predict(videos);
        Onnx.ModelProto onnx = OnnxGraphWriter.write(pixels.graph(), SequenceRegressor.INPUT, "height", "test");
        List<String> ops = onnx.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        assertEquals("Mul", ops.get(ops.size() - 1), ops.toString());
        Gap gap = gap(expected, runInOnnxRuntime(onnx.toByteArray(), videos));
        assertTrue(gap.span() > 300 * 1e-3, "outputs hardly vary: " + gap.span());
        assertTrue(gap.maxDiff() <= 300 * 1e-4, "max abs difference " + gap.maxDiff());
    }

    @Test
    void aModelReadingItsChannelsPlacesExportsTheSoftmax() throws Exception {
        ModelSpec tiny = TinyModel.spec(InputNorm.NONE);
        SequenceRegressor places = TinyModel.trained(TinyModel.videos(8, 1), new ModelSpec(tiny.convChannels(),
                tiny.kernels(), tiny.dense(), tiny.init(), tiny.output(), tiny.outputInit(), tiny.normalise(),
                Head.SPATIAL_SOFTMAX));
        double[][] expected = places.predict(videos);
        Onnx.ModelProto onnx = OnnxGraphWriter.write(places.graph(), SequenceRegressor.INPUT, "height", "test");
        List<String> ops = onnx.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        int softmax = ops.indexOf("Softmax");
        assertEquals(List.of("Reshape", "Softmax", "MatMul", "Reshape"), ops.subList(softmax - 1, softmax + 3), ops.toString());
        Gap gap = gap(expected, runInOnnxRuntime(onnx.toByteArray(), videos));
        assertTrue(gap.span() > 1e-3, "outputs hardly vary: " + gap.span());
        assertTrue(gap.maxDiff() <= 1e-4, "max abs difference " + gap.maxDiff());
    }

    @Test
    void int8WeightsShrinkTheModelAndStayCloseToFloat() throws Exception {
        double[][] expected = model.predict(videos);
        byte[] float32 = OnnxGraphWriter.write(model.graph(), SequenceRegressor.INPUT, "height", "test").toByteArray();
        Onnx.ModelProto q = OnnxGraphWriter.write(model.graph(), SequenceRegressor.INPUT, "height", "test", true);
        assertTrue(q.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("DequantizeLinear")));
        // A quarter of the weight bytes; this tiny model's graph structure is a large share of the file.
        assertTrue(q.getSerializedSize() < 0.5 * float32.length,
                "int8 weights should shrink the model: " + q.getSerializedSize() + " vs " + float32.length);
        float[][] actual = runInOnnxRuntime(q.toByteArray(), videos);
        Gap gap = gap(expected, actual);
        double maxDiff = gap.maxDiff();
        double span = gap.span();
        // Rounding the weights changes the outputs, but by far less than they vary between frames.
        assertTrue(maxDiff > 0, "quantised weights must not give bit-identical outputs");
        assertTrue(maxDiff < 0.1 * span, "int8 error " + maxDiff + " against an output span of " + span);
    }

    @Test
    void onlyTheInferenceSubgraphIsExported() {
        Onnx.ModelProto onnx = OnnxGraphWriter.write(model.graph(), SequenceRegressor.INPUT, "height", "test");
        List<String> ops = onnx.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        assertEquals(List.of("Conv", "MaxPool", "Relu", "Conv", "MaxPool", "Relu", "Reshape", "MatMul", "Add",
                "Relu", "MatMul", "Add"), ops);
        assertEquals(List.of("frames"), onnx.getGraph().getInputList().stream().map(Onnx.ValueInfoProto::getName).toList());
    }

    @Test
    void anOpWithoutAnOnnxTranslationFailsTheExportByName() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("frames", DataType.FLOAT, -1, 3, 4, 4);
        SDVariable w = sd.var("W", Nd4j.rand(DataType.FLOAT, 48, 1));
        sd.math().tanh("height", x.reshape(-1, 48).mmul(w));
        UnexportableModelError e = assertThrows(UnexportableModelError.class,
                () -> OnnxGraphWriter.write(sd, "frames", "height", "test"));
        assertTrue(e.getMessage().contains("(tanh)") && e.getMessage().contains("height"), e.getMessage());
    }

    @Test
    void aConvolutionInNhwcIsRefusedRatherThanExportedWrong() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("frames", DataType.FLOAT, -1, 4, 4, 3);
        SDVariable w = sd.var("W", Nd4j.rand(DataType.FLOAT, 3, 3, 3, 2));
        sd.cnn().conv2d("conv", x, w, Conv2DConfig.builder().kH(3).kW(3).pH(1).pW(1).dataFormat("NHWC").build());
        UnexportableModelError e = assertThrows(UnexportableModelError.class,
                () -> OnnxGraphWriter.write(sd, "frames", "conv", "test"));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("NHWC"), e.getMessage());
    }

    /** Runs each video's frames through ONNX Runtime: [video][frame]. */
    static float[][] runInOnnxRuntime(byte[] model, List<Video> videos) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
            float[][] out = new float[videos.size()][];
            for (int i = 0; i < videos.size(); i++) {
                Video v = videos.get(i);
                long[] shape = {v.frames(), v.channels(), v.height(), v.width()};
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(v.pixels()), shape);
                     OrtSession.Result r = s.run(Map.of("frames", t))) {
                    float[][] y = (float[][]) r.get(0).getValue();
                    out[i] = new float[y.length];
                    for (int f = 0; f < y.length; f++) {
                        out[i][f] = y[f][0];
                    }
                }
            }
            return out;
        }
    }
}
