package dev.kenning.engine;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * {@code conv2d} and {@code conv2d_bp} run on oneDNN directly (the {@code org.bytedeco:dnnl}
 * build), with primitives made once per layer and kept for the phase, as PyTorch keeps them.
 * libnd4j 1.0.0-M2.1 reaches the same oneDNN kernels but, on every call, makes the primitives
 * again and reorders each output array into oneDNN's blocked layout before the op overwrites it
 * (and, in the backward, the output gradient twice), a measurable share of a step
 * ({@code DNNL_VERBOSE=1} shows them; docs/architecture.md, Facts). A backward whose input nothing
 * trainable feeds (the first layer) computes only the weight and bias gradients, as PyTorch
 * sees from its autograd graph; its input gradient is filled with NaN, so that a use of it
 * would stop the run as diverged rather than train wrongly.
 *
 * <p>Takes explicit padding ({@code isSameMode} 0), no dilation, NCHW, weights [kH, kW, iC, oC], float;
 * arrays are described to oneDNN by their strides, so views and unit dimensions are fine. Any
 * other case is left to libnd4j. Not thread-safe: one instance serves one training phase.
 *
 * <p>Long (over 500 lines) because it is the whole binding: describing ND4J arrays to oneDNN,
 * building and keeping three primitives per layer, and freeing them; split, each part would need
 * the others' private state.
 */
final class OneDnnConvolutions implements AutoCloseable {
    private static final Pointer LIBRARY_ALLOCATES = new LibraryAllocates();
    private static dnnl_engine engine;

    private final Map<String, Layer> forwards = new HashMap<>();
    private final Map<String, Layer> backwards = new HashMap<>();
    /** This instance's stream (one per instance: a stream is not for two threads at once). */
    private dnnl_stream stream;

    /** oneDNN's handle for "allocate this memory yourself" ({@code DNNL_MEMORY_ALLOCATE}, (void*) -1). */
    private static final class LibraryAllocates extends Pointer {
        LibraryAllocates() {
            address = -1;
        }
    }

    private static Boolean available;

    /**
     * Whether arrays live in host memory (ND4J's CPU backend) and oneDNN loads; when it does not,
     * says so once and convolutions stay with libnd4j.
     */
    static synchronized boolean available() {
        if (available == null) {
            if (!"CpuBackend".equals(Nd4j.getBackend().getClass().getSimpleName())) {
                available = false;
            } else {
                try {
                    Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                    engine();
                    available = true;
                } catch (Throwable e) {
                    System.err.println("oneDNN (org.bytedeco:dnnl) did not load, so convolutions run in libnd4j: " + e);
                    available = false;
                }
            }
        }
        return available;
    }

    /** The forward of the convolution whose input is {@code input}; false leaves it to libnd4j. */
    boolean forward(String input, OpContext ctx) {
        Geometry g = Geometry.of(ctx, false);
        if (g == null) {
            return false;
        }
        Layer layer = forwards.get(input);
        if (layer == null || !layer.geometry.equals(g)) {
            if (layer != null) {
                layer.close();
            }
            layer = Layer.forward(g);
            forwards.put(input, layer);
        }
        layer.run(ctx, stream());
        return true;
    }

    /**
     * The backward of the convolution whose input is {@code input}; with {@code weightsOnly} the
     * input gradient is not computed (NaN). False leaves it to libnd4j.
     */
    boolean backward(String input, OpContext ctx, boolean weightsOnly) {
        Geometry g = Geometry.of(ctx, true);
        if (g == null) {
            return false;
        }
        Layer layer = backwards.get(input);
        if (layer == null || !layer.geometry.equals(g) || layer.weightsOnly != weightsOnly) {
            if (layer != null) {
                layer.close();
            }
            layer = Layer.backward(g, weightsOnly);
            backwards.put(input, layer);
        }
        layer.run(ctx, stream());
        if (weightsOnly) {
            ctx.getOutputArray(0).assign(Float.NaN);
        }
        return true;
    }

