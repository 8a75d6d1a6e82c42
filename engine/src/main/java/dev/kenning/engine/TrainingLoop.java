package dev.kenning.engine;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.ProgressListener;
import dev.kenning.core.TrainingDivergedException;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.GradientUpdater;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The one training loop of every Kenning model: Adam steps on a SameDiff graph whose loss
 * variables are the weighted terms and whose training config is set. Every {@code logEvery}
 * steps one forward pass reports each term (M2.1's training computes gradients only, never the
 * loss values) and guards against divergence: a NaN or infinite total, or a total that stays
 * finite but has grown {@link #EXPLOSION} times beyond its value before the first step, restores
 * the last in-memory checkpoint of the weights and stops with {@link TrainingDivergedException}
 * (the explosion naming the term that grew most).
 * Cancelling (the listener) stops after the current step.
 *
 * <p>A phase's first step is the step M2.1's {@code fit(MultiDataSet)} takes (a new training
 * session, the same updaters, iteration count and listeners); the steps after it replay that
 * step's ops from a plan ({@link PlannedSteps}), without the session's work between ops, a large
 * share of a small model's step (docs/architecture.md, Facts). Both hand the ops
 * {@link JavaKernels} covers to it (Java kernels, and convolutions on oneDNN directly). A
 * step the plan does not fit (inputs of other shapes) runs in a session again, its arrays from a
 * cache the phase's session steps share ({@link StepArrays}). A full collection every
 * {@link Stepper#COLLECT_EVERY} steps keeps resident memory flat. A phase does not keep one
 * session for all its steps: that is no faster, and a session records every array it ever freed
 * (docs/architecture.md, Facts). {@code TrainingLoopTest} holds the steps to fit()'s weights,
 * bit for bit.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /**
     * How many times its size before the first step the loss may grow before the run is stopped as
     * exploded. Losses of a healthy run fall, or (a law's residual on outputs that start constant)
     * rise a few tens of times; an exploding one grows by orders of magnitude while still finite.
     */
    public static final double EXPLOSION = 1e4;

    /**
     * The smallest starting size the explosion is measured from: a loss that starts near zero has
     * exploded only once it is large in itself ({@link #EXPLOSION} × this).
     */
    static final double EXPLOSION_FLOOR = 1e-2;

    /** One loss term: its name, weight and the graph variable holding its weighted value. */
    public record Term(String name, double weight, String weightedVariable) {
    }

    /**
     * How long, how often to log, how often to checkpoint, the early stopping (null for none), and
     * the decay of an exponential moving average of the weights (0 for none): with one, the early
     * stopping measures the average and the phase ends with the average's weights (or the best
     * measured average's), not the last step's.
     */
    public record Schedule(int steps, int logEvery, int checkpointEvery, Validation validation, double averageDecay) {
        public Schedule {
            if (!(averageDecay == 0 || averageDecay > 0 && averageDecay < 1)) {
                throw new IllegalArgumentException("the weight average's decay must be 0 (none) or in (0, 1), got "
                        + averageDecay);
            }
        }

        public Schedule(int steps, int logEvery, int checkpointEvery, Validation validation) {
            this(steps, logEvery, checkpointEvery, validation, 0);
        }

        public Schedule(int steps, int logEvery, int checkpointEvery) {
            this(steps, logEvery, checkpointEvery, null);
        }
    }

    /**
     * Early stopping on a criterion that needs no labels (a held-out loss): measured every {@code
     * every} steps; the weights at its lowest value are kept and restored when training ends, and
     * training stops once it has not improved for {@code patience} measurements (0: never stops
     * early, only restores).
     */
    public interface Validation {
        int every();

        int patience();

        /** The criterion for the model as it is after {@code step} steps; lower is better. */
        double loss(int step);
    }

    /** One measurement of the early-stopping criterion. */
    public record ValidationPoint(int step, double loss) {
    }

    /**
     * One step's input: its arrays by graph variable name (for the reporting pass) and the same
     * arrays as fit() takes them, in the training config's order.
     */
    public record Step(Map<String, INDArray> feed, MultiDataSet data) {
    }

    /**
     * What a phase did: its log, its training time, whether it was cancelled, its steps, and how
     * many of those ran from the plan of its first step rather than in SameDiff's session.
     */
    public record Result(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps,
                         int plannedSteps, List<ValidationPoint> validation, int bestStep) {
        public Result(List<HistoryRow> history, double secondsTraining, boolean cancelled, int steps, int plannedSteps) {
            this(history, secondsTraining, cancelled, steps, plannedSteps, List.of(), -1);
        }
    }

    public static Result run(String phase, SameDiff sd, List<Term> terms, Schedule schedule, IntFunction<Step> next,
                             ProgressListener progress) {
        List<HistoryRow> history = new ArrayList<>();
        Map<String, INDArray> checkpoint = Checkpoints.snapshot(sd);
        int checkpointStep = 0;
        long start = System.nanoTime();
        long windowStart = start;
        int windowSteps = 0;
        int step = 0;
        boolean cancelled = false;
        int planned;
        Map<String, Double> initial = null;
        Validation validation = schedule.validation();
        List<ValidationPoint> curve = new ArrayList<>();
        Map<String, INDArray> best = null;
        int bestStep = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        WeightAverage average = schedule.averageDecay() > 0 ? new WeightAverage(sd, schedule.averageDecay()) : null;
        try (Stepper stepper = new Stepper(sd); average) {
            while (step < schedule.steps()) {
                if (progress.cancelled()) {
                    cancelled = true;
                    break;
                }
                step++;
                Step input = next.apply(step);
                Map<String, INDArray> feed = input.feed();
                if (initial == null) {
                    initial = weightedTerms(sd, feed, terms); // what an explosion is measured against
                }
                stepper.step(input.data());
                if (average != null) {
                    average.update(step);
                }
                windowSteps++;
                boolean log = step % schedule.logEvery() == 0 || step == schedule.steps();
                if (log || step % schedule.checkpointEvery() == 0) {
                    // one forward pass, after the update, both reports the terms and guards against divergence
                    Map<String, Double> weightedValues = weightedTerms(sd, feed, terms);
                    Map<String, Double> values = new LinkedHashMap<>();
                    double total = 0;
                    for (Term t : terms) {
                        double w = weightedValues.get(t.name());
                        total += w;
                        values.put(t.name(), t.weight() == 0 ? 0 : w / t.weight());
                    }
                    String exploded = Double.isFinite(total) ? exploded(initial, weightedValues) : null;
                    if (!Double.isFinite(total) || exploded != null) {
                        feed.values().forEach(INDArray::close);
                        Checkpoints.restore(sd, checkpoint);
                        checkpoint.values().forEach(INDArray::close);
                        throw exploded == null ? new TrainingDivergedException(phase, step, checkpointStep, total)
                                : new TrainingDivergedException(phase, step, checkpointStep, exploded,
                                values.get(exploded), initial.get(exploded) / weightOf(terms, exploded), EXPLOSION);
                    }
                    if (step % schedule.checkpointEvery() == 0) {
                        checkpoint.values().forEach(INDArray::close);
                        checkpoint = Checkpoints.snapshot(sd);
                        checkpointStep = step;
                    }
                    if (log) {
                        long now = System.nanoTime();
                        HistoryRow row = new HistoryRow(step, values, total, windowSteps / ((now - windowStart) / 1e9));
                        history.add(row);
                        progress.onLog(phase, row, schedule.steps());
                        windowStart = now;
                        windowSteps = 0;
                    }
                }
                feed.values().forEach(INDArray::close);
                if (validation != null && (step % validation.every() == 0 || step == schedule.steps())) {
                    // with an average, the average is what is measured and what would be kept
                    Map<String, INDArray> raw = average == null ? null : Checkpoints.snapshot(sd);
                    if (average != null) {
                        Checkpoints.restore(sd, average.weights());
                    }
                    double loss = validation.loss(step);
                    curve.add(new ValidationPoint(step, loss));
                    boolean improved = loss < bestLoss;
                    if (improved) {
                        bestLoss = loss;
                        bestStep = step;
                        if (best != null) {
                            best.values().forEach(INDArray::close);
                        }
                        best = Checkpoints.snapshot(sd);
                    }
                    if (raw != null) {
                        Checkpoints.restore(sd, raw);
                        raw.values().forEach(INDArray::close);
                    }
                    if (!improved && validation.patience() > 0 && step - bestStep >= validation.patience() * validation.every()) {
                        break;
                    }
                }
            }
            planned = stepper.plannedSteps;
            if (best == null && average != null) {
                Checkpoints.restore(sd, average.weights());
            }
        }
        checkpoint.values().forEach(INDArray::close);
        if (best != null) {
            Checkpoints.restore(sd, best);
            best.values().forEach(INDArray::close);
        }
        return new Result(history, (System.nanoTime() - start) / 1e9, cancelled, step, planned, curve, bestStep);
    }

    /** Each term's weighted value on {@code feed}, by term name. */
    private static Map<String, Double> weightedTerms(SameDiff sd, Map<String, INDArray> feed, List<Term> terms) {
        Map<String, INDArray> out = sd.output(feed, terms.stream().map(Term::weightedVariable).toList());
        Map<String, Double> values = new LinkedHashMap<>();
        for (Term t : terms) {
            values.put(t.name(), out.get(t.weightedVariable()).getDouble(0));
        }
        out.values().forEach(INDArray::close);
        return values;
    }

    /**
     * The term that grew most, if the loss (the sum of the terms' sizes, so terms of opposite sign
     * cannot hide each other) has grown {@link #EXPLOSION} times beyond its size before the first
     * step; null if it has not.
     */
    static String exploded(Map<String, Double> initial, Map<String, Double> now) {
        double before = initial.values().stream().mapToDouble(Math::abs).sum();
        double after = now.values().stream().mapToDouble(Math::abs).sum();
        if (after <= EXPLOSION * Math.max(before, EXPLOSION_FLOOR)) {
            return null;
        }
        String worst = null;
        double growth = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : now.entrySet()) {
            double g = Math.abs(e.getValue()) - Math.abs(initial.getOrDefault(e.getKey(), 0.0));
            if (g > growth) {
                growth = g;
                worst = e.getKey();
            }
        }
        return worst;
    }

    private static double weightOf(List<Term> terms, String name) {
        double w = terms.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().weight();
        return w == 0 ? 1 : w;
    }

    /**
     * Takes the steps of one phase: each {@link #step} does what M2.1's {@code fit(MultiDataSet)}
     * does for one batch (the gradient graph's ops compute the gradients, then each variable's
     * updater and update). The first step runs in a session that hands the ops
     * {@link JavaKernels} covers to them and draws its arrays from a shared cache; it is recorded,
     * and the steps after it run from the recording ({@link PlannedSteps}).
     */
    private static final class Stepper implements AutoCloseable {
        /**
         * Steps between full collections. With the heap fixed at 4 GB, G1 never starts an old-generation
         * cycle in training (the live heap stays near 50 MB), so the native buffers of the few arrays
         * that die old would wait for one and resident memory would climb; an explicit collection
         * frees them (docs/architecture.md, Facts).
         */
        private static final int COLLECT_EVERY = 1000;

        private final SameDiff sd;
        private final SameDiff grad;
        private final TrainingConfig config;
        private final Map<String, GradientUpdater> updaters;
        private final Set<String> trainable = new LinkedHashSet<>();
        private final List<Listener> listeners;
        private final List<Listener> active;
        private StepArrays arrays = new StepArrays();
        private final JavaKernels kernels;
        private PlannedSteps plan;
        private boolean planTried;
        /** Steps that ran from the plan. */
        int plannedSteps;
        private int steps;

        Stepper(SameDiff sd) {
            this.sd = sd;
            this.config = sd.getTrainingConfig();
            if (config == null) {
                throw new IllegalStateException("set the graph's training config first");
            }
            if (sd.getFunction("grad") == null) {
                buildGradientsQuietly(sd);
            }
            this.grad = sd.getFunction("grad");
            this.kernels = new JavaKernels(fixedVariables(grad));
            grad.setTrainingConfig(config);
            this.updaters = updaters(sd);
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE) {
                    trainable.add(v.name());
                }
            }
            this.listeners = new ArrayList<>(sd.getListeners());
            this.active = listeners.stream().filter(l -> l.isActive(Operation.TRAINING)).toList();
            active.forEach(l -> l.operationStart(grad, Operation.TRAINING));
        }

        void step(MultiDataSet data) {
            At at = At.builder().epoch(config.getEpochCount()).iteration(config.getIterationCount()).trainingThreadNum(0)
                    .javaThreadNum(Thread.currentThread().getId()).operation(Operation.TRAINING).build();
            for (Listener l : active) {
                l.iterationStart(sd, at, data, 0);
            }
            kernels.nextStep();
            Map<String, INDArray> inputs = feed(data);
            if (plan != null && plan.fits(inputs)) {
                plan.step(inputs, data, listeners, at);
                plannedSteps++;
            } else {
                JavaKernelSession session = new JavaKernelSession(grad, kernels);
                session.setMmgr(arrays);
                PlannedSteps.Recorder recorder = planTried ? null : new PlannedSteps.Recorder();
                List<Listener> hearing = new ArrayList<>(listeners);
                if (recorder != null) {
                    hearing.add(recorder);
                }
                // the session itself tells the listeners the iteration is done, as in fit()
                session.trainingIteration(config, inputs, trainable, updaters, data, sd.getLossVariables(), hearing, at);
                if (recorder != null) {
                    planTried = true;
                    JavaKernelSession replaying = new JavaKernelSession(grad, kernels);
                    replaying.setMmgr(arrays);
                    plan = PlannedSteps.of(recorder, grad, config, replaying, updaters, sd.getLossVariables(), inputs);
                    if (plan == null) {
                        recorder.discard();
                    } else {
                        // the plan keeps its own arrays: the cache the first step filled is not needed
                        arrays.close();
                        arrays = new StepArrays();
                        replaying.setMmgr(arrays);
                    }
                }
            }
            config.incrementIterationCount();
            config.incrementEpochCount();
            if (++steps % COLLECT_EVERY == 0) {
                System.gc();
            }
        }

        /** The step's arrays by graph variable name, from the training config's feature and label mappings. */
        private Map<String, INDArray> feed(MultiDataSet data) {
            Map<String, INDArray> feed = new HashMap<>();
            put(feed, config.getDataSetFeatureMapping(), data.getFeatures(), "feature");
            put(feed, config.getDataSetLabelMapping(), data.getLabels(), "label");
            return feed;
        }

        private static void put(Map<String, INDArray> feed, List<String> names, INDArray[] arrays, String kind) {
            int n = names == null ? 0 : names.size();
            int given = arrays == null ? 0 : arrays.length;
            if (n != given) {
                throw new IllegalArgumentException("the training config maps " + n + " " + kind + " arrays, the step has " + given);
            }
            for (int i = 0; i < n; i++) {
                feed.put(names.get(i), arrays[i]);
            }
        }

        @Override
        public void close() {
            if (plan != null) {
                plan.close();
            }
            kernels.close();
            arrays.close();
            active.forEach(l -> l.operationEnd(sd, Operation.TRAINING));
        }

        /**
         * The graph's updaters (Adam's moments), made once per graph as fit() makes them, so a graph
         * trained in several phases keeps them. M2.1 makes them only in a protected method.
         */
        private static Map<String, GradientUpdater> updaters(SameDiff sd) {
            if (!sd.isInitializedTraining()) {
                try {
                    Method init = SameDiff.class.getDeclaredMethod("initializeTraining");
                    init.setAccessible(true);
                    init.invoke(sd);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("ND4J's SameDiff.initializeTraining() is not as in 1.0.0-M2.1", e);
                }
            }
            return sd.getUpdaterMap();
        }
    }

    /**
     * The array cache the steps of a phase share, so a step reuses the buffers of the step before
     * instead of allocating (and zero-filling) them again, which makes a step faster
     * (docs/architecture.md, Facts). Scalars are not kept: the session releases three more per
     * step than it takes back, so kept they would pile up.
     */
    static final class StepArrays extends ArrayCacheMemoryMgr {
        @Override
        public void release(INDArray array) {
            if (array.length() > 1) {
                super.release(array);
            }
        }
    }

    /** M2.1's training session, with the ops {@link JavaKernels} covers run by it. */
    private static final class JavaKernelSession extends TrainingSession {
        private final JavaKernels kernels;

        JavaKernelSession(SameDiff grad, JavaKernels kernels) {
            super(grad);
            this.kernels = kernels;
        }

        @Override
        public ExecutionResult doExec(DifferentialFunction op, OpContext ctx, FrameIter frame, Set<VarId> opInputs,
                                      Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                      Map<String, SDValue> otherPlaceHolders) {
            String name = op.opName();
            if (ctx != null && JavaKernels.covers(name)) {
                String[] inputs = op.argNames();
                if (kernels.run(name, inputs.length == 0 ? null : inputs[0], ctx)) {
                    return ExecutionResult.createFrom(op, ctx);
                }
            }
            return super.doExec(op, ctx, frame, opInputs, allIterInputs, constAndPhInputs, otherPlaceHolders);
        }
    }

    /**
     * The variables no trainable variable feeds: the graph's inputs, constants, and the outputs of ops
     * whose inputs are all such. Their gradients are never needed.
     */
    static Set<String> fixedVariables(SameDiff sd) {
        Set<String> fixed = new HashSet<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.PLACEHOLDER || v.getVariableType() == VariableType.CONSTANT) {
                fixed.add(v.name());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (SameDiffOp op : sd.getOps().values()) {
                List<String> in = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
                List<String> out = op.getOutputsOfOp() == null ? List.of() : op.getOutputsOfOp();
                if (fixed.containsAll(in) && !fixed.containsAll(out)) {
                    fixed.addAll(out);
                    grew = true;
                }
            }
        }
        return fixed;
    }

    /**
     * Builds the gradient graph; ND4J 1.0.0-M2.1 prints one line per op to stdout while it does,
     * which is dropped for this thread only (runs of a sweep may share the JVM).
     */
    public static void buildGradientsQuietly(SameDiff sd) {
        QuietStdout.during(sd::createGradFunction);
    }
}
