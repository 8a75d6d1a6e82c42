package dev.kenning.engine;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training steps of a phase after its first, without SameDiff's session around each op. The
 * first step runs in M2.1's session, which works out which ops the gradients need and in what
 * order; {@link Recorder} notes them with their arguments and output shapes. Later steps run the
 * same ops in the same order, each with its op context and output arrays kept for the phase, and
 * apply the updaters where the session applies them: to each gradient as soon as its op has run.
 * The ops themselves run through the session's {@code doExec}, so Kenning's kernels and
 * libnd4j compute exactly what they compute in the session; only the bookkeeping between ops
 * (dependency tracking, a context and output shapes per op, arrays from the cache) is gone.
 *
 * <p>Taken only when the plan can replay the step: no regularization, every op's outputs the
 * shapes the first step gave them (a batch of another shape is run by the session again).
 */
final class PlannedSteps implements AutoCloseable {
    /** One op as the first step ran it: its inputs' and outputs' slots and its context, kept. */
    private record Planned(SameDiffOp op, int[] in, int[] out, OpContext ctx, INDArray[] given) {
    }

    /** A gradient the step computes: the updater and the parameter it updates. */
    private record Update(String variable, GradientUpdater updater, INDArray param) {
    }

    private final SameDiff grad;
    private final TrainingConfig config;
    private final InferenceSession session;
    private final List<Planned> ops;
    private final INDArray[] values;
    private final Map<String, Integer> feedSlots;
    private final Map<Integer, Update> updates;
    private final Map<Integer, Integer> losses;
    private final List<String> lossNames;
    private final Map<String, long[]> feedShapes = new HashMap<>();
    /** The arrays the plan made (op outputs, copies of the graph's inputs): the ones it frees. */
    private final List<INDArray> owned = new ArrayList<>();
    private final FrameIter frame = new FrameIter(AbstractSession.OUTER_FRAME, 0, null);

    private PlannedSteps(SameDiff grad, TrainingConfig config, InferenceSession session, List<Planned> ops,
                         INDArray[] values, Map<String, Integer> feedSlots, Map<Integer, Update> updates,
                         Map<Integer, Integer> losses, List<String> lossNames) {
        this.grad = grad;
        this.config = config;
        this.session = session;
        this.ops = ops;
        this.values = values;
        this.feedSlots = feedSlots;
        this.updates = updates;
        this.losses = losses;
        this.lossNames = lossNames;
    }

    /** Notes the ops a training step runs, in order, with their arguments and output shapes. */
    static final class Recorder extends BaseListener {
        private final List<SameDiffOp> ops = new ArrayList<>();
        private final List<OpContext> contexts = new ArrayList<>();
        private final List<long[][]> shapes = new ArrayList<>();
        private final List<DataType[]> types = new ArrayList<>();

        /** Frees the contexts it kept; for when no plan was made of them. */
        void discard() {
            contexts.forEach(PlannedSteps::free);
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) {
            OpContext kept = Nd4j.getExecutioner().buildContext();
            kept.setIArguments(ctx.getIArguments().stream().mapToLong(Long::longValue).toArray());
            kept.setTArguments(ctx.getTArguments().stream().mapToDouble(Double::doubleValue).toArray());
            List<Boolean> b = ctx.getBArguments();
            boolean[] bools = new boolean[b.size()];
            for (int i = 0; i < bools.length; i++) {
                bools[i] = b.get(i);
            }
            kept.setBArguments(bools);
            kept.setDArguments(ctx.getDArguments().toArray(new DataType[0]));
            ops.add(op);
            contexts.add(kept);
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx,
                                INDArray[] outputs) {
            long[][] s = new long[outputs.length][];
            DataType[] t = new DataType[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                s[i] = outputs[i] == null ? null : outputs[i].shape();
                t[i] = outputs[i] == null ? null : outputs[i].dataType();
            }
            shapes.add(s);
            types.add(t);
        }
    }

