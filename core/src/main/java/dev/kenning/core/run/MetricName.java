package dev.kenning.core.run;

import java.util.Objects;

/**
 * The name of one metric in a run's {@code metrics.json}: a group (the model or phase that was
 * measured, such as {@code label_free}, {@code knowledge} or {@code knowledge-s3}) and a measure
 * ({@code test_corr}, {@code acc_5way1shot}), written {@code group.measure}; run-wide figures
 * ({@code wall_seconds}) have no group. The text is exactly the JSON key, so names read from
 * folders written before this type existed parse to themselves: {@code parse(n).toString()}
 * equals {@code n}.
 *
 * <p>Image tasks qualify an accuracy by its setting ({@link #setting}: {@code knowledge.acc_5way1shot})
 * or by the seed of one repeat ({@link #seed}: {@code knowledge.acc_seed3}).
 */
public final class MetricName implements Comparable<MetricName> {
    /** Phases of a sequence experiment: the label-free model and its supervised baseline. */
    public static final String LABEL_FREE = "label_free";
    public static final String SUPERVISED = "supervised";
    /**
     * A sequence experiment's trivial baseline: the frame's index as the prediction, no image seen.
     * Where the labels run straight in time (a walker at constant speed) it scores window |r| 1:
     * that metric then says how straight a track is, not whose path it follows.
     */
    public static final String CLOCK = "clock";
    /** Models of an image task: with knowledge, and the baseline without it. */
    public static final String KNOWLEDGE = "knowledge";
    public static final String BASELINE = "baseline";

    /** Mean per-sequence Pearson correlation on held-out sequences (the headline of a sequence experiment). */
    public static final String TEST_CORR = "test_corr";
    public static final String TEST_CORR_MIN = "test_corr_min";
    public static final String WINDOW_ABS_R = "window_abs_r";
    public static final String GLOBAL_R = "global_r";
    public static final String TRAIN_SECONDS = "train_seconds";
    /** test_corr's measure on the model's own training windows. */
    public static final String TRAIN_CORR = "train_corr";
    /** 1 when a model learned nothing (its train_corr is about zero), else 0. */
    public static final String LEARNED_NOTHING = "learned_nothing";
    /**
     * 1 when a model whose sign a law fixes (free fall: height, up positive) runs clearly against its
     * labels on its own training windows: it learned, and the labels count the other way (image
     * rows grow downward). Absent otherwise.
     */
    public static final String AGAINST_LABELS = "against_labels";
    /**
     * 1 when the model trained on the test frames' windows, without their labels
     * ({@code training.transductive}): its test scores are on frames it has seen. Absent otherwise.
     */
    public static final String TEST_FRAMES_TRAINED = "test_frames_trained";
    public static final String STEPS_PER_SECOND = "steps_per_second";
    /** How many label-free trainings a phase's tracks average ({@code training.restarts_combine: average}). */
    public static final String RESTARTS_AVERAGED = "restarts_averaged";
    /** How many views of the test frames each network saw ({@code training.augment.test_time}); absent when one. */
    public static final String TEST_VIEWS = "test_views";
    /** Accuracy, its 95% half-width and a p-value (image tasks). */
    public static final String ACC = "acc";
    public static final String CI95 = "ci95";
    public static final String P = "p";

    public static final MetricName WALL_SECONDS = new MetricName("wall_seconds");
    public static final MetricName LABELLED_TEST_FRAMES = new MetricName("labelled_test_frames");
    public static final MetricName TEST_SEQUENCES = new MetricName("test_sequences");
    /** The frame step a sequence run's windows were taken with (what {@code data.frame_step: auto} came to). */
    public static final MetricName FRAME_STEP = new MetricName("frame_step");
    /**
     * With {@code frame_step: auto} taken per sequence (laws that fix no time scale), the lowest
     * step a sequence too short for {@link #FRAME_STEP} took; absent when every sequence took it.
     */
    public static final MetricName FRAME_STEP_MIN = new MetricName("frame_step_min");
    /** Training windows the supervised baseline learnt from: those with a label on every frame. */
    public static final MetricName SUPERVISED_WINDOWS = new MetricName("supervised_windows");
    public static final MetricName EPISODES = new MetricName("episodes");
    public static final MetricName CHANCE = new MetricName("chance");
    public static final MetricName SEEDS = new MetricName("seeds");
    public static final MetricName USABLE_ATTRIBUTES = new MetricName("usable_attributes");