    private dnnl_stream stream() {
        if (stream == null) {
            dnnl_stream s = new dnnl_stream();
            ok(dnnl_stream_create(s, engine(), dnnl_stream_default_flags), "oneDNN's stream");
            stream = s;
        }
        return stream;
    }

    @Override
    public void close() {
        forwards.values().forEach(Layer::close);
        backwards.values().forEach(Layer::close);
        forwards.clear();
        backwards.clear();
        if (stream != null) {
            dnnl_stream_destroy(stream);
            stream = null;
        }
    }

    /**
     * A convolution's shapes and settings, read from an op context, and the strides of its arrays
     * (which the primitives are made for). Null when the case is not one taken here.
     */
    record Geometry(long[] x, long[] xStrides, long[] w, long[] wStrides, long[] y, long[] yStrides, boolean bias,
                    long[] gradXStrides, long[] gradWStrides, long[] strides, long[] padLeft, long[] padRight) {
        static Geometry of(OpContext ctx, boolean backward) {
            List<Long> a = ctx.getIArguments();
            int inputs = ctx.numInputArguments();
            int plainInputs = backward ? inputs - 1 : inputs;
            if (a.size() < 9 || a.get(8) != 0 || (a.size() > 9 && a.get(9) != 0) || (a.size() > 10 && a.get(10) != 0)
                    || plainInputs < 2 || plainInputs > 3 || ctx.numOutputArguments() != (backward ? plainInputs : 1)) {
                return null;
            }
            INDArray x = ctx.getInputArray(0);
            INDArray w = ctx.getInputArray(1);
            INDArray b = plainInputs == 3 ? ctx.getInputArray(2) : null;
            INDArray y = backward ? ctx.getInputArray(inputs - 1) : ctx.getOutputArray(0);
            List<INDArray> all = new ArrayList<>(List.of(x, w, y));
            if (b != null) {
                all.add(b);
            }
            for (int i = 0; i < ctx.numOutputArguments(); i++) {
                all.add(ctx.getOutputArray(i));
            }
            for (INDArray arr : all) {
                if (arr == null || arr.dataType() != DataType.FLOAT || arr.isEmpty() || Arrays.stream(arr.stride()).anyMatch(s -> s < 0)) {
                    return null;
                }
            }
            if (x.rank() != 4 || w.rank() != 4 || y.rank() != 4) {
                return null;
            }
            if (b != null) {
                // biases, and the bias gradient, as the vectors oneDNN is told they are
                INDArray gb = backward ? ctx.getOutputArray(2) : b;
                if (b.rank() != 1 || b.stride(0) != 1 || gb.rank() != 1 || gb.stride(0) != 1 || b.length() != w.size(3)) {
                    return null;
                }
            }
            long[] k = {w.size(0), w.size(1)};
            long[] s = {a.get(2), a.get(3)};
            long[] p = {a.get(4), a.get(5)};
            long[] in = {x.size(2), x.size(3)};
            long[] out = {y.size(2), y.size(3)};
            long[] right = new long[2];
            for (int i = 0; i < 2; i++) {
                right[i] = (out[i] - 1) * s[i] + k[i] - in[i] - p[i];
                if (s[i] < 1 || a.get(6 + i) != 1 || p[i] < 0 || right[i] < 0 || a.get(i) != k[i]) {
                    return null;
                }
            }
            if (x.size(1) != w.size(2) || y.size(1) != w.size(3) || y.size(0) != x.size(0)) {
                return null;
            }
            if (backward && !(Arrays.equals(ctx.getOutputArray(0).shape(), x.shape())
                    && Arrays.equals(ctx.getOutputArray(1).shape(), w.shape())
                    && (b == null || ctx.getOutputArray(2).length() == b.length()))) {
                return null;
            }
            long[] gradX = backward ? ctx.getOutputArray(0).stride() : null;
            long[] gradW = backward ? ctx.getOutputArray(1).stride() : null;
            return new Geometry(x.shape(), x.stride(), w.shape(), w.stride(), y.shape(), y.stride(), b != null, gradX, gradW,
                    s, p, right);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && Arrays.equals(x, g.x) && Arrays.equals(xStrides, g.xStrides)
                    && Arrays.equals(w, g.w) && Arrays.equals(wStrides, g.wStrides) && Arrays.equals(y, g.y)
                    && Arrays.equals(yStrides, g.yStrides) && bias == g.bias && Arrays.equals(gradXStrides, g.gradXStrides)
                    && Arrays.equals(gradWStrides, g.gradWStrides) && Arrays.equals(strides, g.strides)
                    && Arrays.equals(padLeft, g.padLeft)
                    && Arrays.equals(padRight, g.padRight);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(x) * 31 + Arrays.hashCode(y);
        }

        /** oneDNN's dims of the input, weights and output: {n, c, h, w} and {oC, iC, kH, kW}. */
        long[] weightDims() {
            return new long[]{w[3], w[2], w[0], w[1]};
        }

        /** The bias (and its gradient): a vector of oC, contiguous ({@link #of} takes no other). */
        long[] biasDims() {
            return new long[]{w[3]};
        }

        /** Weights [kH, kW, iC, oC] as oneDNN's {oC, iC, kH, kW}, by their strides. */
        long[] weightStrides() {
            return asOneDnnWeights(wStrides);
        }

        /** The same for the weight gradient (backward). */
        long[] gradWeightStrides() {
            return asOneDnnWeights(gradWStrides);
        }

        private static long[] asOneDnnWeights(long[] s) {
            return new long[]{s[3], s[2], s[0], s[1]};
        }
    }

