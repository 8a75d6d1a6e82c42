package dev.kenning.export;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunConstraints;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.learner.Augmentation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run folder says about one trained model (a run that did not complete: a phase it finished,
 * without metrics): its .sdz (and, for a run that averaged
 * its label-free restarts, the other restarts' as {@code members}), the constraints (with
 * provenance) and knowledge files it was trained with, its metrics, seed, and its evaluation
 * window, the frame step its windows were taken with, the labels.csv column it was scored against,
 * and the label-free model's augmentation, whose test views its predictions combine
 * ({@code training.augment.test_time}; {@link Augmentation#NONE} for the supervised baseline).
 * Read from the files the run wrote, through {@link RunFolder}, so any run folder can be exported later.
 */
public record TrainedRun(Path folder, String phase, Path model, List<Path> members, List<ConstraintSpec> constraints,
                         List<KnowledgeFile> knowledge, Map<String, Double> metrics, long seed, int window,
                         int frameStep, boolean stepPerSequence, String labelColumn, Augmentation augment) {

    public static final List<String> PHASES = List.of(MetricName.LABEL_FREE, MetricName.SUPERVISED);

    public static TrainedRun read(Path folder, String phase) {
        if (!PHASES.contains(phase)) {
            throw new InputError("--phase", "must be one of " + PHASES + ", got '" + phase + "'");
        }
        RunFolder run = RunFolder.of(folder);
        if (!run.exists()) {
            throw new InputError(folder.toString(), "run folder not found");
        }
        // a run that did not complete (killed, failed, cancelled) keeps the models of the phases it finished; they
        // are exported without metrics, the manifest saying so, unless the model needs what only metrics record
        java.util.Optional<String> incomplete = run.notCompleted();
        Path model = run.model(phase);
        if (!Files.isRegularFile(model)) {
            throw new InputError(model.toString(), "not found: this run has no " + phase + " model"
                    + incomplete.map(s -> " (it did not complete: " + s + "; a phase's model is saved when its training"
                    + " ends)").orElse(""));
        }
        Map<String, Double> metrics = run.metricsIfAny().asMap();
        if (incomplete.isPresent() && Files.isRegularFile(run.member(phase, 1))) {
            throw new InputError(folder.toString(), "did not complete (" + incomplete.get() + "), and its " + phase + " model"
                    + " averages restarts whose number only a completed run records: rerun it");
        }
        // restarts 1… of a run that averaged its restarts' tracks; restart 0 is the model itself
        List<Path> members = new ArrayList<>();
        int averaged = metrics.getOrDefault(MetricName.restartsAveraged(phase).toString(), 0.0).intValue();
        for (int k = 1; k < averaged; k++) {
            Path member = run.member(phase, k);
            if (!Files.isRegularFile(member)) {
                throw new InputError(member.toString(), "not found: the run averaged " + averaged + " restarts and saved"
                        + " each; this one is missing");
            }
            members.add(member);
        }
        RunConstraints c = run.constraints()
                .orElseThrow(() -> new InputError(run.constraintsFile().toString(), "not found"));
        List<KnowledgeFile> knowledge = KnowledgeFile.of(c);
        Map<String, Object> spec = run.spec();
        long seed = ((Number) spec.getOrDefault("seed", 0)).longValue();
        Object data = spec.get("data");
        int window = data instanceof Map<?, ?> d && d.get("window") instanceof Number w ? w.intValue() : Integer.MAX_VALUE;
        // a number, or auto: then the step it came to for this run's data, which the run records
        if (!(data instanceof Map<?, ?> d0 && d0.get("frame_step") instanceof Number) && !metrics.containsKey(
                MetricName.FRAME_STEP.toString()) && incomplete.isPresent()) {
            throw new InputError(folder.toString(), "did not complete (" + incomplete.get() + "), and its windows' frame step"
                    + " (data.frame_step: auto) is one only a completed run records: rerun it");
        }
        int frameStep = data instanceof Map<?, ?> d && d.get("frame_step") instanceof Number s ? s.intValue()
                : metrics.getOrDefault(MetricName.FRAME_STEP.toString(), 1.0).intValue();
        String labelColumn = data instanceof Map<?, ?> d && d.get("label_column") instanceof String column ? column
                : ImageSequenceFolder.VALUE_COLUMN;
        // frame_step: auto took a step per sequence, each lowered to fit it (the recorded step, the largest, where it fits)
        boolean perSequence = data instanceof Map<?, ?> d && "auto".equals(d.get("frame_step"));
        return new TrainedRun(folder, phase, model, List.copyOf(members), c.constraints(), knowledge, metrics, seed, window, frameStep, perSequence,
                labelColumn, phase.equals(MetricName.LABEL_FREE) ? augment(spec) : Augmentation.NONE);
    }

    /** The spec's training.augment as the run resolved it: NONE where it has none. */
    private static Augmentation augment(Map<String, Object> spec) {
        if (!(spec.get("training") instanceof Map<?, ?> t) || !(t.get("augment") instanceof Map<?, ?> a)) {
            return Augmentation.NONE;
        }
        java.util.function.ToDoubleFunction<String> number = key -> a.get(key) instanceof Number n ? n.doubleValue() : 0;
        return new Augmentation(number.applyAsDouble("shift"), Boolean.TRUE.equals(a.get("flip")), number.applyAsDouble("brightness"),
                number.applyAsDouble("contrast"), Boolean.TRUE.equals(a.get("test_time")));
    }
}