    public static final MetricName LABEL_FREE_TEST_CORR = testCorr(LABEL_FREE);
    public static final MetricName SUPERVISED_TEST_CORR = testCorr(SUPERVISED);
    public static final MetricName KNOWLEDGE_ACC = acc(KNOWLEDGE);
    public static final MetricName KNOWLEDGE_CI95 = ci95(KNOWLEDGE);
    public static final MetricName BASELINE_ACC = acc(BASELINE);
    public static final MetricName BASELINE_CI95 = ci95(BASELINE);

    private final String text;

    private MetricName(String text) {
        this.text = text;
    }

    /** {@code group.measure}; both parts non-empty. */
    public static MetricName of(String group, String measure) {
        if (group == null || group.isEmpty() || measure == null || measure.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a group and a measure, got '" + group + "' and '" + measure + "'");
        }
        return new MetricName(group + "." + measure);
    }

    /** A run-wide metric without a group, such as {@code wall_seconds}. */
    public static MetricName of(String name) {
        return parse(name);
    }

    /** The name a metrics.json key spells; any non-empty key is a name. */
    public static MetricName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a metric name cannot be empty");
        }
        return new MetricName(text);
    }

    public static MetricName testCorr(String phase) {
        return of(phase, TEST_CORR);
    }

    public static MetricName testCorrMin(String phase) {
        return of(phase, TEST_CORR_MIN);
    }

    public static MetricName windowAbsR(String phase) {
        return of(phase, WINDOW_ABS_R);
    }

    public static MetricName globalR(String phase) {
        return of(phase, GLOBAL_R);
    }

    public static MetricName trainCorr(String phase) {
        return of(phase, TRAIN_CORR);
    }

    public static MetricName learnedNothing(String phase) {
        return of(phase, LEARNED_NOTHING);
    }

    public static MetricName againstLabels(String phase) {
        return of(phase, AGAINST_LABELS);
    }

    public static MetricName restartsAveraged(String phase) {
        return of(phase, RESTARTS_AVERAGED);
    }

    public static MetricName testViews(String phase) {
        return of(phase, TEST_VIEWS);
    }

    public static MetricName testFramesTrained(String phase) {
        return of(phase, TEST_FRAMES_TRAINED);
    }

    public static MetricName trainSeconds(String phase) {
        return of(phase, TRAIN_SECONDS);
    }

    public static MetricName stepsPerSecond(String phase) {
        return of(phase, STEPS_PER_SECOND);
    }

    /** {@code model.acc}; qualify it with {@link #setting} or {@link #seed}. */
    public static MetricName acc(String model) {
        return of(model, ACC);
    }

    public static MetricName ci95(String model) {
        return of(model, CI95);
    }

    public static MetricName p(String model) {
        return of(model, P);
    }

    /** This name for one setting of an image task: {@code knowledge.acc} → {@code knowledge.acc_5way1shot}. */
    public MetricName setting(String setting) {
        if (setting == null || setting.isEmpty()) {
            throw new IllegalArgumentException("a setting cannot be empty");
        }
        return new MetricName(text + "_" + setting);
    }

    /** This name for one seed's repeat: {@code knowledge.acc} → {@code knowledge.acc_seed3}. */
    public MetricName seed(long seed) {
        return new MetricName(text + "_seed" + seed);
    }

    /** The same measure of another group: {@code label_free.test_corr} → {@code supervised.test_corr}. */
    public MetricName inGroup(String group) {
        return of(group, measure());
    }

    /** The part before the first dot ({@code label_free}), or "" for a run-wide metric. */
    public String group() {
        int dot = text.indexOf('.');
        return dot < 0 ? "" : text.substring(0, dot);
    }

    /** The part after the first dot ({@code test_corr}), or the whole name for a run-wide metric. */
    public String measure() {
        int dot = text.indexOf('.');
        return dot < 0 ? text : text.substring(dot + 1);
    }

    /** The JSON key, unchanged. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** By text, as metrics.json orders its keys. */
    @Override
    public int compareTo(MetricName o) {
        return text.compareTo(o.text);
    }

    static MetricName requireName(MetricName name) {
        return Objects.requireNonNull(name, "metric name");
    }
}
