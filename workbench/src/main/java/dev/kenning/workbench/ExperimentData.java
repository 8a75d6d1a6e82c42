package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.datasets.Difficulty;
import dev.kenning.datasets.FootagePart;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.HardLevel;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.datasets.PendulumVideoConfig;
import dev.kenning.datasets.PendulumVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.VideoGenerator;
import dev.kenning.datasets.WalkingVideoConfig;
import dev.kenning.datasets.WalkingVideoGenerator;
import dev.kenning.datasets.Windows;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's data, ready to train on: training samples (windows of W frames) and held-out
 * test sequences whose truth is used only to evaluate. Synthetic data comes from a generator with
 * disjoint seeds for train and test; a sequence folder is split in time (the first half of each
 * sequence trains, the second half tests, as in the paper) or by whole sequences.
 */
public record ExperimentData(List<Video> train, List<Video> test, String description, List<Video> heldOut) {

    public ExperimentData(List<Video> train, List<Video> test, String description) {
        this(train, test, description, List.of());
    }

    /**
     * The training windows whose every frame has a true value, those held out for early stopping
     * included: what a supervised baseline may learn from (footage is often labelled only where
     * the object is in view).
     */
    public List<Video> labelledWindows() {
        return java.util.stream.Stream.concat(train.stream(), heldOut.stream())
                .filter(v -> v.labelledFrames() == v.frames()).toList();
    }

    /** How many training windows there are, held-out ones included. */
    public int windows() {
        return train.size() + heldOut.size();
    }

    static ExperimentData prepare(ExperimentSpec spec) {
        ExperimentSpec.Data d = spec.data();
        ExperimentData data = d.isFolder() ? fromFolder(spec) : generated(spec);
        ExperimentSpec.EarlyStopping stopping = spec.training().earlyStopping();
        return stopping == null ? data : data.holdOut(stopping.heldOut(), spec.seed());
    }

