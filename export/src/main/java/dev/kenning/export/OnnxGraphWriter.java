package dev.kenning.export;

import onnx.Onnx;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Translates the inference part of a SameDiff graph (the ops the output depends on, not the
 * training losses saved beside them) into an ONNX model, op by op: conv2d, maxpool2d, relu,
 * reshape, matmul, the element-wise add, subtract, multiply, divide, sqrt and sigmoid (an image
 * model's attribute probabilities), adding a constant, softmax, and reduce_mean (a frame's standardisation,
 * {@code model.normalise: frame}). Anything else, or a setting these cannot express exactly (NHWC, SAME
 * padding, transposed matmul, a ReLU cut-off other than 0), throws {@link UnexportableModelError}.
 *
 * <p>Layouts differ in one place: SameDiff's conv2d weights are [kH, kW, iC, oC], ONNX's Conv
 * wants [oC, iC, kH, kW]; the initializer is permuted when written.
 */
public final class OnnxGraphWriter {
    /** ONNX IR 7 with opset 13: read by every ONNX Runtime since 1.7, including the mobile builds. */
    static final long IR_VERSION = 7;
    static final long OPSET = 13;

    private final SameDiff sd;
    private final String input;
    private final List<String> outputs;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Set<String> initialised = new LinkedHashSet<>();

    private final boolean int8Weights;

    private OnnxGraphWriter(SameDiff sd, String input, List<String> outputs, boolean int8Weights) {
        this.sd = sd;
        this.input = input;
        this.outputs = List.copyOf(outputs);
        this.int8Weights = int8Weights;
    }

    /** The ONNX model computing {@code output} from the placeholder {@code input} (NCHW floats). */
    public static Onnx.ModelProto write(SameDiff sd, String input, String output, String producerVersion) {
        return write(sd, input, output, producerVersion, false);
    }

    /**
     * As {@link #write(SameDiff, String, String, String)}; with {@code int8Weights}, every weight
     * matrix and kernel (rank ≥ 2) is stored as 8-bit integers with one scale per tensor and
     * restored by a DequantizeLinear node, a quarter of the size for phones. Biases stay float.
     */
    public static Onnx.ModelProto write(SameDiff sd, String input, String output, String producerVersion,
                                        boolean int8Weights) {
        return write(sd, input, List.of(output), producerVersion, int8Weights);
    }

    /**
     * As above, for a graph with several outputs (an image model's embedding and attribute
     * probabilities): the ops any of them depends on, each once, and one ONNX output per name.
     */
    public static Onnx.ModelProto write(SameDiff sd, String input, List<String> outputs, String producerVersion,
                                        boolean int8Weights) {
        if (!sd.hasVariable(input) || sd.getVariable(input).getVariableType() != VariableType.PLACEHOLDER) {
            throw new IllegalArgumentException("the model has no input placeholder '" + input + "'");
        }
        for (String output : outputs) {
            if (!sd.hasVariable(output)) {
                throw new IllegalArgumentException("the model has no output '" + output + "'");
            }
        }
        OnnxGraphWriter w = new OnnxGraphWriter(sd, input, outputs, int8Weights);
        Onnx.GraphProto graph = w.build();
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("Kenning")
                .setProducerVersion(producerVersion)
                .setGraph(graph)
                .build();
    }

    private Onnx.GraphProto build() {
        graph.setName("kenning");
        long[] inShape = sd.getVariable(input).placeholderShape();
        graph.addInput(valueInfo(input, inShape));
        Set<String> seen = new LinkedHashSet<>();
        for (String output : outputs) {
            List<SameDiffOp> ordered = new ArrayList<>();
            visit(output, seen, ordered);
            ordered.forEach(this::translate);
        }
        for (String output : outputs) {
            graph.addOutput(valueInfo(output, new long[]{-1, width(sd, input, output)}));
        }
        return graph.build();
    }

