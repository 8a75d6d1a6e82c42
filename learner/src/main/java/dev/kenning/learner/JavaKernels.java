package dev.kenning.learner;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.Shape;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training ops that Kenning computes in Java, on the arrays libnd4j allocated, because libnd4j
 * 1.0.0-M2.1 computes them slowly: on the free-fall model (96 frames of 16×32×32, one thread)
 * its {@code maxpool2d_bp} took ~16 ms of a ~90 ms step, searching every window's maximum
 * through generic strided loops, against ~1.4 ms for PyTorch's; {@code thresholdedrelu_bp} took
 * ~3.6 ms through a per-element function call. Each kernel here takes only the case it is
 * written for (float, contiguous C-order; for pooling 2×2 windows of stride 2 without padding,
 * NCHW) and otherwise leaves the op to libnd4j, so results never depend on which ran. The
 * gradients are libnd4j's exactly: the first maximum of a window, in row order, takes the
 * window's gradient (as libnd4j and PyTorch do). Large arrays are split over as many threads as
 * libnd4j uses ({@code OMP_NUM_THREADS}).
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
        if (s[2] % 2 != 0 || s[3] % 2 != 0 || !Arrays.equals(s, gradIn.shape())
                || !Arrays.equals(gradOut.shape(), new long[]{s[0], s[1], s[2] / 2, s[3] / 2})
                || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        int h = (int) s[2];
        int w = (int) s[3];
        int plane = h * w;
        Scratch m = SCRATCH.get();
        float[] xs = m.get(0, (int) x.length());
        float[] gs = m.get(1, (int) gradOut.length());
        float[] out = m.get(2, (int) gradIn.length());
        FloatBuffer xb = floats(x);
        FloatBuffer gb = floats(gradOut);
        FloatBuffer ob = floats(gradIn);
        inParts((int) (s[0] * s[1]), plane, (from, to) -> {
            xb.get(from * plane, xs, from * plane, (to - from) * plane);
            gb.get(from * plane / 4, gs, from * plane / 4, (to - from) * plane / 4);
            maxPoolBackward(xs, gs, out, from, to, h, w);
            ob.put(from * plane, out, from * plane, (to - from) * plane);
        });
        return true;
    }

    /**
     * For each plane of h×w values and each 2×2 window, the gradient of the window's output goes to
     * its first largest value; the other three get zero. Branch-free (a knockout of two pairs,
     * each keeping the earlier of equals), since on real activations which value wins is random.
     */
    static void maxPoolBackward(float[] x, float[] gradOut, float[] gradIn, int fromPlane, int toPlane, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
        Arrays.fill(gradIn, fromPlane * h * w, toPlane * h * w, 0f);
        for (int p = fromPlane; p < toPlane; p++) {
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
                || !Arrays.equals(x.shape(), gradOut.shape()) || !Arrays.equals(x.shape(), gradIn.shape())) {
            return false;
        }
        float cutoff = (float) (double) t.get(0);
        int n = (int) x.length();
        Scratch m = SCRATCH.get();
        float[] xs = m.get(0, n);
        float[] gs = m.get(1, n);
        float[] out = m.get(2, n);
        FloatBuffer xb = floats(x);
        FloatBuffer gb = floats(gradOut);
        FloatBuffer ob = floats(gradIn);
        inParts(n, 1, (from, to) -> {
            xb.get(from, xs, from, to - from);
            gb.get(from, gs, from, to - from);
            for (int i = from; i < to; i++) {
                out[i] = xs[i] > cutoff ? gs[i] : 0f;
            }
            ob.put(from, out, from, to - from);
        });
        return true;
    }

    /** Float, C-order with the default strides (of the given rank, or any with -1), not empty. */
    private static boolean plain(INDArray a, int rank) {
        return a != null && a.dataType() == DataType.FLOAT && !a.isEmpty() && (rank < 0 || a.rank() == rank)
                && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    /** Work on a range of items, from inclusive to exclusive. */
    private interface Range {
        void run(int from, int to);
    }

    /** As many parts as libnd4j's threads (OMP_NUM_THREADS), for work of at least this many floats. */
    private static final int PARALLEL_FLOATS = 1 << 16;
    private static final int THREADS = threads();
    private static final ExecutorService HELPERS = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "kenning-kernels");
        t.setDaemon(true);
        return t;
    }) : null;

    private static int threads() {
        try {
            return Math.max(1, Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "")));
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Runs {@code range} over {@code items} items of {@code floatsPerItem} floats, split in equal
     * parts over the kernel threads (this thread takes the first) when the work is large enough.
     */
    private static void inParts(int items, int floatsPerItem, Range range) {
        int parts = HELPERS == null || (long) items * floatsPerItem < PARALLEL_FLOATS ? 1 : Math.min(THREADS, items);
        List<Future<?>> others = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) items * p / parts);
            int to = (int) ((long) items * (p + 1) / parts);
            others.add(HELPERS.submit(() -> range.run(from, to)));
        }
        range.run(0, (int) ((long) items / parts));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a kernel ran", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a kernel failed", e.getCause());
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Heap copies of a kernel's two inputs and its output (slots 0, 1, 2), reused from call to call
     * on a thread: the kernels loop over Java arrays (bulk copies in and out of libnd4j's buffers
     * cost less than reading those buffers element by element).
     */
    private static final class Scratch {
        private final float[][] slots = {new float[0], new float[0], new float[0]};

        /** The slot's array, grown to hold at least {@code n} floats. */
        float[] get(int slot, int n) {
            if (slots[slot].length < n) {
                slots[slot] = new float[n];
            }
            return slots[slot];
        }
    }

    /** The array's elements as a buffer indexed from its first element. */
    private static FloatBuffer floats(INDArray a) {
        FloatBuffer all = a.data().asNioFloat();
        return all.position((int) a.offset()).slice();
    }
}
