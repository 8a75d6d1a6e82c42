package dev.kenning.learner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.Shape;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Training ops that Kenning computes in Java, on the arrays libnd4j allocated, because libnd4j
 * 1.0.0-M2.1 computes them slowly: on the free-fall model (96 frames of 16×32×32, one thread)
 * its {@code maxpool2d_bp} took ~16 ms of a ~90 ms step, searching every window's maximum
 * through generic strided loops, against ~1.4 ms for PyTorch's; {@code thresholdedrelu_bp} took
 * ~3.6 ms through a per-element function call. Each kernel here takes only the case it is
 * written for (float, contiguous C-order; for pooling 2×2 windows of stride 2 without padding,
 * NCHW) and otherwise leaves the op to libnd4j, so results never depend on which ran. The
 * gradients are libnd4j's exactly: the first maximum of a window, in row order, takes the
 * window's gradient (as libnd4j and PyTorch do).
 */
public final class JavaKernels {
    private JavaKernels() {
    }

    /**
     * Runs the op in Java when a kernel here covers it, writing into the context's output
     * arrays; false leaves it to libnd4j.
     */
    public static boolean run(String opName, OpContext ctx) {
        return switch (opName) {
            case "maxpool2d_bp" -> maxPoolBackward(ctx);
            case "thresholdedrelu_bp" -> reluBackward(ctx);
            default -> false;
        };
    }

    /** Max-pool backward, 2×2 windows, stride 2, no padding, NCHW: inputs (x, dL/dy), output dL/dx. */
    static boolean maxPoolBackward(OpContext ctx) {
        List<Long> a = ctx.getIArguments();
        if (a.size() < 10 || a.get(0) != 2 || a.get(1) != 2 || a.get(2) != 2 || a.get(3) != 2 || a.get(4) != 0
                || a.get(5) != 0 || a.get(6) != 1 || a.get(7) != 1 || a.get(8) != 0 || (a.size() > 10 && a.get(10) != 0)) {
            return false;
        }
        if (ctx.numInputArguments() != 2 || ctx.numOutputArguments() != 1) {
            return false;
        }
        INDArray x = ctx.getInputArray(0);
        INDArray gradOut = ctx.getInputArray(1);
        INDArray gradIn = ctx.getOutputArray(0);
        if (!plain(x, 4) || !plain(gradOut, 4) || !plain(gradIn, 4)) {
            return false;
        }
        long[] s = x.shape();
        if (s[2] % 2 != 0 || s[3] % 2 != 0 || !java.util.Arrays.equals(s, gradIn.shape())
                || !java.util.Arrays.equals(gradOut.shape(), new long[]{s[0], s[1], s[2] / 2, s[3] / 2})
                || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        Scratch m = SCRATCH.get();
        float[] xs = m.in(floats(x), (int) x.length());
        float[] gs = m.grad(floats(gradOut), (int) gradOut.length());
        float[] out = m.out((int) gradIn.length());
        maxPoolBackward(xs, gs, out, (int) (s[0] * s[1]), (int) s[2], (int) s[3]);
        floats(gradIn).put(out, 0, (int) gradIn.length());
        return true;
    }

    /**
     * For each plane of h×w values and each 2×2 window, the gradient of the window's output goes to
     * its first largest value; the other three get zero. Branch-free (a knockout of two pairs,
     * each keeping the earlier of equals), since on real activations which value wins is random.
     */
    public static void maxPoolBackward(float[] x, float[] gradOut, float[] gradIn, int planes, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        Arrays.fill(gradIn, 0, planes * h * w, 0f);
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            int out = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int top = plane + 2 * i * w;
                int row = out + i * ow;
                for (int j = 0; j < ow; j++) {
                    int t = top + 2 * j;
                    float v0 = x[t];
                    float v1 = x[t + 1];
                    float v2 = x[t + w];
                    float v3 = x[t + w + 1];
                    int upper = v1 > v0 ? 1 : 0;
                    int lower = v3 > v2 ? w + 1 : w;
                    int at = Math.max(v2, v3) > Math.max(v0, v1) ? lower : upper;
                    gradIn[t + at] = gradOut[row + j];
                }
            }
        }
    }

    /** ReLU backward with a cutoff: inputs (x, dL/dy), output dL/dx = dL/dy where x > cutoff, else 0. */
    static boolean reluBackward(OpContext ctx) {
        List<Double> t = ctx.getTArguments();
        if (ctx.numInputArguments() != 2 || ctx.numOutputArguments() != 1 || t.size() != 1) {
            return false;
        }
        INDArray x = ctx.getInputArray(0);
        INDArray gradOut = ctx.getInputArray(1);
        INDArray gradIn = ctx.getOutputArray(0);
        if (!plain(x, -1) || !plain(gradOut, -1) || !plain(gradIn, -1) || x.length() > Integer.MAX_VALUE
                || !java.util.Arrays.equals(x.shape(), gradOut.shape()) || !java.util.Arrays.equals(x.shape(), gradIn.shape())) {
            return false;
        }
        float cutoff = (float) (double) t.get(0);
        int n = (int) x.length();
        Scratch m = SCRATCH.get();
        float[] xs = m.in(floats(x), n);
        float[] gs = m.grad(floats(gradOut), n);
        float[] out = m.out(n);
        for (int i = 0; i < n; i++) {
            out[i] = xs[i] > cutoff ? gs[i] : 0f;
        }
        floats(gradIn).put(out, 0, n);
        return true;
    }

    /** Float, C-order with the default strides (of the given rank, or any with -1), not empty. */
    private static boolean plain(INDArray a, int rank) {
        return a != null && a.dataType() == DataType.FLOAT && !a.isEmpty() && (rank < 0 || a.rank() == rank)
                && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Heap copies of a kernel's inputs and output, reused from call to call on a thread: the
     * kernels loop over Java arrays (bulk copies in and out of libnd4j's buffers cost less than
     * reading those buffers element by element).
     */
    private static final class Scratch {
        private float[] in = new float[0];
        private float[] grad = new float[0];
        private float[] out = new float[0];

        float[] in(FloatBuffer from, int n) {
            in = fill(in, from, n);
            return in;
        }

        float[] grad(FloatBuffer from, int n) {
            grad = fill(grad, from, n);
            return grad;
        }

        float[] out(int n) {
            if (out.length < n) {
                out = new float[n];
            }
            return out;
        }

        private static float[] fill(float[] a, FloatBuffer from, int n) {
            float[] to = a.length < n ? new float[n] : a;
            from.get(0, to, 0, n);
            return to;
        }
    }

    /** The array's elements as a buffer indexed from its first element. */
    private static FloatBuffer floats(INDArray a) {
        FloatBuffer all = a.data().asNioFloat();
        return all.position((int) a.offset()).slice();
    }
}