    /**
     * The plan of the step the recorder saw, or null when it cannot be replayed (regularization,
     * an op without outputs it could keep).
     */
    static PlannedSteps of(Recorder r, SameDiff grad, TrainingConfig config, InferenceSession session,
                           Map<String, GradientUpdater> updaters, List<String> lossVariables,
                           Map<String, INDArray> feed) {
        if (config.getRegularization() != null && !config.getRegularization().isEmpty()
                || r.ops.size() != r.shapes.size() || r.ops.isEmpty()) {
            return null;
        }
        Map<String, Integer> slots = new HashMap<>();
        List<INDArray> values = new ArrayList<>();
        Map<String, Integer> feedSlots = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        List<INDArray> made = new ArrayList<>();
        for (int k = 0; k < r.ops.size(); k++) {
            SameDiffOp op = r.ops.get(k);
            List<String> inNames = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
            int[] in = new int[inNames.size()];
            for (int i = 0; i < in.length; i++) {
                String name = inNames.get(i);
                Integer slot = slots.get(name);
                if (slot == null) {
                    SDVariable v = grad.getVariable(name);
                    if (v == null) {
                        return null;
                    }
                    slot = values.size();
                    slots.put(name, slot);
                    if (v.getVariableType() == VariableType.PLACEHOLDER) {
                        values.add(null);
                        feedSlots.put(name, slot);
                    } else if (v.getVariableType() == VariableType.VARIABLE
                            || v.getVariableType() == VariableType.CONSTANT) {
                        values.add(v.getArr());
                    } else {
                        return null; // an array the plan has not computed before it is needed
                    }
                }
                in[i] = slot;
            }
            List<String> outNames = op.getOutputsOfOp();
            long[][] shapes = r.shapes.get(k);
            if (outNames == null || shapes.length != outNames.size()) {
                return null;
            }
            int[] out = new int[outNames.size()];
            OpContext ctx = r.contexts.get(k);
            for (int i = 0; i < out.length; i++) {
                if (shapes[i] == null || slots.containsKey(outNames.get(i))) {
                    return null;
                }
                INDArray arr = Nd4j.createUninitialized(r.types.get(k)[i], shapes[i]);
                made.add(arr);
                out[i] = values.size();
                slots.put(outNames.get(i), out[i]);
                values.add(arr);
                ctx.setOutputArray(i, arr);
            }
            planned.add(new Planned(op, in, out, ctx, new INDArray[in.length]));
        }
        Map<Integer, Update> updates = new HashMap<>();
        for (Map.Entry<String, GradientUpdater> u : updaters.entrySet()) {
            SDVariable v = grad.getVariable(u.getKey());
            SDVariable g = v == null ? null : v.getGradient();
            Integer slot = g == null ? null : slots.get(g.name());
            if (slot != null) {
                updates.put(slot, new Update(u.getKey(), u.getValue(), v.getArr()));
            }
        }
        Map<Integer, Integer> losses = new HashMap<>();
        for (int i = 0; i < lossVariables.size(); i++) {
            Integer slot = slots.get(lossVariables.get(i));
            if (slot != null) {
                losses.put(slot, i);
            }
        }
        PlannedSteps plan = new PlannedSteps(grad, config, session, planned, values.toArray(new INDArray[0]), feedSlots,
                updates, losses, lossVariables);
        for (Map.Entry<String, Integer> e : feedSlots.entrySet()) {
            INDArray given = feed.get(e.getKey());
            if (given == null) {
                return null;
            }
            plan.feedShapes.put(e.getKey(), given.shape());
            plan.values[e.getValue()] = Nd4j.createUninitialized(given.dataType(), given.shape());
            made.add(plan.values[e.getValue()]);
        }
        plan.owned.addAll(made);
        return plan;
    }

    /** Frees the plan's op contexts and the arrays its ops wrote. */
    @Override
    public void close() {
        for (Planned p : ops) {
            free(p.ctx());
        }
        for (INDArray a : owned) {
            if (!a.wasClosed()) {
                a.close();
            }
        }
    }

    private static void free(OpContext ctx) {
        try {
            ctx.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not free an op context", e);
        }
    }

    /** Whether the step's inputs have the shapes the plan was made for. */
    boolean fits(Map<String, INDArray> feed) {
        for (Map.Entry<String, long[]> e : feedShapes.entrySet()) {
            INDArray a = feed.get(e.getKey());
            if (a == null || !Arrays.equals(e.getValue(), a.shape())) {
                return false;
            }
        }
        return true;
    }

    /** One training step: the ops in the recorded order, each gradient applied as soon as it is computed. */
    void step(Map<String, INDArray> feed, MultiDataSet data, List<Listener> listeners, At at) {
        for (Map.Entry<String, Integer> e : feedSlots.entrySet()) {
            values[e.getValue()].assign(feed.get(e.getKey()));
        }
        double[] loss = new double[lossNames.size()];
        for (Planned p : ops) {
            OpContext ctx = p.ctx();
            for (int i = 0; i < p.in().length; i++) {
                // libnd4j's context keeps a wrapper for every array it is given until it is freed, so
                // arrays are given once: the same arrays serve every step
                INDArray in = values[p.in()[i]];
                if (p.given()[i] != in) {
                    ctx.setInputArray(i, in);
                    p.given()[i] = in;
                }
            }
            for (Listener l : listeners) {
                if (l.isActive(Operation.TRAINING)) {
                    l.preOpExecution(grad, at, p.op(), ctx);
                }
            }
            ExecutionResult result = session.doExec(p.op().getOp(), ctx, frame, Set.of(), Set.of(), Set.of(), Map.of());
            INDArray[] outputs = new INDArray[p.out().length];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = result.resultAt(i);
                values[p.out()[i]] = outputs[i];
            }
            for (Listener l : listeners) {
                if (l.isActive(Operation.TRAINING)) {
                    l.opExecution(grad, at, data, p.op(), ctx, outputs);
                }
            }
            for (int i = 0; i < outputs.length; i++) {
                Integer lossIndex = losses.get(p.out()[i]);
                if (lossIndex != null) {
                    loss[lossIndex] += outputs[i].isScalar() ? outputs[i].getDouble(0) : outputs[i].sumNumber().doubleValue();
                }
                Update u = updates.get(p.out()[i]);
                if (u != null) {
                    u.updater().applyUpdater(outputs[i], at.iteration(), at.epoch());
                    for (Listener l : listeners) {
                        if (l.isActive(Operation.TRAINING)) {
                            l.preUpdate(grad, at, grad.getVariables().get(u.variable()), outputs[i]);
                        }
                    }
                    if (config.isMinimize()) {
                        u.param().subi(outputs[i]);
                    } else {
                        u.param().addi(outputs[i]);
                    }
                }
            }
        }
        Loss l = new Loss(lossNames, loss);
        for (Listener listener : listeners) {
            if (listener.isActive(Operation.TRAINING)) {
                listener.iterationDone(grad, at, data, l);
            }
        }
    }
}
