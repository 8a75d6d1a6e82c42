package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.datasets.DecodedImageCache;
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
import java.util.Map;

/**
 * An experiment's data, ready to train on: training samples (windows of W frames) and held-out
 * test sequences whose truth is used only to evaluate. Synthetic data comes from a generator with
 * disjoint seeds for train and test; a sequence folder is split in time (the first half of each
 * sequence trains, the second half tests, as in the paper) or by whole sequences.
 */
public record ExperimentData(List<Video> train, List<Video> test, String description, List<Video> heldOut,
                             boolean heldOutFromTest, int frameStep, int testWindowsTrained, List<TestFrames> testNames) {

    /**
     * A test sequence as the user knows it: the sequence's name, each frame's (an image's file name,
     * as labels.csv names it, or a video's frame number; a generated video's frames by number from
     * 0), and the step its windows take frames at.
     */
    public record TestFrames(String sequence, List<String> frames, int step) {
        public TestFrames {
            frames = List.copyOf(frames);
        }

        /** A generated video's: its id, its frames numbered from 0. */
        static TestFrames numbered(Video v, int step) {
            return new TestFrames(v.id(), java.util.stream.IntStream.range(0, v.frames()).mapToObj(String::valueOf).toList(),
                    step);
        }
    }

    public ExperimentData {
        if (testNames.isEmpty()) {
            int step = frameStep;
            testNames = test.stream().map(v -> TestFrames.numbered(v, step)).toList();
        }
        if (testNames.size() != test.size()) {
            throw new IllegalArgumentException(testNames.size() + " test sequences named, " + test.size() + " read");
        }
        testNames = List.copyOf(testNames);
    }

    /** Data with nothing held out, its windows' frames taken every {@code frameStep} frames, test frames numbered. */
    public ExperimentData(List<Video> train, List<Video> test, String description, int frameStep) {
        this(train, test, description, List.of(), false, frameStep, 0, List.of());
    }

    /** Each test sequence's frame step, in the order of {@link #test}. */
    public int[] testSteps() {
        return testNames.stream().mapToInt(TestFrames::step).toArray();
    }

    /**
     * The training windows whose every frame has a true value, those held out for early stopping
     * included (not the test frames' windows early stopping may measure instead): what a
     * supervised baseline may learn from (footage is often labelled only where the object is in view).
     */
    public List<Video> labelledWindows() {
        return java.util.stream.Stream.concat(train.stream(), trainingHeldOut().stream())
                .filter(v -> v.labelledFrames() == v.frames()).toList();
    }

    /** How many training windows there are, held-out ones included, the test frames' (transductive) not. */
    public int windows() {
        return train.size() - testWindowsTrained + trainingHeldOut().size();
    }

    private List<Video> trainingHeldOut() {
        return heldOutFromTest ? List.of() : heldOut;
    }

    /**
     * The spec's data as a run trains and scores on it. A folder read with {@code frame_step: auto}
     * takes each sequence's step on its own, lowered only where that sequence is too short for a
     * third of a second; each window knows its step ({@link Video#step}), which a law's dt follows.
     */
    static ExperimentData prepare(ExperimentSpec spec) {
        return prepare(spec, DecodedImageCache.NONE);
    }

    /** As above, a folder's frames decoded once and then read from {@code cache}. */
    static ExperimentData prepare(ExperimentSpec spec, DecodedImageCache cache) {
        ExperimentSpec.Data d = spec.data();
        ExperimentData data = d.isFolder() ? fromFolder(spec, cache) : generated(spec);
        ExperimentSpec.EarlyStopping stopping = spec.training().earlyStopping();
        if (stopping != null) {
            data = stopping.onTest() ? data.measuredOnTest(d.window(), d.stride()) : data.holdOut(stopping.heldOut(), spec.seed());
        }
        return spec.training().transductive() ? data.trainingOnTest(d.window(), d.stride()) : data;
    }

    /**
     * The windows of the test frames, their labels removed: what a label-free criterion or
     * transductive training may see of them.
     */
    private List<Video> testWindows(int window, int stride, String key, String otherwise) {
        List<Video> windows = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            Windows.of(List.of(test.get(i)), window, stride, testNames.get(i).step()).forEach(w -> windows.add(w.withoutLabels()));
        }
        if (windows.isEmpty()) {
            throw new InputError(key, "the test frames hold no window of " + window + " frames taken every " + frameStep
                    + "; " + otherwise);
        }
        return windows;
    }

    /**
     * The label-free model trains on the test frames' windows too, without their labels
     * (transductive: a user tracking one set of clips trains on all of it). Appended after any
     * windows held out for early stopping were drawn; having no labels, none of them joins the
     * supervised baseline's windows ({@link #labelledWindows}).
     */
    ExperimentData trainingOnTest(int window, int stride) {
        List<Video> windows = testWindows(window, stride, "training.transductive",
                "a shorter data.window or data.frame_step would fit, or set training.transductive: false");
        List<Video> all = new ArrayList<>(train);
        all.addAll(windows);
        return new ExperimentData(List.copyOf(all), test, description + "; the label-free model also trains on the "
                + windows.size() + " windows of the test frames, without their labels (transductive)", heldOut,
                heldOutFromTest, frameStep, windows.size(), testNames);
    }

    /**
     * Early stopping measured on the windows of the test frames, their frames without their labels
     * (transductive); every training window still trains, and none of these joins the supervised
     * baseline's.
     */
    ExperimentData measuredOnTest(int window, int stride) {
        List<Video> windows = testWindows(window, stride, "training.early_stopping.windows",
                "use windows: held_out");
        return new ExperimentData(train, test, description + "; early stopping measures the label-free loss of the "
                + windows.size() + " windows of the test frames, without their labels (transductive)", windows, true, frameStep, 0,
                testNames);
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
                description + "; " + n + " training windows held out for early stopping", List.copyOf(shuffled.subList(0, n)),
                false, frameStep, 0, testNames);
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
            return generator.generate(TEST_SEED + spec.seed(), 0, count);
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    /** Test video {@code i} alone, the same as {@link #testVideos}' {@code i}-th. */
    static Video testVideo(ExperimentSpec spec, VideoGenerator generator, int i) {
        try {
            return generator.generate(TEST_SEED + spec.seed(), i);
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source() + ": data", e.getMessage());
        }
    }

    /** What the test videos' seed adds to the spec's, so they are never training videos. */
    private static final long TEST_SEED = 1_000_000_007L;

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
                + windows(d.window(), d.frameStep()) + ") and " + d.testVideos() + " test videos of " + lengths + " frames at " + d.fps()
                + " fps, " + d.imageSize() + "x" + d.imageSize(), d.frameStep());
    }

    private static ExperimentData fromFolder(ExperimentSpec spec, DecodedImageCache cache) {
        ExperimentSpec.Data d = spec.data();
        if (d.path() == null) {
            throw new InputError(spec.source().toString(), "data.generator is folder but no folder is given: set"
                    + " data.path in the spec or pass --data DIR");
        }
        boolean byTime = d.split().equals("time");
        // every sequence that holds a window of consecutive frames (in each half, split in time) is read;
        // the frame step then decides which are long enough
        int parts = byTime ? 2 : 1;
        String why = byTime ? " (data.split time: each half must hold a window of " + d.window() + " frames)"
                : " (each must hold a window of " + d.window() + " frames)";
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(d.path(), d.imageSize(), parts * d.window(), why,
                d.labelColumn(), cache);
        List<Video> read = loaded.sequences();
        int longest = read.stream().mapToInt(v -> v.frames() / parts).max().orElseThrow();
        // auto: every sequence holds a window at its own step; the run's is the largest
        int step = !d.autoStep() ? d.frameStep() : Windows.stepFitting(d.frameStep(), d.window(), longest);
        java.util.function.ToIntFunction<Video> stepOf = v -> d.autoStep()
                ? Windows.stepFitting(d.frameStep(), d.window(), v.frames() / parts) : step;
        int span = Windows.span(d.window(), step);
        if (longest < span) {
            int fits = Windows.stepFitting(step, d.window(), longest);
            throw new InputError(d.path().toString(), "no sequence " + (byTime ? "has halves" : "is") + " long enough for"
                    + " a window of " + windows(d.window(), step) + " (" + span + " frames): the longest "
                    + (byTime ? "half has " : "has ") + longest + "; set data.frame_step to " + fits + " or less, or to auto");
        }
        List<Video> seqs = read.stream().filter(v -> v.frames() / parts >= Windows.span(d.window(), stepOf.applyAsInt(v))).toList();
        List<Video> trainSeqs = new ArrayList<>();
        List<Video> test = new ArrayList<>();
        Map<Video, List<String>> frameNames = new java.util.IdentityHashMap<>();
        for (int i = 0; i < read.size(); i++) {
            frameNames.put(read.get(i), loaded.frameNames().get(i));
        }
        List<TestFrames> testNames = new ArrayList<>();
        if (byTime) {
            for (Video v : seqs) {
                int half = v.frames() / 2;
                trainSeqs.add(v.slice(0, half));
                test.add(v.slice(half, v.frames()));
                testNames.add(new TestFrames(v.id(), frameNames.get(v).subList(half, v.frames()), stepOf.applyAsInt(v)));
            }
        } else {
            if (seqs.size() < 2) {
                throw new InputError(d.path().toString(), "data.split: sequence needs at least 2 sequences, found " + seqs.size()
                        + (seqs.size() < read.size() ? " long enough for a window of " + windows(d.window(), step) : "")
                        + " (half trains, half tests); one sequence trains on its first half and is tested on its second with"
                        + " --set data.split=time");
            }
            int nTrain = Math.max(1, (int) Math.round(seqs.size() * 0.5));
            trainSeqs.addAll(seqs.subList(0, nTrain));
            test.addAll(seqs.subList(nTrain, seqs.size()));
            test.forEach(v -> testNames.add(new TestFrames(v.id(), frameNames.get(v), stepOf.applyAsInt(v))));
        }
        List<Video> samples = new ArrayList<>();
        for (int i = 0; i < trainSeqs.size(); i++) {
            // trainSeqs[i] is seqs[i]'s training part in either split (its first half, or all of it)
            samples.addAll(Windows.of(List.of(trainSeqs.get(i)), d.window(), d.stride(), stepOf.applyAsInt(seqs.get(i))));
        }
        // too short to read, or (a fixed frame step) for a window at that step; an auto step fits every sequence read
        Map<String, Integer> skipped = new java.util.TreeMap<>(loaded.tooShort());
        read.stream().filter(v -> !seqs.contains(v)).forEach(v -> skipped.put(v.id(), v.frames()));
        int needed = parts * (d.autoStep() ? d.window() : span);
        String skippedNote = skipped.isEmpty() ? "" : "; " + skipped.size() + " sequence(s) shorter than " + needed
                + " frames skipped (" + (byTime ? "each half must hold" : "each must hold") + " a window of "
                + windows(d.window(), d.autoStep() ? 1 : step) + "): " + ImageSequenceFolder.shortSaid(skipped);
        String auto = !d.autoStep() ? "" : "; frame step auto, per sequence: " + stepsSaid(seqs, stepOf, d, byTime);
        Map<String, Double> otherRates = new java.util.TreeMap<>();
        loaded.videoFrameRates().forEach((seq, rate) -> {
            // a variable rate is said on its own: no data.fps fits it
            if (Math.abs(rate - d.fps()) > 0.01 * d.fps() && !loaded.variableRates().containsKey(seq)) {
                otherRates.put(seq, rate);
            }
        });
        String rates = otherRates.isEmpty() ? "" : "; videos filmed at another frame rate than data.fps (" + d.fps()
                + "), which the laws' dt and the frame step assume: " + ratesSaid(otherRates)
                + " (set data.fps to the camera's, e.g. --set data.fps=" + rate(otherRates.values().iterator().next()) + ")";
        String mixed = (loaded.mixedSizesSaid().isEmpty() ? "" : "; " + loaded.mixedSizesSaid())
                + (loaded.variableRatesSaid().isEmpty() ? "" : "; " + loaded.variableRatesSaid());
        int labelled = seqs.stream().mapToInt(Video::labelledFrames).sum();
        String labels = loaded.hasLabels() ? labelled + " labelled frames" : "no labels.csv";
        int cached = loaded.cachedSequences();
        String cachedNote = cached == 0 ? "" : "; " + (cached == read.size() ? "every sequence's" : cached + " of " + read.size()
                + " sequences'") + " frames read from the decode cache";
        // with a step per sequence, the windows' steps run from the shortest sequences' to the run's
        int fewest = seqs.stream().mapToInt(stepOf).min().orElse(step);
        return new ExperimentData(samples, test, seqs.size() + " sequences from " + d.path() + " ("
                + samples.size() + " training windows of " + (fewest == step ? windows(d.window(), step)
                : d.window() + " frames taken every " + fewest + " to " + step + " frames") + ", " + test.size() + " test "
                + (byTime ? (test.size() == 1 ? "half" : "halves") : (test.size() == 1 ? "sequence" : "sequences")) + ", " + labels + skippedNote + auto + rates + mixed + cachedNote + ")",
                List.of(), false, step, 0, testNames);
    }

    /**
     * "5 (a third of a second at 15.0 fps)", or with the sequences too short for it: "5 (…) for 10
     * sequences; 3 for 2 whose halves are too short for that (walk-3: 14 frames, walk-7: 15 frames)".
     */
    private static String stepsSaid(List<Video> seqs, java.util.function.ToIntFunction<Video> stepOf, ExperimentSpec.Data d,
                                    boolean byTime) {
        Map<Integer, List<Video>> bySteps = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        seqs.forEach(v -> bySteps.computeIfAbsent(stepOf.applyAsInt(v), k -> new ArrayList<>()).add(v));
        StringBuilder said = new StringBuilder();
        for (Map.Entry<Integer, List<Video>> e : bySteps.entrySet()) {
            List<Video> vs = e.getValue();
            if (said.length() == 0) {
                said.append(e.getKey()).append(e.getKey() == d.frameStep() ? " (a third of a second at " + d.fps() + " fps)" : "");
                if (bySteps.size() > 1) {
                    said.append(" for ").append(vs.size()).append(vs.size() == 1 ? " sequence" : " sequences");
                }
                continue;
            }
            said.append("; ").append(e.getKey()).append(" for ").append(vs.size()).append(" whose ")
                    .append(byTime ? "halves are" : vs.size() == 1 ? "length is" : "lengths are").append(" too short for more (")
                    .append(vs.stream().limit(3).map(v -> v.id() + ": " + (byTime ? v.frames() / 2 : v.frames()) + " frames")
                            .collect(java.util.stream.Collectors.joining(", "))).append(vs.size() > 3 ? ", …" : "").append(')');
        }
        return said.toString();
    }

    /** "10 fps (9 videos)", or each video's rate when they differ: "a 25 fps, b 30 fps". */
    static String ratesSaid(Map<String, Double> rates) {
        java.util.Set<Double> distinct = new java.util.TreeSet<>(rates.values());
        if (distinct.size() == 1 && rates.size() > 1) {
            return rate(distinct.iterator().next()) + " fps (" + rates.size() + " videos)";
        }
        return rates.entrySet().stream().map(e -> e.getKey() + " " + rate(e.getValue()) + " fps")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String rate(double fps) {
        return Math.abs(fps - Math.rint(fps)) < 1e-9 ? String.valueOf((long) Math.rint(fps))
                : String.format(java.util.Locale.ROOT, "%.3f", fps);
    }

    /** "5 frames", or "5 frames taken every 3 frames" with a frame step. */
    private static String windows(int window, int step) {
        return window + " frames" + (step == 1 ? "" : " taken every " + step + " frames");
    }
}
