package dev.kenning.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java kernels give libnd4j's results exactly, ties included, on the cases they take, and
 * leave every other case to libnd4j.
 */
class JavaKernelsTest {
    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    /** Values from a few levels only, so windows hold ties (as flat image regions do). */
    private static INDArray coarse(long seed, long... shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rnd.nextInt(4) - 1.5);
        }
        return a;
    }

    private static INDArray gaussian(long seed, long... shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rnd.nextGaussian());
        }
        return a;
    }

    /** Whether the Java kernels take the op, writing into {@code out} if they do. */
    private static boolean takes(String name, INDArray[] in, INDArray out, long[] iArgs, double[] tArgs) {
        return takes(new JavaKernels(), name, in, out, iArgs, tArgs);
    }

    private static boolean takes(JavaKernels kernels, String name, INDArray[] in, INDArray out, long[] iArgs,
                                 double[] tArgs) {
        return takes(kernels, name, in, new INDArray[]{out}, iArgs, tArgs);
    }

    /**
     * The same, on kernels that may hold what a forward pass left, for ops of several outputs; the
     * first input is named "x".
     */
    private static boolean takes(JavaKernels kernels, String name, INDArray[] in, INDArray[] out, long[] iArgs,
                                 double[] tArgs) {
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        for (int i = 0; i < in.length; i++) {
            ctx.setInputArray(i, in[i]);
        }
        for (int i = 0; i < out.length; i++) {
            ctx.setOutputArray(i, out[i]);
        }
        ctx.setIArguments(iArgs);
        ctx.setTArguments(tArgs);
        return kernels.run(name, "x", ctx);
    }

    /** Runs the op in Java and in libnd4j; true when Java took it, after checking both agree. */
    private static boolean sameAsNative(String name, INDArray[] in, long[] outShape, long[] iArgs, double[] tArgs) {
        INDArray byJava = Nd4j.zeros(DataType.FLOAT, outShape).addi(7);
        boolean took = takes(name, in, byJava, iArgs, tArgs);
        if (took) {
            assertArrayEquals(byNative(name, in, outShape, iArgs, tArgs).data().asFloat(), byJava.data().asFloat(),
                    name + " differs from libnd4j");
        }
        return took;
    }

    private static INDArray byNative(String name, INDArray[] in, long[] outShape, long[] iArgs, double[] tArgs) {
        INDArray nat = Nd4j.zeros(DataType.FLOAT, outShape);
        DynamicCustomOp op = DynamicCustomOp.builder(name).addInputs(in).addOutputs(nat).addIntegerArguments(Arrays.stream(iArgs).mapToInt(v -> (int) v).toArray())
                .addFloatingPointArguments(Arrays.stream(tArgs).boxed().toArray(Double[]::new)).build();
        Nd4j.exec(op);
        return nat;
    }

    private static final long[] POOL = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};

    @Test
    void maxPoolBackwardIsLibnd4jsTiesIncluded() {
        for (long seed = 0; seed < 3; seed++) {
            INDArray x = coarse(seed, 3, 4, 6, 8);
            INDArray g = gaussian(seed + 10, 3, 4, 3, 4);
            assertTrue(sameAsNative("maxpool2d_bp", new INDArray[]{x, g}, x.shape(), POOL, new double[0]));
            INDArray smooth = gaussian(seed + 20, 2, 3, 8, 8);
            assertTrue(sameAsNative("maxpool2d_bp", new INDArray[]{smooth, gaussian(seed, 2, 3, 4, 4)}, smooth.shape(),
                    POOL, new double[0]));
        }
    }

    @Test
    void maxPoolForwardIsLibnd4jsTiesIncluded() {
        for (long seed = 0; seed < 3; seed++) {
            assertTrue(sameAsNative("maxpool2d", new INDArray[]{coarse(seed, 3, 4, 6, 8)}, new long[]{3, 4, 3, 4}, POOL,
                    new double[0]));
            assertTrue(sameAsNative("maxpool2d", new INDArray[]{gaussian(seed, 2, 3, 8, 8)}, new long[]{2, 3, 4, 4},
                    POOL, new double[0]));
        }
    }

    @Test
    void theBackwardUsesTheWinnersItsForwardKeptThisStep() {
        JavaKernels kernels = new JavaKernels();
        kernels.nextStep();
        INDArray x = coarse(40, 3, 4, 6, 8);
        INDArray before = x.dup();
        INDArray g = gaussian(41, 3, 4, 3, 4);
        assertTrue(takes(kernels, "maxpool2d", new INDArray[]{x}, Nd4j.create(DataType.FLOAT, 3, 4, 3, 4), POOL,
                new double[0]));
        // The winners are the forward's: changing x in place afterwards does not move the gradient.
        x.assign(coarse(42, 3, 4, 6, 8));
        float[] forOriginal = byNative("maxpool2d_bp", new INDArray[]{before, g}, x.shape(), POOL, new double[0])
                .data().asFloat();
        float[] forNow = byNative("maxpool2d_bp", new INDArray[]{x, g}, x.shape(), POOL, new double[0]).data().asFloat();
        assertFalse(Arrays.equals(forOriginal, forNow));
        INDArray gradIn = x.ulike();
        assertTrue(takes(kernels, "maxpool2d_bp", new INDArray[]{x, g}, gradIn, POOL, new double[0]));
        assertArrayEquals(forOriginal, gradIn.data().asFloat());
        // In the next step they are stale: the backward searches x as it is now.
        kernels.nextStep();
        assertTrue(takes(kernels, "maxpool2d_bp", new INDArray[]{x, g}, gradIn, POOL, new double[0]));
        assertArrayEquals(forNow, gradIn.data().asFloat());
    }

    @Test
    void largeArraysSplitOverThreadsGiveTheSameResult() {
        INDArray x = coarse(30, 8, 9, 32, 32);
        assertTrue(sameAsNative("maxpool2d_bp", new INDArray[]{x, gaussian(31, 8, 9, 16, 16)}, x.shape(), POOL,
                new double[0]));
        assertTrue(sameAsNative("maxpool2d", new INDArray[]{x}, new long[]{8, 9, 16, 16}, POOL, new double[0]));
        INDArray r = coarse(32, 9, 90, 90);
        assertTrue(sameAsNative("thresholdedrelu_bp", new INDArray[]{r, gaussian(33, 9, 90, 90)}, r.shape(), new long[0],
                new double[]{0.0}));
    }

    @Test
    void maxPoolBackwardReadsAViewFromItsFirstElement() {
        INDArray whole = coarse(5, 4, 2, 4, 4);
        INDArray view = whole.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(view.offset() > 0);
        assertTrue(sameAsNative("maxpool2d_bp", new INDArray[]{view, gaussian(6, 2, 2, 2, 2)}, view.shape(), POOL,
                new double[0]));
    }

    @Test
    void otherPoolingIsLeftToLibnd4j() {
        INDArray x = coarse(1, 2, 3, 6, 6);
        long[] threeByThree = {3, 3, 3, 3, 0, 0, 1, 1, 0, 0, 0};
        assertFalse(takes("maxpool2d_bp", new INDArray[]{x, gaussian(2, 2, 3, 2, 2)}, x.ulike(), threeByThree,
                new double[0]));
        long[] nhwc = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1};
        assertFalse(takes("maxpool2d_bp", new INDArray[]{x, gaussian(2, 2, 1, 3, 3)}, x.ulike(), nhwc, new double[0]));
        INDArray odd = coarse(3, 2, 3, 5, 4);
        assertFalse(takes("maxpool2d_bp", new INDArray[]{odd, gaussian(4, 2, 3, 2, 2)}, odd.ulike(), POOL,
                new double[0]));
        INDArray strided = coarse(4, 2, 3, 8, 8).permute(0, 1, 3, 2);
        assertFalse(sameAsNative("maxpool2d_bp", new INDArray[]{strided, gaussian(4, 2, 3, 4, 4)}, strided.shape(), POOL,
                new double[0]));
        INDArray doubles = x.castTo(DataType.DOUBLE);
        assertFalse(takes("maxpool2d_bp", new INDArray[]{doubles, gaussian(2, 2, 3, 3, 3).castTo(DataType.DOUBLE)},
                doubles.ulike(), POOL, new double[0]));
    }

    private static final long[] CONV = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0};

    /** libnd4j's conv2d_bp outputs: input, weight and bias gradients. */
    private static INDArray[] convBackwardByNative(INDArray x, INDArray w, INDArray b, INDArray gy, long[] iArgs) {
        INDArray[] out = {x.ulike(), w.ulike(), b.ulike()};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gy).addOutputs(out)
                .addIntegerArguments(Arrays.stream(iArgs).mapToInt(v -> (int) v).toArray()).build());
        return out;
    }

    private static boolean convBackwardByKenning(JavaKernels kernels, INDArray x, INDArray w, INDArray b, INDArray gy,
                                                 INDArray[] out, long[] iArgs) {
        return takes(kernels, "conv2d_bp", new INDArray[]{x, w, b, gy}, out, iArgs, new double[0]);
    }

    /** Runs conv2d and conv2d_bp through the kernels and libnd4j: all results equal, bit for bit. */
    private static void convolutionIsLibnd4js(JavaKernels kernels, INDArray x, INDArray w, INDArray b, long[] iArgs,
                                              long[] outShape) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, outShape).addi(7);
        assertTrue(takes(kernels, "conv2d", new INDArray[]{x, w, b}, y, iArgs, new double[0]));
        assertArrayEquals(byNative("conv2d", new INDArray[]{x, w, b}, outShape, iArgs, new double[0]).data().asFloat(),
                y.data().asFloat(), "forward");
        INDArray gy = gaussian(x.length(), outShape);
        INDArray[] nat = convBackwardByNative(x, w, b, gy, iArgs);
        INDArray[] ours = {x.ulike(), w.ulike(), b.ulike()};
        assertTrue(convBackwardByKenning(kernels, x, w, b, gy, ours, iArgs));
        assertArrayEquals(nat[0].data().asFloat(), ours[0].data().asFloat(), "input gradient");
        assertArrayEquals(nat[1].data().asFloat(), ours[1].data().asFloat(), "weight gradient");
        assertArrayEquals(nat[2].data().asFloat(), ours[2].data().asFloat(), "bias gradient");
    }

    @Test
    void aConvolutionRunsOnOneDnnWithLibnd4jsResults() {
        INDArray w = gaussian(61, 3, 3, 3, 4);
        INDArray b = gaussian(62, 4);
        try (JavaKernels kernels = new JavaKernels()) {
            convolutionIsLibnd4js(kernels, gaussian(60, 2, 3, 6, 6), w, b, CONV, new long[]{2, 4, 6, 6});
            // the layer's primitives are made again for another batch, and kept for the next call
            convolutionIsLibnd4js(kernels, gaussian(63, 5, 3, 6, 6), w, b, CONV, new long[]{5, 4, 6, 6});
            convolutionIsLibnd4js(kernels, gaussian(64, 5, 3, 6, 6), w, b, CONV, new long[]{5, 4, 6, 6});
        }
        try (JavaKernels kernels = new JavaKernels()) {
            long[] strideTwoNoPadding = {3, 3, 2, 2, 0, 0, 1, 1, 0, 0, 0};
            convolutionIsLibnd4js(kernels, gaussian(65, 2, 3, 9, 9), w, b, strideTwoNoPadding, new long[]{2, 4, 4, 4});
        }
        try (JavaKernels kernels = new JavaKernels()) {
            // one input channel (a unit dimension) and a view that starts inside its buffer
            INDArray whole = gaussian(67, 6, 1, 8, 8);
            INDArray view = whole.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(view.offset() > 0);
            convolutionIsLibnd4js(kernels, view, gaussian(68, 3, 3, 1, 4), b, CONV, new long[]{3, 4, 8, 8});
        }
        try (JavaKernels kernels = new JavaKernels()) {
            // an input with other strides than its gradient's (a transposed view; the gradient is laid out afresh)
            INDArray transposed = gaussian(69, 2, 3, 6, 6).permute(0, 1, 3, 2);
            convolutionIsLibnd4js(kernels, transposed, w, b, CONV, new long[]{2, 4, 6, 6});
        }
    }

    @Test
    void aConvolutionOnAFixedInputGetsOnlyItsWeightAndBiasGradients() {
        INDArray x = gaussian(50, 4, 3, 6, 7);
        INDArray w = gaussian(51, 3, 3, 3, 5);
        INDArray b = gaussian(52, 5);
        INDArray gy = gaussian(53, 4, 5, 6, 7);
        INDArray[] nat = convBackwardByNative(x, w, b, gy, CONV);
        try (JavaKernels kernels = new JavaKernels(Set.of("x"))) {
            INDArray[] ours = {x.ulike(), w.ulike(), b.ulike()};
            assertTrue(convBackwardByKenning(kernels, x, w, b, gy, ours, CONV));
            assertArrayEquals(nat[1].data().asFloat(), ours[1].data().asFloat(), "weight gradient");
            assertArrayEquals(nat[2].data().asFloat(), ours[2].data().asFloat(), "bias gradient");
            assertTrue(ours[0].isNaN().all(), "the input gradient is marked as not computed");
        }
    }

    @Test
    void otherConvolutionsAreLeftToLibnd4j() {
        INDArray x = gaussian(70, 2, 3, 6, 6);
        INDArray w = gaussian(71, 3, 3, 3, 4);
        INDArray b = gaussian(72, 4);
        INDArray gy = gaussian(73, 2, 4, 6, 6);
        INDArray[] out = {x.ulike(), w.ulike(), b.ulike()};
        JavaKernels kernels = new JavaKernels(); // takes none of these, so holds no primitives
        long[] nhwc = {3, 3, 1, 1, 1, 1, 1, 1, 0, 1, 0};
        assertFalse(convBackwardByKenning(kernels, x, w, b, gy, out, nhwc));
        long[] dilated = {3, 3, 1, 1, 2, 2, 2, 2, 0, 0, 0};
        assertFalse(convBackwardByKenning(kernels, x, w, b, gy, out, dilated));
        long[] sameMode = {3, 3, 1, 1, 0, 0, 1, 1, 1, 0, 0};
        assertFalse(convBackwardByKenning(kernels, x, w, b, gy, out, sameMode));
        long[] otherWeightLayout = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1};
        assertFalse(takes(kernels, "conv2d", new INDArray[]{x, w, b}, gy.ulike(), otherWeightLayout, new double[0]));
        INDArray doubles = x.castTo(DataType.DOUBLE);
        assertFalse(takes(kernels, "conv2d", new INDArray[]{doubles, w.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE)},
                gy.castTo(DataType.DOUBLE).ulike(), CONV, new double[0]));
    }

    @Test
    void reluBackwardIsLibnd4js() {
        INDArray x = coarse(8, 5, 7, 3);
        // at and just beyond both cutoffs, from either side, and zero of either sign
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0.5f, Math.nextUp(0.5f), Math.nextDown(0.5f)};
        for (int i = 0; i < edges.length; i++) {
            x.putScalar(i, edges[i]);
        }
        assertTrue(sameAsNative("thresholdedrelu_bp", new INDArray[]{x, gaussian(9, 5, 7, 3)}, x.shape(), new long[0],
                new double[]{0.0}));
        assertTrue(sameAsNative("thresholdedrelu_bp", new INDArray[]{x, gaussian(9, 5, 7, 3)}, x.shape(), new long[0],
                new double[]{0.5}));
    }
}