    /**
     * A fraction of the training windows kept out of training for early stopping, drawn with the
     * seed. Whole windows, not frames: the criterion is the label-free loss, which needs windows.
     */
    ExperimentData holdOut(double fraction, long seed) {
        int n = (int) Math.round(train.size() * fraction);
        if (n < 1 || n >= train.size()) {
            throw new InputError("training.early_stopping.held_out", "holding out " + fraction + " of " + train.size()
                    + " training windows leaves " + (n < 1 ? "none to measure" : "none to train on")
                    + "; raise or lower it, or give more data");
        }
        List<Video> shuffled = new ArrayList<>(train);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed ^ 0x4EA7L));
        return new ExperimentData(List.copyOf(shuffled.subList(n, shuffled.size())), test,
                description + "; " + n + " training windows held out for early stopping", List.copyOf(shuffled.subList(0, n)));
    }

    /** The generator the spec names, or null for folder data. */
    static VideoGenerator generator(ExperimentSpec spec) {
        ExperimentSpec.Data d = spec.data();
        return generator(spec, d.frames(), d.imageSize(), d.imageSize());
    }

    /** The spec's generator rendering {@code frames} frames of {@code width × height} instead. */
    static VideoGenerator generator(ExperimentSpec spec, int frames, int width, int height) {
        ExperimentSpec.Data d = spec.data();
        Difficulty level = d.difficulty();
        HardLevel hard = new HardLevel(Math.min(frames, d.minFrames()), d.without(), d.objects());
        try {
            return switch (d.generator()) {
                case "free-fall" -> new FreeFallVideoGenerator(new FreeFallVideoConfig(frames, d.fps(), width,
                        height, d.scene("scene_height_m"), d.scene("true_gravity")), level, hard);
                case "walking" -> new WalkingVideoGenerator(new WalkingVideoConfig(frames, d.fps(), width,
                        height, d.scene("scene_width_m")), level, hard);
                case "pendulum" -> new PendulumVideoGenerator(new PendulumVideoConfig(frames, d.fps(), width,
                        height, d.scene("length_m"), d.scene("true_gravity")), level, hard);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    /** Test sequences come from a stream of their own for the seed: never seen in training. */
    static List<Video> testVideos(ExperimentSpec spec, VideoGenerator generator, int count) {
        try {
            return generator.generate(spec.seed() + 1_000_000_007L, 0, count);
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    private static ExperimentData generated(ExperimentSpec spec) {
        ExperimentSpec.Data d = spec.data();
        VideoGenerator generator = generator(spec);
        List<Video> train;
        try {
            train = generator.generate(spec.seed(), 0, d.trainVideos());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
        List<Video> test = testVideos(spec, generator, d.testVideos());
        List<Video> samples = d.window() == d.frames() && d.frameStep() == 1 ? train
                : Windows.of(train, d.window(), d.stride(), d.frameStep());
        String lengths = d.minFrames() < d.frames() ? d.minFrames() + "-" + d.frames() : String.valueOf(d.frames());
        String without = (d.without().isEmpty() ? "" : " without " + String.join(", ", FootagePart.keys(d.without())))
                + (d.objects() == 0 ? "" : ", " + d.objects() + (d.objects() == 1 ? " object" : " objects") + " in all");
        return new ExperimentData(samples, test, d.trainVideos() + " " + (d.difficulty() == Difficulty.EASY ? ""
                : d.difficulty().key() + " ") + d.generator() + " training videos" + without + " (" + samples.size() + " windows of "
                + windows(d) + ") and " + d.testVideos() + " test videos of " + lengths + " frames at " + d.fps()
                + " fps, " + d.imageSize() + "x" + d.imageSize());
    }

    private static ExperimentData fromFolder(ExperimentSpec spec) {
        ExperimentSpec.Data d = spec.data();
        if (d.path() == null) {
            throw new InputError(spec.source().toString(), "data.generator is folder but no folder is given: set"
                    + " data.path in the spec or pass --data DIR");
        }
        boolean byTime = d.split().equals("time");
        // Split in time: each half must still hold a window.
        int minFrames = byTime ? 2 * d.windowSpan() : d.windowSpan();
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(d.path(), d.imageSize(), minFrames);
        List<Video> trainSeqs = new ArrayList<>();
        List<Video> test = new ArrayList<>();
        List<Video> seqs = loaded.sequences();
        if (byTime) {
            for (Video v : seqs) {
                int half = v.frames() / 2;
                trainSeqs.add(v.slice(0, half));
                test.add(v.slice(half, v.frames()));
            }
        } else {
            if (seqs.size() < 2) {
                throw new InputError(d.path().toString(), "data.split: sequence needs at least 2 sequences, found " + seqs.size());
            }
            int nTrain = Math.max(1, (int) Math.round(seqs.size() * 0.5));
            trainSeqs.addAll(seqs.subList(0, nTrain));
            test.addAll(seqs.subList(nTrain, seqs.size()));
        }
        List<Video> samples = Windows.of(trainSeqs, d.window(), d.stride(), d.frameStep());
        String skipped = loaded.skippedShort() == 0 ? "" : "; " + loaded.skippedShort()
                + " sequence(s) shorter than " + minFrames + " frames skipped";
        String labels = loaded.hasLabels() ? loaded.labelledFrames() + " labelled frames" : "no labels.csv";
        return new ExperimentData(samples, test, seqs.size() + " sequences from " + d.path() + " ("
                + samples.size() + " training windows of " + windows(d) + ", " + test.size() + " test "
                + (byTime ? "halves" : "sequences") + ", " + labels + skipped + ")");
    }

    /** "5 frames", or "5 frames taken every 3rd" with a frame step. */
    private static String windows(ExperimentSpec.Data d) {
        return d.window() + " frames" + (d.frameStep() == 1 ? "" : " taken every " + d.frameStep() + " frames");
    }
}
