package dev.kenning.workbench;

import dev.kenning.core.run.MetricName;
import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.Csv;
import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.Video;
import dev.kenning.learner.Augmentation;
import dev.kenning.learner.Correlation;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.RestartsCombine;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.learner.TrackEnsemble;
import dev.kenning.learner.TrackingScores;
import dev.kenning.learner.Trainer;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sequence regression, the experiments of Stewart &amp; Ermon (AAAI 2017): a CNN reads one number
 * per frame (a height, a position, an angle) and learns it with no labels from the laws and
 * anti-trivial terms the rules derived ({@code label_free}); the same network trained on the
 * true values runs beside it as a baseline ({@code supervised}) on the training windows labelled on
 * every frame (all of them for generated data; footage may be labelled only where the object is in
 * view). Evaluated by the correlation with the truth per test window; the trajectories are
 * plotted.
 */
public final class SequenceRegressionTask implements Task {
    private final ExperimentSpec spec;
    /** Where a footage folder's decoded frames are kept between runs. */
    private final DecodedImageCache frameCache;

    public SequenceRegressionTask(ExperimentSpec spec) {
        this(spec, DecodedImageCache.NONE);
    }

    public SequenceRegressionTask(ExperimentSpec spec, DecodedImageCache frameCache) {
        this.spec = spec;
        this.frameCache = frameCache;
    }

    @Override
    public Plan plan(DerivedKnowledge knowledge, RunListener listener) {
        DerivedConstraints constraints = knowledge.derived();
        String output = boundOutput(constraints);
        List<LossTerm> terms = lossTerms(constraints, output);
        listener.onStage("preparing data");
        ExperimentData data = ExperimentData.prepare(spec, frameCache);
        listener.onStage(data.description());
        if (data.train().size() < spec.training().batchVideos()) {
            listener.onStage("training.batch_videos lowered from " + spec.training().batchVideos() + " to the "
                    + data.train().size() + " training windows there are");
        }
        if (data.frameStep() == spec.data().frameStep()) {
            return run -> train(run, constraints, output, terms, data);
        }
        // frame_step: auto came to a number once the data was read: the laws' dt and the scores follow it
        SequenceRegressionTask decided = new SequenceRegressionTask(spec.withFrameStep(data.frameStep()), frameCache);
        List<LossTerm> decidedTerms = decided.lossTerms(constraints, output);
        return run -> decided.train(run, constraints, output, decidedTerms, data);
    }