    /**
     * One layer's primitives and memories for one direction, kept while its geometry stays. The
     * op context's arrays are set as the data of the "user" memories on each run; the memories in
     * oneDNN's own layouts are allocated by oneDNN once.
     */
    private static final class Layer implements AutoCloseable {
        final Geometry geometry;
        final boolean weightsOnly;
        /** The user memories, by op context slot: inputs 0.., then outputs as 100 + index. */
        final Map<Integer, dnnl_memory> user = new HashMap<>();
        final List<Execution> steps = new ArrayList<>();
        final List<dnnl_primitive> primitives = new ArrayList<>();
        final List<dnnl_primitive_desc> descriptors = new ArrayList<>();
        final List<dnnl_memory> memories = new ArrayList<>();
        /** Each memory's layout (a query into the descriptor it came from would outlive it). */
        final Map<dnnl_memory, dnnl_memory_desc_t> descs = new HashMap<>();
        /** Pairs (source, copy in another layout) that a reorder step fills. */
        final List<dnnl_memory[]> reordered = new ArrayList<>();

        private Layer(Geometry geometry, boolean weightsOnly) {
            this.geometry = geometry;
            this.weightsOnly = weightsOnly;
        }

        static Layer forward(Geometry g) {
            return made(new Layer(g, false), l -> {
                dnnl_primitive_desc pd = l.forwardDescriptor();
                dnnl_memory x = l.into(l.userMemory(0, g.x, g.xStrides), dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0));
                dnnl_memory w = l.into(l.userMemory(1, g.weightDims(), g.weightStrides()),
                        dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0));
                dnnl_memory y = l.userMemory(100, g.y, g.yStrides);
                dnnl_memory yOp = l.libraryMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0), y);
                if (g.bias) {
                    l.execute(pd, new int[]{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                            x, w, l.userMemory(2, g.biasDims(), BIAS_STRIDES), yOp);
                } else {
                    l.execute(pd, new int[]{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, x, w, yOp);
                }
                l.outOf(yOp, y);
            });
        }

        static Layer backward(Geometry g, boolean weightsOnly) {
            return made(new Layer(g, weightsOnly), l -> {
                dnnl_primitive_desc hint = l.forwardDescriptor();
                int gradSlot = g.bias ? 3 : 2;
                dnnl_memory gradOut = l.userMemory(gradSlot, g.y, g.yStrides);
                if (!weightsOnly) {
                    dnnl_convolution_desc_t cd = new dnnl_convolution_desc_t();
                    ok(dnnl_convolution_backward_data_desc_init(cd, dnnl_convolution_direct, any(g.x), any(g.weightDims()),
                            any(g.y), g.strides, g.padLeft, g.padRight), "backward-data descriptor");
                    dnnl_primitive_desc pd = l.descriptor(cd, hint);
                    dnnl_memory gy = l.into(gradOut, dnnl_primitive_desc_query_md(pd, dnnl_query_diff_dst_md, 0));
                    dnnl_memory w = l.into(l.userMemory(1, g.weightDims(), g.weightStrides()),
                            dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0));
                    dnnl_memory gx = l.userMemory(100, g.x, g.gradXStrides);
                    dnnl_memory gxOp = l.libraryMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_diff_src_md, 0), gx);
                    l.execute(pd, new int[]{DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, gy, w, gxOp);
                    l.outOf(gxOp, gx);
                }
                dnnl_convolution_desc_t cd = new dnnl_convolution_desc_t();
                ok(dnnl_convolution_backward_weights_desc_init(cd, dnnl_convolution_direct, any(g.x), any(g.weightDims()),
                        biasDesc(g), any(g.y), g.strides, g.padLeft, g.padRight), "backward-weights descriptor");
                dnnl_primitive_desc pd = l.descriptor(cd, hint);
                dnnl_memory x = l.into(l.userMemory(0, g.x, g.xStrides), dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0));
                dnnl_memory gy = l.into(gradOut, dnnl_primitive_desc_query_md(pd, dnnl_query_diff_dst_md, 0));
                dnnl_memory gw = l.userMemory(101, g.weightDims(), g.gradWeightStrides());
                dnnl_memory gwOp = l.libraryMemory(dnnl_primitive_desc_query_md(pd, dnnl_query_diff_weights_md, 0), gw);
                if (g.bias) {
                    l.execute(pd, new int[]{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS},
                            x, gy, gwOp, l.userMemory(102, g.biasDims(), BIAS_STRIDES));
                } else {
                    l.execute(pd, new int[]{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}, x, gy, gwOp);
                }
                l.outOf(gwOp, gw);
            });
        }

        /** The layer {@code build} fills; closed (its native parts freed) if building it fails. */
        private static Layer made(Layer l, Consumer<Layer> build) {
            try {
                build.accept(l);
                return l;
            } catch (RuntimeException e) {
                l.close();
                throw e;
            }
        }

        /** A primitive and the memories it runs on, in oneDNN's argument list. */
        private record Execution(dnnl_primitive primitive, dnnl_exec_arg_t args, int count) {
        }

        /** Points the user memories at the context's arrays and runs the steps on {@code stream}. */
        void run(OpContext ctx, dnnl_stream stream) {
            for (Map.Entry<Integer, dnnl_memory> e : user.entrySet()) {
                int slot = e.getKey();
                INDArray a = slot >= 100 ? ctx.getOutputArray(slot - 100) : ctx.getInputArray(slot);
                ok(dnnl_memory_set_data_handle(e.getValue(), firstElement(a)), "setting an array");
            }
            for (Execution e : steps) {
                ok(dnnl_primitive_execute(e.primitive(), stream, e.count(), e.args()), "running a convolution");
            }
            ok(dnnl_stream_wait(stream), "waiting for oneDNN");
        }

        private dnnl_primitive_desc forwardDescriptor() {
            Geometry g = geometry;
            dnnl_convolution_desc_t cd = new dnnl_convolution_desc_t();
            ok(dnnl_convolution_forward_desc_init(cd, dnnl_forward_training, dnnl_convolution_direct, any(g.x),
                    any(g.weightDims()), biasDesc(g), any(g.y), g.strides, g.padLeft, g.padRight), "forward descriptor");
            return descriptor(cd, null);
        }

        private dnnl_primitive_desc descriptor(dnnl_convolution_desc_t cd, dnnl_primitive_desc hint) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            ok(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(cd), null, engine(), hint), "primitive descriptor");
            descriptors.add(pd);
            return pd;
        }

        private dnnl_memory userMemory(int slot, long[] dims, long[] strides) {
            dnnl_memory m = user.get(slot);
            if (m == null) {
                m = memory(plain(dims, strides), null);
                user.put(slot, m);
            }
            return m;
        }

        private dnnl_memory memory(dnnl_memory_desc_t desc, Pointer data) {
            dnnl_memory m = new dnnl_memory();
            ok(dnnl_memory_create(m, desc, engine(), data), "memory");
            memories.add(m);
            descs.put(m, desc);
            return m;
        }

        /** A memory of oneDNN's own for {@code desc}, or {@code like} itself when its layout is that. */
        private dnnl_memory libraryMemory(dnnl_memory_desc_t desc, dnnl_memory like) {
            return dnnl_memory_desc_equal(desc, descs.get(like)) != 0 ? like : memory(desc, LIBRARY_ALLOCATES);
        }

        /**
         * {@code from} in the layout {@code desc}: itself, or a memory a reorder step fills from it
         * (one reorder per source and layout, shared by the primitives that read it).
         */
        private dnnl_memory into(dnnl_memory from, dnnl_memory_desc_t desc) {
            for (dnnl_memory[] r : reordered) {
                if (r[0] == from && dnnl_memory_desc_equal(descs.get(r[1]), desc) != 0) {
                    return r[1];
                }
            }
            dnnl_memory to = libraryMemory(desc, from);
            if (to != from) {
                reorder(from, to);
                reordered.add(new dnnl_memory[]{from, to});
            }
            return to;
        }

        /** A step that copies {@code op}'s result into {@code user} when they are not the same memory. */
        private void outOf(dnnl_memory op, dnnl_memory user) {
            if (op != user) {
                reorder(op, user);
            }
        }

        private void reorder(dnnl_memory from, dnnl_memory to) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            ok(dnnl_reorder_primitive_desc_create(pd, descs.get(from), engine(), descs.get(to), engine(), null), "reorder descriptor");
            descriptors.add(pd);
            execute(pd, new int[]{DNNL_ARG_FROM, DNNL_ARG_TO}, from, to);
        }

        /** Adds a step running the primitive of {@code pd} on the memories, in the order of the arguments. */
        private void execute(dnnl_primitive_desc pd, int[] args, dnnl_memory... on) {
            dnnl_primitive p = new dnnl_primitive();
            ok(dnnl_primitive_create(p, pd), "primitive");
            primitives.add(p);
            dnnl_exec_arg_t list = new dnnl_exec_arg_t(args.length);
            for (int i = 0; i < args.length; i++) {
                list.getPointer(i).arg(args[i]).memory(on[i]);
            }
            steps.add(new Execution(p, list, args.length));
        }

        @Override
        public void close() {
            primitives.forEach(p -> dnnl_primitive_destroy(p));
            memories.forEach(m -> dnnl_memory_destroy(m));
            descriptors.forEach(d -> dnnl_primitive_desc_destroy(d));
            primitives.clear();
            memories.clear();
            descriptors.clear();
            steps.clear();
        }
    }

    /**
     * The address of the array's first element. A view's buffer may itself start inside another
     * (its address then includes that start, which the array's offset counts too).
     */
    static Pointer firstElement(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset());
    }

    private static final long[] BIAS_STRIDES = {1};

    /** The bias vector's layout, or null for a convolution without bias (as oneDNN takes it). */
    private static dnnl_memory_desc_t biasDesc(Geometry g) {
        return g.bias() ? plain(g.biasDims(), BIAS_STRIDES) : null;
    }

    private static dnnl_memory_desc_t any(long[] dims) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        ok(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dnnl_f32, dnnl_format_tag_any), "memory descriptor");
        return d;
    }

    private static dnnl_memory_desc_t plain(long[] dims, long[] strides) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        ok(dnnl_memory_desc_init_by_strides(d, dims.length, dims, dnnl_f32, strides), "memory descriptor");
        return d;
    }

    private static synchronized dnnl_engine engine() {
        if (engine == null) {
            dnnl_engine e = new dnnl_engine();
            ok(dnnl_engine_create(e, dnnl_cpu, 0), "oneDNN's CPU engine");
            engine = e;
        }
        return engine;
    }

    private static void ok(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed at " + what + " (status " + status + ")");
        }
    }
}