    /**
     * The output's numbers per frame, from the shape SameDiff infers for it on one blank frame: 1 for
     * a tracking model, one per attribute or class for an image model, an image model's embedding size.
     */
    static long width(SameDiff sd, String input, String output) {
        long[] in = sd.getVariable(input).placeholderShape().clone();
        in[0] = 1;
        try (INDArray blank = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, in)) {
            INDArray y = sd.output(java.util.Map.of(input, blank), output).get(output);
            long width = y.length();
            y.close();
            return width;
        }
    }

    /** The ops {@code varName} depends on that are not in {@code seen}, each after the ops it reads from. */
    private void visit(String varName, Set<String> seen, List<SameDiffOp> ordered) {
        Variable v = sd.getVariables().get(varName);
        String opName = v == null ? null : v.getOutputOfOp();
        if (opName == null || !seen.add(opName)) {
            return;
        }
        SameDiffOp op = sd.getOps().get(opName);
        if (op.getInputsToOp() != null) {
            for (String in : op.getInputsToOp()) {
                visit(in, seen, ordered);
            }
        }
        ordered.add(op);
    }

    private void translate(SameDiffOp op) {
        DifferentialFunction f = op.getOp();
        String type = f.opName();
        List<String> in = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
        List<String> out = op.getOutputsOfOp();
        if (out.size() != 1) {
            throw new UnexportableModelError(describe(op), type, "it has " + out.size() + " outputs");
        }
        switch (type) {
            case "conv2d" -> conv2d(op, (DynamicCustomOp) f, in, out.get(0));
            case "maxpool2d" -> maxPool(op, (DynamicCustomOp) f, in, out.get(0));
            case "relu" -> relu(op, f, in, out.get(0));
            case "reshape" -> reshape(op, (DynamicCustomOp) f, in, out.get(0));
            case "matmul", "mmul" -> matmul(op, (DynamicCustomOp) f, in, out.get(0));
            case "add" -> pairwise(op, "Add", in, out.get(0));
            case "subtract", "sub" -> pairwise(op, "Sub", in, out.get(0));
            case "multiply", "mul" -> pairwise(op, "Mul", in, out.get(0));
            case "divide", "div" -> pairwise(op, "Div", in, out.get(0));
            case "sqrt" -> {
                requireInputs(op, type, in, 1);
                node("Sqrt", op.getName(), List.of(operand(in.get(0))), out.get(0));
            }
            case "reduce_mean" -> reduceMean(op, f, in, out.get(0));
            case "softmax" -> softmax(op, (DynamicCustomOp) f, in, out.get(0));
            case "add_scalar" -> addScalar(op, f, in, out.get(0));
            case "sigmoid" -> {
                requireInputs(op, type, in, 1);
                node("Sigmoid", op.getName(), List.of(operand(in.get(0))), out.get(0));
            }
            default -> throw new UnexportableModelError(describe(op), type, "the ONNX export supports conv2d,"
                    + " maxpool2d, relu, reshape, matmul, add, subtract, multiply, divide, sqrt, reduce_mean, softmax, sigmoid and add_scalar");
        }
    }

    /**
     * x + c for a constant c: Identity where c is 0 (how a graph names a tensor, an image model's
     * embedding), else Add with c as a one-number initializer.
     */
    private void addScalar(SameDiffOp op, DifferentialFunction f, List<String> in, String out) {
        requireInputs(op, "add_scalar", in, 1);
        if (!(f instanceof BaseScalarOp s) || s.scalar() == null) {
            throw new UnexportableModelError(describe(op), "add_scalar", "its constant is not recorded in the op");
        }
        double c = s.scalar().getDouble(0);
        if (c == 0) {
            node("Identity", op.getName(), List.of(operand(in.get(0))), out);
            return;
        }
        String constant = op.getName() + "_constant";
        initializer(constant, org.nd4j.linalg.factory.Nd4j.scalar(DataType.FLOAT, c));
        node("Add", op.getName(), List.of(operand(in.get(0)), constant), out);
    }

    /** An element-wise op of two operands, broadcast alike in both (numpy's rules). */
    private void pairwise(SameDiffOp op, String onnxType, List<String> in, String out) {
        requireInputs(op, onnxType, in, 2);
        node(onnxType, op.getName(), List.of(operand(in.get(0)), operand(in.get(1))), out);
    }

    /** A mean over constant axes; ONNX opset 13 takes them as an attribute. */
    private void reduceMean(SameDiffOp op, DifferentialFunction f, List<String> in, String out) {
        if (!(f instanceof BaseReduceOp r)) {
            throw new UnexportableModelError(describe(op), "reduce_mean", "it is not a reduction op");
        }
        long[] axes;
        if (in.size() == 2) {
            axes = constantArray(op, "reduce_mean", in.get(1)).toLongVector();
        } else if (r.dimensions() != null) {
            axes = r.dimensions().toLongVector();
        } else {
            axes = new long[0];
        }
        if (axes.length == 0) {
            throw new UnexportableModelError(describe(op), "reduce_mean", "only a mean over given axes is exported");
        }
        Onnx.NodeProto.Builder n = node("ReduceMean", op.getName(), List.of(operand(in.get(0))), out);
        n.addAttribute(ints("axes", axes));
        n.addAttribute(Onnx.AttributeProto.newBuilder().setName("keepdims").setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(r.isKeepDims() ? 1 : 0));
    }

    /** A softmax along one axis (libnd4j's iArg, the last axis when none): ONNX opset 13's Softmax does the same. */
    private void softmax(SameDiffOp op, DynamicCustomOp f, List<String> in, String out) {
        requireInputs(op, "softmax", in, 1);
        long[] a = f.iArgs();
        Onnx.NodeProto.Builder n = node("Softmax", op.getName(), List.of(operand(in.get(0))), out);
        n.addAttribute(Onnx.AttributeProto.newBuilder().setName("axis").setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(a.length == 0 ? -1 : a[0]));
    }

    private void conv2d(SameDiffOp op, DynamicCustomOp f, List<String> in, String out) {
        long[] a = f.iArgs();
        // libnd4j conv2d iArgs: kH kW sH sW pH pW dH dW paddingMode [dataFormat: 0 = NCHW] [weights: 0 = kH,kW,iC,oC]
        if (a.length < 9) {
            throw new UnexportableModelError(describe(op), "conv2d", "its configuration is incomplete (" + a.length + " int args)");
        }
        if (a[8] != 0) {
            throw new UnexportableModelError(describe(op), "conv2d", "only explicit padding is exported, not SAME/causal mode");
        }
        if (a.length > 9 && a[9] != 0) {
            throw new UnexportableModelError(describe(op), "conv2d", "only NCHW data is exported, not NHWC");
        }
        if (a.length > 10 && a[10] != 0) {
            throw new UnexportableModelError(describe(op), "conv2d", "only weights laid out [kH,kW,iC,oC] are exported");
        }
        if (in.size() < 2 || in.size() > 3) {
            throw new UnexportableModelError(describe(op), "conv2d", "expected input, weights and optional bias, got " + in);
        }
        INDArray w = constantArray(op, "conv2d", in.get(1));
        String weights = in.get(1) + "/oihw";
        initializer(weights, w.permute(3, 2, 0, 1).dup('c'));
        List<String> inputs = new ArrayList<>(List.of(operand(in.get(0)), weights));
        if (in.size() == 3) {
            inputs.add(operand(in.get(2)));
        }
        Onnx.NodeProto.Builder n = node("Conv", op.getName(), inputs, out);
        n.addAttribute(ints("kernel_shape", a[0], a[1]));
        n.addAttribute(ints("strides", a[2], a[3]));
        n.addAttribute(ints("pads", a[4], a[5], a[4], a[5]));
        n.addAttribute(ints("dilations", a[6], a[7]));
    }

    private void maxPool(SameDiffOp op, DynamicCustomOp f, List<String> in, String out) {
        long[] a = f.iArgs();
        // libnd4j maxpool2d iArgs: kH kW sH sW pH pW dH dW isSameMode extraParam [isNHWC]
        if (a.length < 9) {
            throw new UnexportableModelError(describe(op), "maxpool2d", "its configuration is incomplete (" + a.length + " int args)");
        }
        if (a[8] != 0) {
            throw new UnexportableModelError(describe(op), "maxpool2d", "only explicit padding is exported, not SAME mode");
        }
        if (a.length > 10 && a[10] != 0) {
            throw new UnexportableModelError(describe(op), "maxpool2d", "only NCHW data is exported, not NHWC");
        }
        requireInputs(op, "maxpool2d", in, 1);
        Onnx.NodeProto.Builder n = node("MaxPool", op.getName(), List.of(operand(in.get(0))), out);
        n.addAttribute(ints("kernel_shape", a[0], a[1]));
        n.addAttribute(ints("strides", a[2], a[3]));
        n.addAttribute(ints("pads", a[4], a[5], a[4], a[5]));
        n.addAttribute(ints("dilations", a[6], a[7]));
    }

    private void relu(SameDiffOp op, DifferentialFunction f, List<String> in, String out) {
        requireInputs(op, "relu", in, 1);
        if (f instanceof BaseScalarOp s && s.scalar() != null && s.scalar().getDouble(0) != 0.0) {
            throw new UnexportableModelError(describe(op), "relu", "its cut-off is " + s.scalar().getDouble(0)
                    + "; ONNX Relu cuts at 0");
        }
        node("Relu", op.getName(), List.of(operand(in.get(0))), out);
    }

    private void reshape(SameDiffOp op, DynamicCustomOp f, List<String> in, String out) {
        long[] shape;
        if (in.size() == 2) {
            shape = constantArray(op, "reshape", in.get(1)).toLongVector();
        } else {
            long[] a = f.iArgs();
            int from = 0;
            // A leading -99 / 'c' says C order, which is what ONNX assumes; F order is not exported.
            if (a.length > 0 && (a[0] == -99 || a[0] == 'c')) {
                from = 1;
            } else if (a.length > 0 && (a[0] == -102 || a[0] == 'f')) {
                throw new UnexportableModelError(describe(op), "reshape", "it reshapes in Fortran order");
            }
            shape = java.util.Arrays.copyOfRange(a, from, a.length);
        }
        if (shape.length == 0) {
            throw new UnexportableModelError(describe(op), "reshape", "its target shape is not a constant");
        }
        String shapeName = op.getName() + "/shape";
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(shapeName)
                .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(shape.length)
                .setRawData(ByteString.copyFrom(littleEndian(shape))));
        node("Reshape", op.getName(), List.of(operand(in.get(0)), shapeName), out);
    }

    private void matmul(SameDiffOp op, DynamicCustomOp f, List<String> in, String out) {
        requireInputs(op, "matmul", in, 2);
        for (long t : f.iArgs()) {
            if (t != 0) {
                throw new UnexportableModelError(describe(op), "matmul", "transposed operands are not exported");
            }
        }
        for (double t : f.tArgs()) {
            if (t != 1.0 && t != 0.0) {
                throw new UnexportableModelError(describe(op), "matmul", "scaled products (alpha/beta) are not exported");
            }
        }
        node("MatMul", op.getName(), List.of(operand(in.get(0)), operand(in.get(1))), out);
    }

    /** The op's name and the variable it computes, which is the name the user gave in the model code. */
    private static String describe(SameDiffOp op) {
        return op.getName() + "' producing '" + String.join("', '", op.getOutputsOfOp());
    }

    private static void requireInputs(SameDiffOp op, String type, List<String> in, int n) {
        if (in.size() != n) {
            throw new UnexportableModelError(describe(op), type, "expected " + n + " input(s), got " + in.size());
        }
    }

    /** The ONNX name for a SameDiff variable read by an op; weights become initializers on first use. */
    private String operand(String name) {
        SDVariable v = sd.getVariable(name);
        VariableType t = v.getVariableType();
        if ((t == VariableType.VARIABLE || t == VariableType.CONSTANT) && initialised.add(name)) {
            initializer(name, v.getArr());
        } else if (t == VariableType.PLACEHOLDER && !name.equals(input)) {
            throw new IllegalArgumentException("the outputs " + outputs + " depend on the placeholder '" + name
                    + "', which is not the model input '" + input + "'");
        }
        return name;
    }

    private INDArray constantArray(SameDiffOp op, String type, String name) {
        SDVariable v = sd.getVariable(name);
        if (v.getVariableType() != VariableType.VARIABLE && v.getVariableType() != VariableType.CONSTANT) {
            throw new UnexportableModelError(describe(op), type, "input '" + name + "' is computed, not a stored array");
        }
        return v.getArr();
    }

    private void initializer(String name, INDArray arr) {
        if (arr.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("array '" + name + "' is " + arr.dataType() + "; the export writes FLOAT");
        }
        float[] data = arr.dup('c').data().asFloat();
        if (int8Weights && arr.rank() >= 2) {
            quantizedInitializer(name, data, arr.shape());
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(buf.array()));
        for (long d : arr.shape()) {
            t.addDims(d);
        }
        graph.addInitializer(t);
    }

    /**
     * Symmetric per-tensor int8: q = round(w / s), s = max|w| / 127, zero point 0, so 0 stays
     * exactly 0 and the largest weight keeps full precision; DequantizeLinear gives back q·s.
     */
    private void quantizedInitializer(String name, float[] data, long[] shape) {
        float max = 0;
        for (float v : data) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max == 0 ? 1f : max / 127f;
        byte[] q = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(data[i] / scale)));
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name + "_int8")
                .setDataType(Onnx.TensorProto.DataType.INT8_VALUE).setRawData(ByteString.copyFrom(q));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        ByteBuffer sb = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(scale);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name + "_scale")
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(sb.array())));
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name + "_zero")
                .setDataType(Onnx.TensorProto.DataType.INT8_VALUE).setRawData(ByteString.copyFrom(new byte[]{0})));
        node("DequantizeLinear", name + "_dequantize", List.of(name + "_int8", name + "_scale", name + "_zero"), name);
    }

    private Onnx.NodeProto.Builder node(String opType, String name, List<String> inputs, String out) {
        Onnx.NodeProto.Builder n = graph.addNodeBuilder().setOpType(opType).setName(name).addOutput(out);
        inputs.forEach(n::addInput);
        return n;
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long[] shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(s))).build();
    }

    private static byte[] littleEndian(long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return buf.array();
    }
}
