package dev.kenning.learner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import static dev.kenning.learner.JavaKernels.floats;
import static dev.kenning.learner.JavaKernels.plain;

/**
 * The backward of a convolution whose input nothing trainable feeds (the first layer, on the
 * input images): only the weight and bias gradients are needed, as PyTorch sees from its
 * autograd graph. libnd4j's {@code conv2d_bp} always computes the input's gradient too; on the
 * free-fall model's first layer (96 frames, 3 → 16 channels, 32×32) that op took ~11.7 ms against
 * ~4.5 ms for its forward, and PyTorch's backward, without the input gradient, ~6.4 ms.
 *
 * <p>Here the weight gradient is one matrix product, {@code columns · gradOᵀ}: the input unrolled
 * into a row per weight position (kernel row, kernel column, input channel, the layout of the
 * weights [kH, kW, iC, oC]) and a column per output pixel of every image, times the output
 * gradient laid out with a row per output channel. The product runs in ND4J's BLAS. The input
 * gradient is filled with NaN: it is not computed, and a NaN that reached a weight would stop the
 * run as diverged rather than train it wrongly.
 *
 * <p>Takes stride 1, no dilation, explicit padding, NCHW and weights [kH, kW, iC, oC] (format 0),
 * float, contiguous arrays; any other case is left to libnd4j.
 */
final class WeightOnlyConvBackward {
    /** The input on the heap, and the two operands of the product, reused while the shapes stay. */
    private float[] xs = new float[0];
    private INDArray columns;
    private INDArray gradOut;

    /**
     * Inputs (x, w[, b], dL/dy), outputs (dL/dx, dL/dw[, dL/db]); true when it wrote dL/dw and
     * dL/db (and NaN into dL/dx).
     */
    boolean run(OpContext ctx) {
        List<Long> a = ctx.getIArguments();
        int inputs = ctx.numInputArguments();
        if (a.size() < 10 || a.get(2) != 1 || a.get(3) != 1 || a.get(6) != 1 || a.get(7) != 1 || a.get(8) != 0
                || a.get(9) != 0 || (a.size() > 10 && a.get(10) != 0) || (inputs != 3 && inputs != 4)
                || ctx.numOutputArguments() != inputs - 1) {
            return false;
        }
        boolean bias = inputs == 4;
        INDArray x = ctx.getInputArray(0);
        INDArray w = ctx.getInputArray(1);
        INDArray gy = ctx.getInputArray(inputs - 1);
        INDArray gw = ctx.getOutputArray(1);
        INDArray gb = bias ? ctx.getOutputArray(2) : null;
        if (!plain(x, 4) || !plain(w, 4) || !plain(gy, 4) || !plain(gw, 4) || (bias && !plain(gb, -1))) {
            return false;
        }
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int wd = (int) x.size(3);
        int kh = (int) (long) a.get(0);
        int kw = (int) (long) a.get(1);
        int ph = (int) (long) a.get(4);
        int pw = (int) (long) a.get(5);
        int o = (int) w.size(3);
        int oh = h + 2 * ph - kh + 1;
        int ow = wd + 2 * pw - kw + 1;
        long positions = (long) n * oh * ow;
        if (!Arrays.equals(w.shape(), new long[]{kh, kw, c, o}) || !Arrays.equals(gw.shape(), w.shape())
                || !Arrays.equals(gy.shape(), new long[]{n, o, oh, ow}) || (bias && gb.length() != o)
                || oh <= 0 || ow <= 0 || positions * (kh * kw * c + 1) > Integer.MAX_VALUE || positions * o > Integer.MAX_VALUE) {
            return false;
        }
        int np = (int) positions;
        int k = kh * kw * c;
        xs = xs.length >= x.length() ? xs : new float[(int) x.length()];
        floats(x).get(0, xs, 0, (int) x.length());
        if (columns == null || columns.size(0) != k + 1 || columns.size(1) != np) {
            if (columns != null) {
                columns.close();
            }
            // the padding's zeros are written once; the last row, all ones, gives the bias gradient
            columns = Nd4j.zeros(DataType.FLOAT, k + 1, np);
            columns.getRow(k).assign(1);
        }
        unroll(xs, floats(columns), n, c, h, wd, kh, kw, ph, pw, oh, ow);
        if (gradOut == null || gradOut.size(0) != o || gradOut.size(1) != np) {
            if (gradOut != null) {
                gradOut.close();
            }
            gradOut = Nd4j.create(DataType.FLOAT, o, np);
        }
        byChannel(floats(gy), floats(gradOut), n, o, oh * ow);
        try (INDArray product = Nd4j.gemm(columns, gradOut, false, true)) {
            gw.reshape('c', k, o).assign(product.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()));
            if (bias) {
                gb.reshape(o).assign(product.getRow(k));
            }
        }
        ctx.getOutputArray(0).assign(Float.NaN);
        return true;
    }

    /**
     * Row (kernel row, kernel column, channel), column (image, output row, output column): the
     * input value under that weight for that output pixel. Writes only the values inside the
     * image; the padding's places keep their zeros.
     */
    static void unroll(float[] x, FloatBuffer rows, int n, int c, int h, int w, int kh, int kw, int ph, int pw,
                       int oh, int ow) {
        int np = n * oh * ow;
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                // the output columns whose input column ow + j - pw lies inside the image
                int from = Math.max(0, pw - j);
                int to = Math.min(ow, w + pw - j);
                for (int ch = 0; ch < c; ch++) {
                    int row = ((i * kw + j) * c + ch) * np;
                    for (int img = 0; img < n; img++) {
                        int plane = (img * c + ch) * h * w;
                        for (int y = 0; y < oh; y++) {
                            int iy = y + i - ph;
                            if (iy < 0 || iy >= h || from >= to) {
                                continue;
                            }
                            int dst = row + (img * oh + y) * ow;
                            rows.put(dst + from, x, plane + iy * w + from + j - pw, to - from);
                        }
                    }
                }
            }
        }
    }

    /** dL/dy [n, o, p] as [o, n·p]: a row per output channel. */
    private static void byChannel(FloatBuffer gy, FloatBuffer out, int n, int o, int p) {
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < o; ch++) {
                out.put(ch * n * p + img * p, gy, (img * o + ch) * p, p);
            }
        }
    }
}