    /** The one model output the constraints bind (Kenning's regressors predict one quantity). */
    public String boundOutput(DerivedConstraints constraints) {
        try {
            return constraints.boundOutput();
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source().toString(), e.getMessage());
        }
    }

    /** The loss terms for the derived constraints; a weight for a kind not derived and a wrong binding are errors here. */
    public List<LossTerm> lossTerms(DerivedConstraints constraints, String output) {
        if (constraints.isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no constraints from the knowledge"
                    + " (is an observation governed by a law, and does a rule match it?): a label-free run has"
                    + " nothing to learn from");
        }
        Set<String> kinds = constraints.kinds();
        for (String kind : spec.knowledge().weights().keySet()) {
            if (!kinds.contains(kind)) {
                throw new InputError(spec.source().toString(), "'knowledge.weights' gives a weight to '" + kind
                        + "', but the rules derived no constraint of that kind; they derived " + kinds);
            }
        }
        List<LossTerm> terms = new ArrayList<>();
        for (ConstraintSpec c : constraints.all()) {
            dev.kenning.constraints.Constraint constraint;
            try {
                constraint = constraints.loss(c);
                // the windows' frames are data.frame_step apart, or fewer for clips too short for it
                constraint.checkFrameStep(spec.data().frameStep());
            } catch (IllegalArgumentException e) {
                throw new InputError("rule '" + c.provenance().rule() + "'", e.getMessage(), e);
            }
            if (!constraint.binding().equals(output)) {
                throw new InputError("rule '" + c.provenance().rule() + "'", "constraint '" + c.kind()
                        + "' binds output '" + constraint.binding() + "', but the " + spec.data().generator()
                        + " model predicts '" + output + "'");
            }
            if (c.params().containsKey("dt")) {
                double dt = c.param("dt");
                double specDt = 1.0 / spec.data().fps();
                if (Math.abs(dt - specDt) > 1e-9 * Math.max(1, specDt)) {
                    String stated = c.provenance().triples().stream().filter(t -> statesRate(t, 1 / dt))
                            .map(t -> " ([" + t + "]" + (spec.knowledge().ontologies().isEmpty() ? ""
                                    : ", in one of " + spec.knowledge().ontologies().stream().map(f -> f.getFileName().toString())
                                    .collect(java.util.stream.Collectors.joining(", "))) + ")")
                            .findFirst().orElse("");
                    throw new InputError(spec.source().toString(), "data.fps is " + spec.data().fps()
                            + " but the knowledge graph's frame rate gives dt = " + dt + " s (" + (1 / dt)
                            + " fps) for '" + c.kind() + "'" + stated + "; make them agree, both are the camera's"
                            + " frames per second, or leave the frame rate out of the scene: data.fps then gives it");
                }
            }
            String name = c.kind();
            int n = 2;
            while (true) {
                String candidate = name;
                if (terms.stream().noneMatch(t -> t.name().equals(candidate))) {
                    break;
                }
                name = c.kind() + "-" + n++;
            }
            terms.add(LossTerm.of(name, spec.knowledge().weights().getOrDefault(c.kind(), c.weight()), constraint,
                    constraints.isLaw(c)));
        }
        ExperimentSpec.EarlyStopping stopping = spec.training().earlyStopping();
        if (stopping != null && stopping.lawPerSpread() && terms.stream().noneMatch(LossTerm::law)) {
            throw new InputError(spec.source().toString(), "'training.early_stopping.criterion: law_per_spread' divides"
                    + " the laws' loss by the predictions' spread, but the rules derived no law, only "
                    + terms.stream().map(LossTerm::name).toList() + "; use criterion: loss");
        }
        return terms;
    }

    /** One model trained: its name, its loss terms, the windows it trains on and how they are changed. */
    private record Phase(String name, ModelSpec model, List<LossTerm> terms, List<Video> windows, Augmentation augmentation) {
    }

    /**
     * The supervised baseline's network: its output starts at the training labels' mean and works
     * in units of their standard deviation, so labels in any unit (a pixel column from a tracker,
     * hundreds wide, as well as metres) are learnt at the pace the learning rate sets.
     */
    static ModelSpec labelScaled(ModelSpec network, List<Video> labelled) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (Video v : labelled) {
            for (double y : v.truth()) {
                if (!Double.isNaN(y)) {
                    sum += y;
                    squares += y * y;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
        // labels all alike leave the unit as it is
        return network.withOutput(mean, sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1);
    }

    /**
     * A model whose correlation with the truth on its own training windows is below this learned
     * nothing: its test numbers are noise (a collapsed or wildly stepped model), not a result.
     */
    static final double LEARNED_NOTHING_BELOW = 0.1;

    /**
     * A model whose sign only its law fixes and whose correlation on its own training windows is at
     * or below this learned, against its labels: they count the other way from the law.
     */
    static final double AGAINST_LABELS_AT = -0.5;

    /**
     * Whether a model scored {@code corr} against labels runs against them: its sign set by its law
     * alone ({@code signFromLaw}: a law that fixes the sign, a model not taught it by labels), and
     * its correlation at or below {@link #AGAINST_LABELS_AT}. Runs and {@code kenning predict} judge alike.
     */
    static boolean runsAgainstLabels(boolean signFromLaw, double corr) {
        return signFromLaw && corr <= AGAINST_LABELS_AT;
    }

    /**
     * Scores a clock on the test frames as the models were scored ({@code clock.window_abs_r},
     * {@code clock.test_corr}): each frame's index in its sequence as the prediction, no image seen,
     * and says its figures beside the models'. Where the labels are nearly straight lines in time
     * within each window, as a walker's at constant speed are, the clock scores window |r| near 1
     * and so does any track that is straight in time; when it scores at least what a model does,
     * the run says that window |r| there measures straightness and names what tells tracking apart.
     */
    private void clock(RunContext run, double[][] truth, int[] steps, boolean signFixed) {
        TrackingScores scores = TrackingScores.of(TrackingScores.clock(truth), truth, spec.data().window(), steps, signFixed);
        if (scores.windowsScored() == 0) {
            return;
        }
        run.put(MetricName.windowAbsR(MetricName.CLOCK), scores.windowAbsR());
        run.put(MetricName.testCorr(MetricName.CLOCK), scores.testCorr());
        List<String> matched = new ArrayList<>();
        for (String phase : List.of(MetricName.LABEL_FREE, MetricName.SUPERVISED)) {
            Double model = run.metrics().get(MetricName.windowAbsR(phase).toString());
            if (model != null && scores.windowAbsR() >= model) {
                matched.add(phase.replace('_', '-'));
            }
        }
        String said = TrackingScores.clockSaid(scores.windowAbsR(), scores.testCorr(), signFixed);
        run.listener().onStage(matched.isEmpty() ? said : "note: " + said + ", as much as the " + String.join(" and the ", matched)
                + " model's window |r|: " + TrackingScores.CLOCK_MATCHED + "; the per-sequence score, global_r (one scale for every"
                + " sequence) and trajectories.png tell tracking apart");
    }

    /** A label-free track whose spread is this many times its labels' (or fewer than its inverse) is said to be at another scale. */
    static final double OTHER_SCALE_AT = 2;

    /**
     * The label-free track's spread per its labels' spread, the median over the test sequences with
     * three labelled frames or more ({@code <phase>.spread_per_label_spread}), where a law fixes the
     * track's scale (free fall: g in m/s², at {@code data.fps}). When it is {@link #OTHER_SCALE_AT}
     * times off, the run says what would do that: labels in another unit, or a {@code data.fps}
     * other than the camera's. The law alone would scale heights by (the camera's fps / data.fps)²,
     * but the range and spread terms pull against it (measured: 2.7 at data.fps 8 for footage of 30,
     * 0.63 at 30), so no frame rate is suggested from the ratio.
     */
    private void scaleToLabels(RunContext run, String phase, double[][] predicted, double[][] truth, String output) {
        double ratio = TrackingScores.spreadPerLabelSpread(predicted, truth);
        if (Double.isNaN(ratio)) {
            return;
        }
        run.put(MetricName.of(phase, "spread_per_label_spread"), ratio);
        String said = otherScaleSaid("the " + phase.replace('_', '-') + " track spreads", ratio, output,
                "data.fps " + String.valueOf(spec.data().fps()).replaceFirst("\\.0$", ""));
        if (said != null) {
            run.listener().onStage("note: " + said);
        }
    }

    /**
     * What a track whose law fixes its scale, spreading {@code ratio} times as much as its labels,
     * says ({@code whatSpreads}: "the label-free track spreads"), run and {@code kenning predict}
     * alike; null when the ratio is within {@link #OTHER_SCALE_AT} of 1.
     */
    static String otherScaleSaid(String whatSpreads, double ratio, String output, String atFps) {
        if (Double.isNaN(ratio) || ratio <= OTHER_SCALE_AT && ratio >= 1 / OTHER_SCALE_AT) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%s %.3g times as much as its labels (median over the sequences), though"
                + " its law fixes its scale (%s in the law's unit at %s): the labels may be in another unit (a tracker's pixels:"
                + " then this is no fault), or data.fps may not be the camera's frame rate (a data.fps below the camera's spreads"
                + " the track more, one above it less)", whatSpreads, ratio, output, atFps);
    }

    /**
     * Scores the model on the windows it trained on ({@code <phase>.train_corr}) and flags it
     * ({@code <phase>.learned_nothing} = 1) when that is about zero; footage without labels on its
     * training frames cannot be scored, and gets neither metric. A label-free model whose law fixes
     * the sign and which runs clearly against its labels learned, but the labels count the other
     * way ({@code <phase>.against_labels} = 1): a tracker's image rows grow downward.
     */
    private void learnedAnything(RunContext run, String phase, java.util.function.Function<List<Video>, double[][]> predictor,
                                 List<Video> train, boolean signFixed, boolean signFromLaw) {
        double[][] truth = train.stream().map(Video::truth).toArray(double[][]::new);
        TrackingScores scores = TrackingScores.of(predictor.apply(train), truth, spec.data().window(), spec.data().frameStep(),
                signFixed);
        if (scores.sequencesScored() == 0) {
            return;
        }
        boolean against = runsAgainstLabels(signFromLaw, scores.testCorr());
        // NaN (no sequence with enough spread to correlate) is nothing learned too
        boolean nothing = !against && !(scores.testCorr() >= LEARNED_NOTHING_BELOW);
        run.put(MetricName.trainCorr(phase), scores.testCorr());
        run.put(MetricName.learnedNothing(phase), nothing ? 1 : 0);
        if (against) {
            run.put(MetricName.againstLabels(phase), 1);
        }
    }

    /**
     * Records what early stopping chose: {@code <phase>.best_step}, the test window |r| at that step
     * and the best test window |r| of any measured step (both with labels the choice never saw), the
     * curve as early-stopping.csv and its plot.
     */
    private void earlyStopping(RunContext run, String phase, Trainer.Trained trained, List<RunPlots.EarlyStoppingPoint> probes,
                               String criterion) {
        List<RunPlots.EarlyStoppingPoint> curve = new ArrayList<>();
        for (int i = 0; i < trained.validation().size(); i++) {
            var v = trained.validation().get(i);
            curve.add(new RunPlots.EarlyStoppingPoint(v.step(), v.loss(), i < probes.size() ? probes.get(i).testWindowR() : Double.NaN));
        }
        writeEarlyStopping(run, phase, curve, trained.bestStep(), trained.steps(), criterion, WINDOWS_SAID.get(criterion));
        run.listener().onStage(phase.replace('_', '-') + ": early stopping kept step " + trained.bestStep() + " of "
                + trained.steps());
    }

    /** early-stopping.csv, its plot and the metrics of the step kept, as {@link #earlyStopping} describes them. */
    private void writeEarlyStopping(RunContext run, String phase, List<RunPlots.EarlyStoppingPoint> curve, int bestStep,
                                    int steps, String criterion, String said) {
        // the column names the windows and what was measured on them: held_out_loss, test_law_per_spread …
        StringBuilder csv = new StringBuilder("step," + criterion + "_" + spec.training().earlyStopping().criterion()
                + ",test_window_abs_r\n");
        for (RunPlots.EarlyStoppingPoint p : curve) {
            csv.append(p.step()).append(',').append(p.loss()).append(',')
                    .append(Double.isNaN(p.testWindowR()) ? "" : p.testWindowR()).append('\n');
        }
        run.put(MetricName.of(phase, "best_step"), bestStep);
        curve.stream().filter(p -> p.step() == bestStep).findFirst()
                .ifPresent(p -> run.put(MetricName.of(phase, "window_abs_r_at_best_step"), p.testWindowR()));
        curve.stream().mapToDouble(RunPlots.EarlyStoppingPoint::testWindowR).filter(r -> !Double.isNaN(r)).max()
                .ifPresent(best -> run.put(MetricName.of(phase, "window_abs_r_best_possible"), best));
        run.writeTable("early-stopping.csv", csv);
        run.plot("early-stopping.png", f -> RunPlots.earlyStopping(f, curve, bestStep, steps, said, measure()));
    }

    /**
     * predictions.csv: every test frame's prediction by each model trained, beside its label when it
     * has one, named as the footage names them ({@code sequence,frame,label_free[,supervised],label};
     * a run that averaged its restarts adds each one's own, {@code label_free_restart_K}, before the
     * label), so the tracks can be read without exporting the model.
     */
    private static void writePredictions(RunContext run, List<ExperimentData.TestFrames> names,
                                         Map<String, double[][]> predictions, double[][] truth) {
        StringBuilder csv = new StringBuilder("sequence,frame");
        predictions.keySet().forEach(phase -> csv.append(',').append(phase));
        csv.append(",label\n");
        for (int s = 0; s < names.size(); s++) {
            ExperimentData.TestFrames n = names.get(s);
            for (int f = 0; f < truth[s].length; f++) {
                csv.append(Csv.cell(n.sequence())).append(',').append(Csv.cell(n.frames().get(f)));
                for (double[][] p : predictions.values()) {
                    csv.append(',').append(String.format(java.util.Locale.ROOT, "%.7g", p[s][f]));
                }
                csv.append(',').append(Double.isNaN(truth[s][f]) ? "" : String.valueOf(truth[s][f])).append('\n');
            }
        }
        run.writeTable("predictions.csv", csv);
    }

    /**
     * One training of a phase from one seed, with its early-stopping curve; with restarts that stop
     * together, its weights and test track at every measured step, by step.
     */
    private record Attempt(SequenceRegressor model, Trainer.Trained trained, List<RunPlots.EarlyStoppingPoint> curve,
                           Map<Integer, Map<String, org.nd4j.linalg.api.ndarray.INDArray>> weights, Map<Integer, double[][]> tracks) {
        /** Frees the weights kept at every step. */
        void release() {
            weights.values().forEach(w -> w.values().forEach(org.nd4j.linalg.api.ndarray.INDArray::close));
            weights.clear();
            tracks.clear();
        }
    }

    /** The windows a label-free criterion (early stopping's, the restarts') is measured on: train, held_out or test. */
    private static String criterionWindows(ExperimentData data) {
        return data.heldOut().isEmpty() ? "train" : data.heldOutFromTest() ? "test" : "held_out";
    }

    /** How a log line or plot names each criterion's windows. */
    private static final Map<String, String> WINDOWS_SAID = Map.of("train", "training", "held_out", "held-out",
            "test", "test-frame");

    /** What early stopping measures on its windows, as the run's messages and plot name it. */
    private String measure() {
        return spec.training().earlyStopping().lawPerSpread() ? "law loss per spread" : "loss";
    }

    /** Whether a provenance statement gives the frame rate {@code fps}: k:frameRate, or a scene's own property for it. */
    private static boolean statesRate(SourceTriple t, double fps) {
        if (t.predicate().endsWith("frameRate")) {
            return true;
        }
        try {
            return Math.abs(Double.parseDouble(t.object()) - fps) <= 1e-9 * Math.max(1, fps);
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** Early stopping steers the label-free model only, and only by its own label-free loss (held-out or test-frame windows). */
    private static boolean stops(Phase phase, ExperimentData data) {
        return phase.name.equals("label_free") && !data.heldOut().isEmpty();
    }

    /** Restart {@code k} as judged on the criterion's windows {@code judged}, and scored on the test frames. */
    private RestartRow judge(int k, Attempt attempt, Phase phase, List<Video> judged, int batch, List<Video> test,
                             double[][] truth, ExperimentData data, boolean signFixed) {
        return new RestartRow(k, restartSeed(spec.seed(), k), attempt, SequenceTraining.loss(attempt.model, judged, phase.terms, batch),
                SequenceTraining.meanWindowStd(attempt.model.predict(judged)), testWindowR(attempt.model, test, truth, data.testSteps(), signFixed));
    }

    /** One label-free restart as judged: its loss on the criterion's windows, its spread there, its test score. */
    private record RestartRow(int restart, long seed, Attempt attempt, SequenceTraining.Loss loss, double predictionStd,
                              double testWindowR) {
    }

    /** The label-free model's test window |r|: scored with labels, which steer nothing. */
    private double testWindowR(SequenceRegressor model, List<Video> test, double[][] truth, int[] steps, boolean signFixed) {
        return windowR(model.predict(test), truth, steps, signFixed);
    }

    /** A test track's window |r|. */
    private double windowR(double[][] track, double[][] truth, int[] steps, boolean signFixed) {
        return TrackingScores.of(track, truth, spec.data().window(), steps, signFixed).windowAbsR();
    }

    /**
     * Restart 0 trains from the run's seed, so one restart is the run as it always was; the others
     * from seeds mixed from it, non-negative as {@code --seed} takes them.
     */
    static long restartSeed(long seed, int restart) {
        return restart == 0 ? seed : (seed ^ (0x9E3779B97F4A7C15L * restart)) & Long.MAX_VALUE;
    }

    /** The label-free model's network: the spec's, its output bound by the constraints and started where they say. */
    private ModelSpec labelFreeSpec(DerivedConstraints constraints, String output) {
        double outputInit = Double.isNaN(spec.model().outputInit()) ? constraints.outputStart() : spec.model().outputInit();
        return spec.model().network(output, outputInit);
    }

    /** The label-free model a training from {@code seed} starts from, before its first step. */
    SequenceRegressor labelFreeModel(DerivedConstraints constraints, long seed) {
        return network(labelFreeSpec(constraints, boundOutput(constraints)), seed);
    }

    /** {@code model} for the spec's square colour frames, its weights drawn from {@code seed}. */
    private SequenceRegressor network(ModelSpec model, long seed) {
        int size = spec.data().imageSize();
        return SequenceRegressor.create(model, 3, size, size, seed);
    }

    private Trainer trainer() {
        return new Trainer(new Trainer.Settings(spec.training().steps(), spec.training().learningRate(),
                spec.training().logEvery(), spec.training().checkpointEvery(), spec.training().emaDecay(),
                spec.training().lrSchedule()));
    }

    /**
     * One training from {@code seed}. With early stopping, its test window |r| is taken at every
     * measurement (labels steer nothing); with {@code everyStep} (restarts that stop together) its
     * weights and test track are kept at every measurement too, until {@link Attempt#release}.
     */
    private Attempt attempt(RunContext run, Phase phase, long seed, int batch, ExperimentData data,
                            List<Video> test, double[][] truth, boolean signFixed, boolean keep, boolean everyStep) {
        SequenceRegressor model = network(phase.model, seed);
        List<RunPlots.EarlyStoppingPoint> curve = new ArrayList<>();
        Map<Integer, Map<String, org.nd4j.linalg.api.ndarray.INDArray>> weights = new java.util.TreeMap<>();
        Map<Integer, double[][]> tracks = new java.util.TreeMap<>();
        SequenceTraining.EarlyStopping stopping = !stops(phase, data) ? null : new SequenceTraining.EarlyStopping(
                spec.training().earlyStopping().every(), spec.training().earlyStopping().patience(), data.heldOut(),
                spec.training().earlyStopping().lawPerSpread() ? lawTerms(phase.terms) : null,
                step -> {
                    double[][] track = model.predict(test);
                    curve.add(new RunPlots.EarlyStoppingPoint(step, Double.NaN, windowR(track, truth, data.testSteps(), signFixed)));
                    if (everyStep) {
                        weights.put(step, dev.kenning.engine.Checkpoints.snapshot(model.graph()));
                        tracks.put(step, track);
                    }
                });
        Trainer.Trained trained = run.train(phase.name, model, () -> SequenceTraining.train(trainer(), phase.name, model,
                phase.windows, phase.terms, batch, seed, phase.augmentation, stopping, run.listener()), keep);
        return new Attempt(model, trained, curve, weights, tracks);
    }

    /** The names of the law terms among {@code terms}, for the law per spread criterion ({@link #lossTerms} made sure of one). */
    private static Set<String> lawTerms(List<LossTerm> terms) {
        return terms.stream().filter(LossTerm::law).map(LossTerm::name).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Restarts averaged with early stopping stop together: at the measured step (one every restart
     * reached) where their mean label-free loss on the criterion's windows is lowest, each restart
     * goes back to its weights there. The curve written is the restarts' mean loss beside the test
     * window |r| of their tracks combined at each step (the test frames as they are; labels choose
     * nothing).
     */
    private void stopTogether(RunContext run, String phase, List<Attempt> attempts, double[][] truth, ExperimentData data,
                             boolean signFixed, String criterion) {
        java.util.SortedSet<Integer> steps = new java.util.TreeSet<>(attempts.get(0).weights.keySet());
        attempts.forEach(a -> steps.retainAll(a.weights.keySet()));
        List<RunPlots.EarlyStoppingPoint> curve = new ArrayList<>();
        int chosen = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int step : steps) {
            double loss = 0;
            for (Attempt a : attempts) {
                loss += a.trained.validation().stream().filter(v -> v.step() == step).findFirst().orElseThrow().loss()
                        / attempts.size();
            }
            double[][] combined = TrackEnsemble.combine(attempts.stream().map(a -> a.tracks.get(step)).toList(), signFixed);
            curve.add(new RunPlots.EarlyStoppingPoint(step, loss, windowR(combined, truth, data.testSteps(), signFixed)));
            if (loss < lowest) {
                lowest = loss;
                chosen = step;
            }
        }
        for (Attempt a : attempts) {
            dev.kenning.engine.Checkpoints.restore(a.model.graph(), a.weights.get(chosen));
            a.release();
        }
        String said = WINDOWS_SAID.get(criterion) + " (mean of " + attempts.size() + " restarts)";
        int last = attempts.stream().mapToInt(a -> a.trained.steps()).max().orElse(chosen);
        writeEarlyStopping(run, phase, curve, chosen, last, criterion, said);
        run.put(MetricName.of(phase, "restarts_stopped_together"), 1);
        run.listener().onStage(phase.replace('_', '-') + ": the " + attempts.size() + " restarts stop together at step "
                + chosen + " of " + last + ", where their mean " + WINDOWS_SAID.get(criterion) + " " + measure() + " was lowest");
    }

    /**
     * Records the label-free restarts: {@code restarts.csv} (each one's seed, steps, criterion, the
     * test window |r| the choice never saw, whether it was kept, then each term's unweighted value and
     * the predictions' mean spread per window on the criterion's windows), {@code <phase>.restarts},
     * {@code <phase>.window_abs_r_best_restart} and {@code <phase>.window_abs_r_restarts_mean} (the
     * best and the mean any restart scored alone), and either the one kept ({@code chosen}:
     * {@code <phase>.chosen_restart}, its criterion) or, with {@code chosen} null, that all were
     * averaged ({@code <phase>.restarts_averaged}).
     */
    private void restarts(RunContext run, String phase, List<RestartRow> rows, RestartRow chosen, String criterion) {
        StringBuilder csv = new StringBuilder("restart,seed,steps,criterion_windows,criterion,test_window_abs_r,chosen");
        rows.get(0).loss.terms().keySet().forEach(name -> csv.append(',').append(name).append("_loss"));
        csv.append(",prediction_std\n");
        double train = 0;
        for (RestartRow r : rows) {
            Trainer.Trained trained = r.attempt.trained();
            train += trained.secondsTraining();
            csv.append(r.restart).append(',').append(r.seed).append(',').append(trained.steps()).append(',')
                    .append(criterion).append(',').append(r.loss.weighted()).append(',')
                    .append(Double.isNaN(r.testWindowR) ? "" : r.testWindowR).append(',')
                    .append(chosen == null || r == chosen ? 1 : 0);
            r.loss.terms().values().forEach(v -> csv.append(',').append(v));
            csv.append(',').append(r.predictionStd).append('\n');
        }
        run.writeTable("restarts.csv", csv);
        run.put(MetricName.of(phase, "restarts"), rows.size());
        run.put(MetricName.of(phase, "restarts_train_seconds"), train);
        double[] scored = rows.stream().mapToDouble(RestartRow::testWindowR).filter(r -> !Double.isNaN(r)).toArray();
        if (scored.length > 0) {
            run.put(MetricName.of(phase, "window_abs_r_best_restart"), java.util.Arrays.stream(scored).max().getAsDouble());
            run.put(MetricName.of(phase, "window_abs_r_restarts_mean"), Correlation.mean(scored));
        }
        if (chosen == null) {
            run.put(MetricName.restartsAveraged(phase), rows.size());
            run.listener().onStage(phase.replace('_', '-') + ": averaging the tracks of the " + rows.size()
                    + " restarts, sequence by sequence");
            return;
        }
        run.put(MetricName.of(phase, "chosen_restart"), chosen.restart);
        run.put(MetricName.of(phase, "restart_criterion"), chosen.loss.weighted());
        run.listener().onStage(phase.replace('_', '-') + ": kept restart " + chosen.restart + " of " + rows.size()
                + " (lowest " + WINDOWS_SAID.get(criterion) + " loss "
                + String.format(java.util.Locale.ROOT, "%.5g", chosen.loss.weighted()) + ")");
    }

    private void train(RunContext run, DerivedConstraints constraints, String output, List<LossTerm> terms,
                       ExperimentData data) {
        RunListener listener = run.listener();
        run.put(MetricName.FRAME_STEP, spec.data().frameStep());
        int fewest = java.util.Arrays.stream(data.testSteps()).min().orElse(spec.data().frameStep());
        if (fewest != spec.data().frameStep()) {
            // frame_step: auto took a step per sequence, some lower than frame_step for want of frames
            run.put(MetricName.FRAME_STEP_MIN, fewest);
        }
        boolean signFixed = constraints.signFixed();
        ModelSpec modelSpec = labelFreeSpec(constraints, output);
        List<Video> test = data.test();
        double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
        Map<String, double[][]> predictions = new LinkedHashMap<>();
        // each averaged restart's own track, beside the average, in predictions.csv only
        Map<String, double[][]> restartTracks = new LinkedHashMap<>();

        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("label_free", modelSpec, terms, data.train(), spec.training().augment()));
        if (data.testWindowsTrained() > 0) {
            run.put(MetricName.testFramesTrained("label_free"), 1);
        }
        if (spec.training().supervisedBaseline()) {
            List<Video> labelled = data.labelledWindows();
            if (labelled.isEmpty()) {
                listener.onStage("no supervised baseline: no training window has a label on every frame");
            } else {
                if (labelled.size() < data.windows()) {
                    listener.onStage("supervised baseline on the " + labelled.size() + " of " + data.windows()
                            + " training windows with a label on every frame");
                }
                phases.add(new Phase("supervised", labelScaled(modelSpec, labelled), List.of(LossTerm.supervised(output)),
                        labelled, Augmentation.NONE));
                run.put(MetricName.SUPERVISED_WINDOWS, labelled.size());
            }
        }
        for (Phase phase : phases) {
            listener.onStage("training " + phase.name.replace('_', '-') + " (" + phase.terms.stream().map(LossTerm::name).toList() + ")");
            int batch = Math.min(spec.training().batchVideos(), phase.windows.size());
            int restarts = phase.name.equals("label_free") ? spec.training().restarts() : 1;
            // restarts are judged on the windows early stopping measures if it does, else on the training ones
            List<Video> judged = data.heldOut().isEmpty() ? phase.windows : data.heldOut();
            boolean average = restarts > 1 && spec.training().restartsCombine() == RestartsCombine.AVERAGE;
            // averaged restarts that stop early stop at one step, chosen by their mean loss
            boolean together = average && stops(phase, data);
            Attempt kept = null; // the one training, the best restart's, or restart 0's when all are averaged
            RestartRow best = null;
            List<RestartRow> restartRows = new ArrayList<>();
            List<Attempt> attempts = new ArrayList<>();
            for (int k = 0; k < restarts; k++) {
                long seed = restartSeed(spec.seed(), k);
                if (restarts > 1) {
                    listener.onStage("label-free restart " + (k + 1) + " of " + restarts + " (seed " + seed + ")");
                }
                // the first attempt is the best so far, saved as it ends; a later one only once it beats it
                Attempt attempt = attempt(run, phase, seed, batch, data, test, truth, signFixed, k == 0, together);
                if (restarts == 1) {
                    kept = attempt;
                    break;
                }
                attempts.add(attempt);
                if (average) {
                    // every restart is kept: restart 0 as the phase's model, the others beside it
                    if (k > 0) {
                        run.keepMember(phase.name, k, attempt.model);
                    }
                    continue;
                }
                RestartRow row = judge(k, attempt, phase, judged, batch, test, truth, data, signFixed);
                restartRows.add(row);
                if (best == null || row.loss.weighted() < best.loss.weighted()) {
                    if (k > 0) {
                        run.keep(phase.name, attempt.model, attempt.trained);
                    }
                    best = row;
                }
            }
            if (together) {
                stopTogether(run, phase.name, attempts, truth, data, signFixed, criterionWindows(data));
                run.keep(phase.name, attempts.get(0).model, attempts.get(0).trained);
                for (int k = 1; k < attempts.size(); k++) {
                    run.keepMember(phase.name, k, attempts.get(k).model);
                }
            }
            List<SequenceRegressor> members = attempts.stream().map(Attempt::model).toList();
            for (int k = 0; average && k < attempts.size(); k++) {
                restartRows.add(judge(k, attempts.get(k), phase, judged, batch, test, truth, data, signFixed));
            }
            if (!restartRows.isEmpty()) {
                restarts(run, phase.name, restartRows, average ? null : best, criterionWindows(data));
                kept = average ? restartRows.get(0).attempt : best.attempt;
            }
            SequenceRegressor model = kept.model;
            java.util.function.Function<List<Video>, double[][]> predictor = !average ? model::predict
                    : videos -> TrackEnsemble.combine(members.stream().map(m -> m.predict(videos)).toList(), signFixed);
            // every network kept sees the test frames once in each view (only as they are, unless
            // training.augment.test_time): as they are, an averaged restart's own column; all, the phase's track
            List<Augmentation.Change> views = phase.augmentation.testViews(test.get(0).width());
            List<SequenceRegressor> networks = average ? members : List.of(model);
            List<double[][]> tracks = TrackEnsemble.tracks(networks.stream()
                    .<java.util.function.Function<List<Video>, double[][]>>map(m -> m::predict).toList(), views, test);
            for (int k = 0; average && k < members.size(); k++) {
                restartTracks.put(phase.name + "_restart_" + k, tracks.get(k * views.size()));
            }
            if (views.size() > 1) {
                run.put(MetricName.testViews(phase.name), views.size());
                listener.onStage(phase.name.replace('_', '-') + ": " + (networks.size() > 1 ? "each of the " + networks.size()
                        + " networks sees" : "the network sees") + " the test frames in " + views.size() + " views (as they are,"
                        + " and moved as training moved its windows), all the tracks combined sequence by sequence");
            }
            Trainer.Trained trained = kept.trained;
            if (stops(phase, data) && !together) {
                earlyStopping(run, phase.name, trained, kept.curve, criterionWindows(data));
            }
            double[][] predicted = TrackEnsemble.combine(tracks, signFixed);
            predictions.put(phase.name, predicted);
            // The supervised model is taught the sign; only the label-free one can mirror it.
            boolean taughtSign = phase.name.equals("supervised");
            TrackingScores scores = TrackingScores.of(predicted, truth, spec.data().window(), data.testSteps(),
                    signFixed || taughtSign);
            run.put(MetricName.testCorr(phase.name), scores.testCorr());
            run.put(MetricName.testCorrMin(phase.name), scores.testCorrMin());
            run.put(MetricName.windowAbsR(phase.name), scores.windowAbsR());
            run.put(MetricName.globalR(phase.name), scores.globalR());
            // the test frames' windows a transductive run trains on have no labels: train_corr is the training windows'
            learnedAnything(run, phase.name, predictor, phase.windows, signFixed || taughtSign, signFixed && !taughtSign);
            run.putTrainingMetrics(phase.name, trained);
            run.put(MetricName.LABELLED_TEST_FRAMES, scores.labelledFrames());
            if (signFixed && !taughtSign) {
                scaleToLabels(run, phase.name, predicted, truth, output);
            }
        }
        run.put(MetricName.TEST_SEQUENCES, test.size());
        clock(run, truth, data.testSteps(), signFixed);
        Map<String, double[][]> columns = new LinkedHashMap<>(predictions);
        columns.putAll(restartTracks);
        writePredictions(run, data.testNames(), columns, truth);
        run.plot("trajectories.png", f -> RunPlots.trajectories(f, test, predictions, spec.data().fps(),
                spec.evaluation().plotVideos(), run.metrics(), output, signFixed));
    }
}
