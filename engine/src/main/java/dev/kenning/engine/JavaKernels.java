package dev.kenning.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.Shape;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training ops that Kenning runs itself instead of handing them to libnd4j 1.0.0-M2.1, which
 * runs them slowly: its {@code maxpool2d_bp} searches every window's maximum through generic
 * strided loops, and its {@code thresholdedrelu_bp} calls a function per element
 * (docs/architecture.md, Facts). Those run here in Java, on the arrays libnd4j allocated;
 * the max-pool forward too, so that it can keep each window's winner for the backward, as
 * PyTorch keeps its indices. Convolutions run on oneDNN directly ({@link OneDnnConvolutions});
 * one on the input images gets only its weight and bias gradients. Each kernel here takes only
 * the case it is written for (float, contiguous C-order; for pooling 2×2 windows of stride 2
 * without padding, NCHW) and otherwise leaves the op to libnd4j, so results never depend on
 * which ran. On finite values the results are libnd4j's exactly: the first maximum of a window,
 * in row order, is its output and takes its gradient (as libnd4j and PyTorch do). Large arrays
 * are split over as many threads as libnd4j uses ({@code OMP_NUM_THREADS}). One instance serves
 * the steps of one training phase; closing it frees oneDNN's primitives.
 */
final class JavaKernels implements AutoCloseable {
    /** Each max-pool forward's window winners this step, by the name of the pooled variable. */
    private final Map<String, Winners> winners = new HashMap<>();
    private final Set<String> fixed;
    private final OneDnnConvolutions convolutions = OneDnnConvolutions.available() ? new OneDnnConvolutions() : null;
    private int step;

    /** Kernels for a graph where nothing is known about which variables training moves. */
    JavaKernels() {
        this(Set.of());
    }

    /**
     * Kernels for a graph whose {@code fixed} variables do not depend on anything trainable
     * (the graph's inputs, constants and what is computed from them only): the backward of a
     * convolution on one of them computes only the weight and bias gradients.
     */
    JavaKernels(Set<String> fixed) {
        this.fixed = Set.copyOf(fixed);
    }

    /** Starts a new training step: what the forwards of the step before left is no longer used. */
    void nextStep() {
        step++;
    }

    /** Whether a kernel here is written for the op (it may still leave a case to libnd4j). */
    static boolean covers(String opName) {
        return switch (opName) {
            case "maxpool2d", "maxpool2d_bp", "thresholdedrelu_bp", "conv2d", "conv2d_bp" -> true;
            default -> false;
        };
    }

    /**
     * Runs the op here when a kernel covers it, writing into the context's output arrays; false
     * leaves it to libnd4j. {@code input} names the op's first input variable: a max-pool forward
     * keeps its window winners under it, for its backward in the same step, and a convolution its
     * oneDNN primitives.
     */
    boolean run(String opName, String input, OpContext ctx) {
        return switch (opName) {
            case "maxpool2d" -> maxPool(input, ctx);
            case "maxpool2d_bp" -> maxPoolBackward(input, ctx);
            case "thresholdedrelu_bp" -> reluBackward(ctx);
            case "conv2d" -> input != null && convolutions != null && convolutions.forward(input, ctx);
            case "conv2d_bp" -> input != null && convolutions != null && convolutions.backward(input, ctx, fixed.contains(input));
            default -> false;
        };
    }

    /** Frees what the kernels keep outside the Java heap (oneDNN's primitives and buffers). */
    @Override
    public void close() {
        if (convolutions != null) {
            convolutions.close();
        }
    }

    /**
     * Which of each 2×2 window's four values was its first largest (0 top left, 1 top right, 2
     * bottom left, 3 bottom right), as a forward pass found them on the array at {@code address}
     * in step {@code step}.
     */
    private static final class Winners {
        byte[] at = new byte[0];
        long address;
        long[] shape;
        int step;

        boolean isFor(INDArray x, int currentStep) {
            return step == currentStep && address == address(x) && Arrays.equals(shape, x.shape());
        }
    }

    private static long address(INDArray x) {
        return x.data().address() + x.offset() * x.dataType().width();
    }

    /** Whether the pooling arguments are 2×2 windows, stride 2, no padding, no dilation, NCHW. */
    private static boolean twoByTwo(OpContext ctx) {
        List<Long> a = ctx.getIArguments();
        return a.size() >= 10 && a.get(0) == 2 && a.get(1) == 2 && a.get(2) == 2 && a.get(3) == 2 && a.get(4) == 0
                && a.get(5) == 0 && a.get(6) == 1 && a.get(7) == 1 && a.get(8) == 0 && (a.size() == 10 || a.get(10) == 0);
    }

    /** The NCHW input's shape when it and {@code pooled} fit a 2×2 pooling the kernels take; else null. */
    private static long[] poolable(INDArray x, INDArray pooled) {
        if (!plain(x, 4) || !plain(pooled, 4) || x.length() > Integer.MAX_VALUE) {
            return null;
        }
        long[] s = x.shape();
        boolean fits = s[2] % 2 == 0 && s[3] % 2 == 0
                && Arrays.equals(pooled.shape(), new long[]{s[0], s[1], s[2] / 2, s[3] / 2});
        return fits ? s : null;
    }

    /**
     * Max-pool forward, 2×2 windows, stride 2, no padding, NCHW: input x, output y. Keeps which
     * value of each window won, so the backward needs neither x nor a second search.
     */
    private boolean maxPool(String input, OpContext ctx) {
        if (input == null || !twoByTwo(ctx) || ctx.numInputArguments() != 1 || ctx.numOutputArguments() != 1) {
            return false;
        }
        INDArray x = ctx.getInputArray(0);
        INDArray y = ctx.getOutputArray(0);
        long[] s = poolable(x, y);
        if (s == null) {
            return false;
        }
        Winners w = winners.computeIfAbsent(input, k -> new Winners());
        if (w.at.length < y.length()) {
            w.at = new byte[(int) y.length()];
        }
        w.address = address(x);
        w.shape = s;
        w.step = step;
        int h = (int) s[2];
        int width = (int) s[3];
        int plane = h * width;
        Scratch m = SCRATCH.get();
        float[] xs = m.get(0, (int) x.length());
        float[] ys = m.get(2, (int) y.length());
        byte[] at = w.at;
        FloatBuffer xb = floats(x);
        FloatBuffer yb = floats(y);
        inParts((int) (s[0] * s[1]), plane, (from, to) -> {
            xb.get(from * plane, xs, from * plane, (to - from) * plane);
            maxPool(xs, ys, at, from, to, h, width);
            yb.put(from * plane / 4, ys, from * plane / 4, (to - from) * plane / 4);
        });
        return true;
    }

    /**
     * For each plane of h×w values, each 2×2 window's largest value and which one it was: the
     * first in row order among equals (as libnd4j and PyTorch choose). Branch-free (a knockout of
     * two pairs, each keeping the earlier of equals), since on real activations which value wins
     * is random.
     */
    static void maxPool(float[] x, float[] y, byte[] winner, int fromPlane, int toPlane, int h, int w) {
        int oh = h / 2;
        int ow = w / 2;
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
                    float upper = Math.max(v0, v1);
                    float lower = Math.max(v2, v3);
                    int first = v1 > v0 ? 1 : 0;
                    int second = v3 > v2 ? 3 : 2;
                    y[row + j] = Math.max(upper, lower);
                    winner[row + j] = (byte) (lower > upper ? second : first);
                }
            }
        }
    }

    /**
     * Max-pool backward, 2×2 windows, stride 2, no padding, NCHW: inputs (x, dL/dy), output dL/dx.
     * Uses the winners this step's forward kept for x; searches x again when there are none (the
     * forward ran elsewhere).
     */
    private boolean maxPoolBackward(String input, OpContext ctx) {
        if (!twoByTwo(ctx) || ctx.numInputArguments() != 2 || ctx.numOutputArguments() != 1) {
            return false;
        }
        INDArray x = ctx.getInputArray(0);
        INDArray gradOut = ctx.getInputArray(1);
        INDArray gradIn = ctx.getOutputArray(0);
        long[] s = poolable(x, gradOut);
        if (s == null || !plain(gradIn, 4) || !Arrays.equals(s, gradIn.shape())) {
            return false;
        }
        int h = (int) s[2];
        int w = (int) s[3];
        int plane = h * w;
        Winners known = input == null ? null : winners.get(input);
        byte[] at = known != null && known.isFor(x, step) ? known.at : null;
        Scratch m = SCRATCH.get();
        float[] xs = at == null ? m.get(0, (int) x.length()) : null;
        float[] gs = m.get(1, (int) gradOut.length());
        float[] out = m.get(2, (int) gradIn.length());
        FloatBuffer xb = floats(x);
        FloatBuffer gb = floats(gradOut);
        FloatBuffer ob = floats(gradIn);
        inParts((int) (s[0] * s[1]), plane, (from, to) -> {
            gb.get(from * plane / 4, gs, from * plane / 4, (to - from) * plane / 4);
            if (at != null) {
                maxPoolBackward(at, gs, out, from, to, h, w);
            } else {
                xb.get(from * plane, xs, from * plane, (to - from) * plane);
                maxPoolBackward(xs, gs, out, from, to, h, w);
            }
            ob.put(from * plane, out, from * plane, (to - from) * plane);
        });
        return true;
    }

    /** Each window's output gradient to the value its forward chose; zero to the other three. */
    static void maxPoolBackward(byte[] winner, float[] gradOut, float[] gradIn, int fromPlane, int toPlane, int h, int w) {
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
                    int k = winner[row + j];
                    gradIn[top + 2 * j + (k & 1) + (k >> 1) * w] = gradOut[row + j];
                }
            }
        }
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
    private static boolean reluBackward(OpContext ctx) {
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
                // a mask, not a choice of values: C2 compiles this without branches
                int keep = xs[i] > cutoff ? -1 : 0;
                out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gs[i]) & keep);
            }
            ob.put(from, out, from, to - from);
        });
        return true;
    }

    /** Float, C-order with the default strides (of the given rank, or any with -1), not empty. */
    static boolean plain(INDArray a, int rank) {
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
    static FloatBuffer floats(INDArray a) {
        FloatBuffer all = a.data().asNioFloat();
        return all.position((int) a.offset()).slice();
    }
}
