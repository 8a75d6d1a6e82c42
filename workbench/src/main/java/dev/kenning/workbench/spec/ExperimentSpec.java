package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import dev.kenning.datasets.Difficulty;
import dev.kenning.datasets.FootagePart;
import dev.kenning.datasets.ImageSequenceFolder;
import dev.kenning.learner.Augmentation;
import dev.kenning.learner.Head;
import dev.kenning.learner.Init;
import dev.kenning.learner.InputNorm;
import dev.kenning.learner.LearningRateSchedule;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.RestartsCombine;
import dev.kenning.learner.SequenceRegressor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An experiment, as written in YAML: which knowledge to load, which data to make, which model,
 * how to train and evaluate. Paths in the file are relative to the file's folder. Immutable;
 * {@link #withSeed(long)} gives the same experiment with another seed.
 */
public record ExperimentSpec(Path source, String name, long seed, Knowledge knowledge, Data data, Model model,
                             Training training, Evaluation evaluation) implements SpecFile {

    /**
     * Ontology files (Turtle, N-Triples, RDF/XML, JSON-LD) and DRL rule packs; {@code endpoint},
     * when set, is a shared SPARQL endpoint read instead of the ontology files. {@code weights}
     * (constraint kind → weight) replaces the weight the rules gave the loss terms of that kind.
     * {@code wordNet}, when set, adds the WordNet 3.1 hypernyms of the dataset's labelled classes
     * to the graph, each class's sense chosen under this noun ("artifact"); null adds none.
     * {@code vocabulary} reads attribute knowledge written in the ontologies' own terms.
     */
    public record Knowledge(List<Path> ontologies, List<Path> rules, String endpoint, Map<String, Double> weights,
                            String wordNet, Vocabulary vocabulary) {
        public Knowledge {
            weights = Map.copyOf(weights);
            java.util.Objects.requireNonNull(vocabulary, "vocabulary");
        }

        public Knowledge(List<Path> ontologies, List<Path> rules, String endpoint, Map<String, Double> weights,
                         String wordNet) {
            this(ontologies, rules, endpoint, weights, wordNet, Vocabulary.KENNING);
        }

        public Knowledge(List<Path> ontologies, List<Path> rules, String endpoint, Map<String, Double> weights) {
            this(ontologies, rules, endpoint, weights, null);
        }

        public Knowledge(List<Path> ontologies, List<Path> rules, String endpoint) {
            this(ontologies, rules, endpoint, Map.of());
        }
    }

    /**
     * Attribute knowledge in a foreign vocabulary: {@code attributeProperties} are the properties
     * (prefixed names or IRIs) whose OWL restrictions describe what a class shows, and
     * {@code labels} the dataset's classes in label order (names, labels or output names); empty
     * lists read the graph in Kenning's own terms ({@code k:hasAttribute}). {@code where} and
     * {@code labelsWhere} are the spec lines of the two, for errors.
     */
    public record Vocabulary(List<String> attributeProperties, String where, List<String> labels, String labelsWhere) {
        /** Kenning's own terms: nothing to map. */
        public static final Vocabulary KENNING = new Vocabulary(List.of(), "", List.of(), "");

        public Vocabulary {
            attributeProperties = List.copyOf(attributeProperties);
            labels = List.copyOf(labels);
        }

        public boolean isForeign() {
            return !attributeProperties.isEmpty();
        }
    }

    /**
     * The data: {@code generator} is a synthetic generator (free-fall, walking, pendulum; sizes in
     * videos of {@code frames} frames; its scene settings in {@code scene}) or "folder" (real
     * sequences under {@code path}, split in time or by sequence). Training samples are windows of
     * {@code window} frames taken every {@code frameStep} frames, one starting every {@code stride}
     * frames: a window spans {@link #windowSpan()} frames, and its frames are
     * {@code frameStep / fps} seconds apart; with {@code autoStep} ({@code frame_step: auto}) the
     * step is the most it may be, a third of a second ({@link #autoStepCap}), and the data lowers it
     * until its shortest sequence holds a window ({@link dev.kenning.datasets.Windows#stepFitting}). {@code difficulty} is how much a generated video looks
     * like real footage ({@link Difficulty}); at the hard level videos have {@link #minFrames()} to
     * {@code frames} frames, {@code without} names parts of the level left out ({@link FootagePart}),
     * and the clips show {@code objects} different objects (0: each its own).
     */
    public record Data(String generator, int trainVideos, int testVideos, int frames, double fps, int imageSize,
                       int window, int stride, int frameStep, boolean autoStep, Map<String, Double> scene, Path path,
                       String split, Difficulty difficulty, Set<FootagePart> without, int objects, String labelColumn) {

        /** The frame step {@code auto} starts from: the window's frames a third of a second apart, at least 1. */
        public static int autoStepCap(double fps) {
            return (int) Math.max(1, Math.round(fps / 3));
        }

        /** The same data with its windows' frames taken every {@code step} frames, decided (not auto). */
        public Data withFrameStep(int step) {
            return new Data(generator, trainVideos, testVideos, frames, fps, imageSize, window, stride, step, false, scene,
                    path, split, difficulty, without, objects, labelColumn);
        }

        /** The same data read from {@code folder}. */
        Data withPath(Path folder) {
            return new Data(generator, trainVideos, testVideos, frames, fps, imageSize, window, stride, frameStep, autoStep,
                    scene, folder, split, difficulty, without, objects, labelColumn);
        }

        /** The fewest frames a generated video has: half of {@code frames} at the hard level, never less than a window. */
        public int minFrames() {
            return difficulty == Difficulty.EASY ? frames : Math.max(windowSpan(), (frames + 1) / 2);
        }

        /** How many consecutive frames one training window covers. */
        public int windowSpan() {
            return (window - 1) * frameStep + 1;
        }

        public double scene(String key) {
            return scene.get(key);
        }

        public boolean isFolder() {
            return generator.equals("folder");
        }
    }

    /** Keys and values in the order given (Map.of's order changes from one JVM to the next; spec.yaml's should not). */
    private static Map<String, Object> inOrder(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Each generator's scene settings and their defaults (what the generated world looks like). */
    public static final Map<String, Map<String, Double>> GENERATORS = orderedGenerators();

    /** The values {@code model.normalise} takes, the default first. */
    public static final List<String> NORMALISE = java.util.Arrays.stream(InputNorm.values()).map(InputNorm::key).toList();
    /**
     * The value of {@code section}'s {@code key} (its {@code fallback} when absent) as {@code parse}
     * reads it; a value it refuses is an error at the key saying what it {@code must} be.
     */
    private static <T> T choice(YamlSection m, String section, String key, String fallback,
                                java.util.function.Function<String, T> parse, String must) {
        String value = m.choice(key, fallback);
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InputError(m.where(key), "'" + section + "." + key + "' must be " + must + ", got '" + value + "'");
        }
    }

    /** What {@code training.lr_schedule} takes. */
    public static final List<String> LR_SCHEDULES = java.util.Arrays.stream(LearningRateSchedule.values())
            .map(LearningRateSchedule::key).toList();

    private static LearningRateSchedule lrSchedule(YamlSection t) {
        return choice(t, "training", "lr_schedule", LearningRateSchedule.CONSTANT.key(), LearningRateSchedule::of,
                "constant (the learning rate throughout), linear or cosine (brought down from learning_rate to 0 at"
                        + " the last step along a line or half a cosine)");
    }

    /** What {@code training.restarts_combine} takes, the default first. */
    public static final List<String> RESTARTS_COMBINE = java.util.Arrays.stream(RestartsCombine.values())
            .map(RestartsCombine::key).toList();

    /** What {@code model.head} takes. */
    public static final List<String> HEADS = java.util.Arrays.stream(Head.values()).map(Head::key).toList();

    private static Map<String, Map<String, Double>> orderedGenerators() {
        Map<String, Map<String, Double>> g = new LinkedHashMap<>();
        g.put("free-fall", Map.of("scene_height_m", 3.0, "true_gravity", 9.81));
        g.put("walking", Map.of("scene_width_m", 4.0));
        g.put("pendulum", Map.of("length_m", 0.5, "true_gravity", 9.81));
        g.put("folder", Map.of());
        return java.util.Collections.unmodifiableMap(g);
    }

    /**
     * The regressor: conv layers with their kernel sizes, the dense layer, the initialisation, the
     * output's start, and what each frame goes through first.
     */
    public record Model(List<Integer> convChannels, List<Integer> kernels, int dense, Init init, double outputInit,
                        InputNorm normalise, Head head) {
        /** The network this section describes, its output named {@code output} and starting at {@code outputStart}. */
        public ModelSpec network(String output, double outputStart) {
            return new ModelSpec(convChannels, kernels, dense, init, output, outputStart, normalise, head);
        }
    }

    /**
     * Early stopping of the label-free model on a label-free loss, no labels: by default on held-out
     * training windows (a fraction {@code heldOut} of them is kept out of training); with
     * {@code onTest} ({@code windows: test}) on the windows of the test frames instead, their frames
     * without their labels: transductive, the model chosen on the frames it is scored on, and no
     * training window given up. The loss is measured every {@code every} steps, training stopped
     * after {@code patience} measurements without improvement (0: never early) and the best step's
     * weights kept. {@code criterion} is what is measured on those windows: the weighted loss
     * ({@code loss}), or the laws' weighted loss per unit of the predictions' spread there
     * ({@code law_per_spread}), which does not prefer an output for moving less.
     */
    public record EarlyStopping(int every, int patience, double heldOut, boolean onTest, String criterion) {
        /** What {@code windows} takes: the held-out training windows (the default), or the test frames' windows. */
        public static final List<String> WINDOWS = List.of("held_out", "test");
        /** What {@code criterion} takes: the weighted loss (the default), or the laws' loss per unit of spread. */
        public static final List<String> CRITERIA = List.of("loss", "law_per_spread");

        /** Whether the criterion is the laws' loss per unit of the predictions' spread. */
        public boolean lawPerSpread() {
            return criterion.equals("law_per_spread");
        }
    }

    /**
     * How the networks train. {@code restarts} label-free trainings start from different seeds and
     * the one with the lowest loss on windows it never trained on is kept (no labels), or with
     * {@code restartsCombine} {@code average} all are kept and their tracks averaged; {@code augment}
     * changes the label-free model's training windows; {@code emaDecay} (0: none) keeps an
     * exponential moving average of the weights, which is what is measured and kept. With
     * {@code transductive} the label-free model also trains on the test frames' windows, their
     * frames without their labels (scored on frames it has seen; the supervised baseline never sees
     * them). {@code lrSchedule} holds the learning rate or brings it down to 0 over the steps.
     */
    public record Training(int steps, int batchVideos, double learningRate, int logEvery, int checkpointEvery,
                           boolean supervisedBaseline, EarlyStopping earlyStopping, int restarts, RestartsCombine restartsCombine,
                           Augmentation augment, double emaDecay, boolean transductive, LearningRateSchedule lrSchedule) {
    }

    public record Evaluation(int plotVideos) {
    }

    @Override
    public Knowledge knowledgeSources() {
        return knowledge;
    }

    /** The footage's frames per second, {@code data.fps}: the frame rate of a scene that states none. */
    @Override
    public Double dataFrameRate() {
        return data.fps();
    }

    /** The label-free model (once per restart), then the supervised baseline if asked for. */
    @Override
    public int trainings() {
        return training.restarts() + (training.supervisedBaseline() ? 1 : 0);
    }

    @Override
    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(source, name, newSeed, knowledge, data, model, training, evaluation);
    }

    /** The same experiment reading its knowledge from a SPARQL endpoint (the CLI's --kg). */
    public ExperimentSpec withKnowledgeEndpoint(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new InputError("--kg", "must be an http(s) SPARQL endpoint URL, got '" + url + "'");
        }
        return new ExperimentSpec(source, name, seed, new Knowledge(knowledge.ontologies(), knowledge.rules(), url, knowledge.weights(),
                knowledge.wordNet(), knowledge.vocabulary()),
                data, model, training, evaluation);
    }

    /** The same experiment reading its sequences from {@code folder} (the CLI's --data). */
    public ExperimentSpec withDataFolder(Path folder) {
        if (!data.isFolder()) {
            throw new InputError(source.toString(), "--data needs data.generator: folder, but this spec generates '"
                    + data.generator() + "' data");
        }
        return new ExperimentSpec(source, name, seed, knowledge, data.withPath(folder.toAbsolutePath().normalize()), model,
                training, evaluation);
    }

    /** The same experiment with its windows' frames taken every {@code step} frames (what {@code auto} came to). */
    public ExperimentSpec withFrameStep(int step) {
        return new ExperimentSpec(source, name, seed, knowledge, data.withFrameStep(step), model, training, evaluation);
    }

    public static ExperimentSpec load(Path file) {
        return load(file, Map.of());
    }

    /**
     * Loads {@code file} with some of its values replaced, by key path ({@code "training.steps" → "40"});
     * the replacements are checked as the file's own values are, and a complaint names them.
     */
    public static ExperimentSpec load(Path file, Map<String, String> overrides) {
        return YamlSection.parseWithOverrides(overrides, () -> parse(file, overrides));
    }

    private static ExperimentSpec parse(Path file, Map<String, String> overrides) {
        YamlSection top = YamlSection.open(file, overrides);
        String name = top.specName(file);
        long seed = top.integer("seed", 0, 0, Long.MAX_VALUE);
        String task = top.choice("task", "regression");
        if (!task.equals("regression")) {
            throw new InputError(top.where("task"), "'task' is '" + task + "': a sequence-regression spec has task"
                    + " regression (or none); " + String.join(", ", ImageTaskSpec.TASKS) + " specs are read by ImageTaskSpec");
        }

        YamlSection k = top.section("knowledge");
        String endpoint = k.string("endpoint", null);
        List<Path> ontologies = endpoint != null && !k.has("ontologies") ? List.of() : files(k, "ontologies");
        List<Path> rules = files(k, "rules");
        Map<String, Double> weights = new java.util.TreeMap<>();
        if (k.has("weights")) {
            YamlSection w = k.section("weights");
            for (String kind : w.keys()) {
                weights.put(kind, w.number(kind, 1, 0, 1e6));
            }
            w.finish();
        }
        k.finish();

        YamlSection d = top.section("data");
        String generator = d.requiredChoice("generator");
        Map<String, Double> defaults = GENERATORS.get(generator);
        if (defaults == null) {
            throw new InputError(d.where("generator"), "data.generator '" + generator + "' is not known; valid: "
                    + String.join(", ", GENERATORS.keySet()));
        }
        Map<String, Double> scene = new java.util.TreeMap<>();
        defaults.forEach((key, fallback) -> scene.put(key, d.number(key, fallback, 1e-6, 1e6)));
        boolean folder = generator.equals("folder");
        int frames = folder ? 0 : (int) d.integer("frames", 12, 3, 1000);
        int window = (int) d.integer("window", folder ? 5 : frames, 3, 1000);
        Difficulty difficulty = Difficulty.EASY;
        Set<FootagePart> without = Set.of();
        int objects = 0;
        if (!folder) {
            String level = d.choice("difficulty", "easy");
            difficulty = Difficulty.parse(level);
            if (difficulty == null) {
                throw new InputError(d.where("difficulty"), "'data.difficulty' must be easy (the clean scenes) or hard"
                        + " (footage-like: distractors, occlusion, light, jitter, JPEG, varied lengths), got '" + level + "'");
            }
            without = without(d, generator, difficulty);
            objects = (int) d.integer("objects", 0, 0, 1_000_000);
            if (objects > 0 && difficulty != Difficulty.HARD) {
                throw new InputError(d.where("objects"), "'data.objects' sets how many different objects the hard"
                        + " level's clips show: set data.difficulty: hard, or remove it");
            }
        }
        double fps = d.number("fps", 15, 1e-3, 1e4);
        OptionalLong step = d.integerOrAuto("frame_step", false, 1, 1, 1000,
                " or auto (the window's frames a third of a second apart, fewer if the shortest sequence needs it)");
        boolean autoStep = step.isEmpty();
        int frameStep = autoStep ? Data.autoStepCap(fps) : (int) step.getAsLong();
        if (autoStep && !folder) {
            // a generator's shortest clip is known now; a folder's when it is read
            int shortest = difficulty == Difficulty.EASY ? frames : (frames + 1) / 2;
            frameStep = dev.kenning.datasets.Windows.stepFitting(frameStep, window, Math.max(window, shortest));
        }
        int span = (window - 1) * frameStep + 1;
        if (!folder && span > frames) {
            throw new InputError(d.where(frameStep == 1 ? "window" : "frame_step"), "a window of " + window
                    + " frames taken every " + frameStep + " spans " + span + " frames, longer than data.frames ("
                    + frames + ")");
        }
        Path path = null;
        String split = "time";
        String labelColumn = ImageSequenceFolder.VALUE_COLUMN;
        if (folder) {
            labelColumn = d.string("label_column", labelColumn).trim();
            if (labelColumn.isEmpty() || labelColumn.matches(".*[,;\\t\"].*")) {
                throw new InputError(d.where("label_column"), "'data.label_column' names the labels.csv column scored"
                        + " against (default value), one header cell, got '" + labelColumn + "'");
            }
            String p = d.string("path", null);
            path = p == null ? null : d.path(p);
            split = d.choice("split", "time");
            if (!split.equals("time") && !split.equals("sequence")) {
                throw new InputError(d.where("split"), "'data.split' must be time (first half of each sequence trains,"
                        + " second half tests) or sequence (whole sequences held out), got '" + split + "'");
            }
        }
        Data data = new Data(generator,
                folder ? 0 : (int) d.integer("train_videos", 256, 1, 1_000_000),
                folder ? 0 : (int) d.integer("test_videos", 48, 2, 1_000_000),
                frames,
                fps,
                (int) d.integer("image_size", 32, 16, 512),
                window,
                (int) d.integer("stride", 1, 1, 1000),
                frameStep, autoStep,
                scene, path, split, difficulty, without, objects, labelColumn);
        d.finish();

        Model model = new Model(List.of(16, 32, 32), List.of(3, 3, 3), 64, Init.HE, Double.NaN, InputNorm.NONE, Head.DENSE);
        if (top.has("model")) {
            YamlSection m = top.section("model");
            List<Integer> channels = wholeNumbers(m, "conv_channels", List.of("16", "32", "32"));
            // one size for every layer, or a list with one per layer
            List<Integer> kernels = m.isList("kernel") ? wholeNumbers(m, "kernel", List.of())
                    : java.util.Collections.nCopies(channels.size(), (int) m.integer("kernel", 3, 1, 15));
            if (kernels.size() != channels.size() || kernels.stream().anyMatch(size -> size < 1 || size > 15 || size % 2 == 0)) {
                throw new InputError(m.where("kernel"), "'model.kernel' must be one odd size from 1 to 15, or a list of"
                        + " them with one per conv layer (" + channels.size() + "), got "
                        + (m.isList("kernel") ? kernels : kernels.get(0)));
            }
            String scheme = m.choice("init", "he");
            if (!Init.SCHEMES.contains(scheme)) {
                throw new InputError(m.where("init"), "'model.init' must be he (He-normal, Kenning's default) or "
                        + Init.TRUNCATED_NORMAL + " (normal cut at 2 sd of init_std, the paper's code), got '" + scheme + "'");
            }
            double std = m.number("init_std", 0.03, Init.MIN_STD, Init.MAX_STD);
            Init init = scheme.equals("he") ? Init.HE : new Init(scheme, std);
            InputNorm normalise = choice(m, "model", "normalise", InputNorm.NONE.key(), InputNorm::of, "none (the pixels as"
                    + " they are) or frame (each frame standardised on its own: a light switched or the exposure changed"
                    + " reaches the network as nothing)");
            Head head = choice(m, "model", "head", Head.DENSE.key(), Head::of, "dense (the dense layer reads every feature at"
                    + " every place) or spatial_softmax (it reads where each channel is active: a softmax over the"
                    + " channel's map, then its mean x and y)");
            model = new Model(channels, kernels, (int) m.integer("dense", 64, 1, 1 << 16), init,
                    m.number("output_init", Double.NaN, -1e9, 1e9), normalise, head);
            m.finish();
        }

        Training training = new Training(200, 8, 1e-3, 25, 100, true, null, 1, RestartsCombine.LOWEST_LOSS,
                Augmentation.NONE, 0, false, LearningRateSchedule.CONSTANT);
        if (top.has("training")) {
            YamlSection t = top.section("training");
            EarlyStopping stopping = null;
            String everyWhere = null;
            if (t.has("early_stopping")) {
                YamlSection e = t.section("early_stopping");
                String windows = e.choice("windows", "held_out");
                if (!EarlyStopping.WINDOWS.contains(windows)) {
                    throw new InputError(e.where("windows"), "'training.early_stopping.windows' must be held_out (a share of"
                            + " the training windows, kept out of training) or test (the test frames' windows without"
                            + " their labels: transductive), got '" + windows + "'");
                }
                boolean onTest = windows.equals("test");
                if (onTest && e.has("held_out")) {
                    throw new InputError(e.where("held_out"), "'training.early_stopping.held_out' is the share of"
                            + " training windows held out for windows: held_out; with windows: test nothing is held out:"
                            + " remove one of them");
                }
                String criterion = e.choice("criterion", "loss");
                if (!EarlyStopping.CRITERIA.contains(criterion)) {
                    throw new InputError(e.where("criterion"), "'training.early_stopping.criterion' must be loss (the"
                            + " weighted label-free loss) or law_per_spread (the laws' loss divided by the predictions'"
                            + " spread, which does not prefer an output for moving less), got '" + criterion + "'");
                }
                stopping = new EarlyStopping((int) e.integer("every", 25, 1, 1_000_000), (int) e.integer("patience", 0, 0, 1_000_000),
                        onTest ? 0 : e.number("held_out", 0.1, 0.01, 0.5), onTest, criterion);
                everyWhere = e.where("every");
                e.finish();
            }
            Augmentation augment = Augmentation.NONE;
            if (t.has("augment")) {
                YamlSection a = t.section("augment");
                augment = new Augmentation(a.number("shift", 0, 0, 1), a.bool("flip", false),
                        a.number("brightness", 0, 0, 1), a.number("contrast", 0, 0, 1), a.bool("test_time", false));
                if (augment.testTime() && augment.shift() == 0 && !augment.flip()) {
                    throw new InputError(a.where("test_time"), "'training.augment.test_time' shows the test frames shifted"
                            + " and mirrored as in training, and this augment does neither: set shift (> 0) or flip: true, or"
                            + " remove test_time");
                }
                a.finish();
            }
            int restarts = (int) t.integer("restarts", 1, 1, 100);
            RestartsCombine combine = choice(t, "training", "restarts_combine", RestartsCombine.LOWEST_LOSS.key(),
                    RestartsCombine::of, "lowest_loss (keep the restart whose label-free loss is lowest) or average (keep"
                            + " them all and average their tracks sequence by sequence)");
            int steps = (int) t.integer("steps", 200, 1, 10_000_000);
            if (stopping != null && restarts > 1 && combine == RestartsCombine.AVERAGE) {
                keptWeightsFit(everyWhere, steps, stopping.every(), restarts,
                        SequenceRegressor.parameters(model.network("output", 0), 3, data.imageSize(), data.imageSize()));
            }
            training = new Training(steps,
                    (int) t.integer("batch_videos", 8, 1, 100_000),
                    t.number("learning_rate", 1e-3, 1e-9, 10),
                    (int) t.integer("log_every", 25, 1, 1_000_000),
                    (int) t.integer("checkpoint_every", 100, 1, 1_000_000),
                    t.bool("supervised_baseline", true), stopping, restarts, combine, augment,
                    t.number("ema_decay", 0, 0, 0.99999), t.bool("transductive", false), lrSchedule(t));
            t.finish();
        }
        if (!data.isFolder() && training.batchVideos() > data.trainVideos()) {
            throw new InputError(file.toString(), "training.batch_videos (" + training.batchVideos()
                    + ") exceeds data.train_videos (" + data.trainVideos() + ")");
        }
        Evaluation evaluation = new Evaluation(4);
        if (top.has("evaluation")) {
            YamlSection e = top.section("evaluation");
            evaluation = new Evaluation((int) e.integer("plot_videos", 4, 0, 64));
            e.finish();
        }
        top.has(SweepSection.KEY); // read by SweepSection.load: a single run ignores it
        top.finish();
        return new ExperimentSpec(file, name, seed, new Knowledge(ontologies, rules, endpoint, weights), data, model, training,
                evaluation);
    }

    /** What averaged restarts that stop together may hold of their weights at every measurement, in GiB. */
    static final double KEPT_WEIGHTS_GIB = 2;

    /**
     * Averaged restarts with early stopping keep every restart's weights at every measurement until
     * they stop together; refuses a spec whose copies would pass {@link #KEPT_WEIGHTS_GIB}.
     */
    private static void keptWeightsFit(String where, int steps, int every, int restarts, long weights) {
        long measurements = steps / every + 1;
        double gib = (double) restarts * measurements * weights * Float.BYTES / (1L << 30);
        if (gib > KEPT_WEIGHTS_GIB) {
            long fit = (long) (KEPT_WEIGHTS_GIB * (1L << 30) / ((double) restarts * weights * Float.BYTES));
            throw new InputError(where, String.format(java.util.Locale.ROOT, "averaged restarts that stop early keep every"
                    + " restart's weights at every measurement until they stop together: %d restarts x %d measurements x"
                    + " %d weights is %.1f GiB, more than %.0f; %s", restarts, measurements, weights, gib, KEPT_WEIGHTS_GIB,
                    fit >= 2 ? "measure less often (training.early_stopping.every: " + (long) Math.ceil(steps / (double) (fit - 1))
                            + " or more) or train fewer restarts" : "train fewer restarts or a smaller network"));
        }
    }

    /** {@code data.without}: parts of the hard level to leave out, each one the generator has. */
    private static Set<FootagePart> without(YamlSection d, String generator, Difficulty difficulty) {
        List<String> names = d.strings("without", List.of());
        if (names.isEmpty()) {
            return Set.of();
        }
        if (difficulty != Difficulty.HARD) {
            throw new InputError(d.where("without"), "'data.without' leaves parts out of the hard level: set"
                    + " data.difficulty: hard, or remove it");
        }
        Set<FootagePart> parts = java.util.EnumSet.noneOf(FootagePart.class);
        for (String name : names) {
            FootagePart part = FootagePart.parse(name);
            if (part == null || !part.appliesTo(generator)) {
                throw new InputError(d.where("without"), "'data.without' names '" + name + "', which " + generator
                        + " videos do not have; valid: " + FootagePart.namesFor(generator));
            }
            parts.add(part);
        }
        return Set.copyOf(parts);
    }

    private static List<Integer> wholeNumbers(YamlSection m, String key, List<String> fallback) {
        List<Integer> out = new ArrayList<>();
        for (String c : m.strings(key, fallback)) {
            try {
                out.add(Integer.parseInt(c.trim()));
            } catch (NumberFormatException e) {
                throw new InputError(m.where(key), "'" + m.qualified(key) + "' must list whole numbers, got '" + c + "'");
            }
        }
        return out;
    }

    static List<Path> files(YamlSection s, String key) {
        List<String> names = s.strings(key, List.of());
        if (names.isEmpty()) {
            throw new InputError(s.where(key), "'" + s.qualified(key) + "' must list at least one file");
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path p = s.path(names.get(i));
            if (!Files.isRegularFile(p)) {
                throw new InputError(s.whereItem(key, i), "file not found: " + p);
            }
            out.add(p);
        }
        return out;
    }

    /** The spec with every default filled in, as plain maps for writing back to YAML. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        Map<String, Object> k = new LinkedHashMap<>();
        if (knowledge.endpoint() != null) {
            k.put("endpoint", knowledge.endpoint());
        }
        k.put("ontologies", knowledge.ontologies().stream().map(Path::toString).toList());
        k.put("rules", knowledge.rules().stream().map(Path::toString).toList());
        if (!knowledge.weights().isEmpty()) {
            k.put("weights", new java.util.TreeMap<>(knowledge.weights()));
        }
        m.put("knowledge", k);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("generator", data.generator());
        if (data.isFolder()) {
            d.put("path", String.valueOf(data.path()));
            d.put("split", data.split());
        } else {
            d.put("train_videos", data.trainVideos());
            d.put("test_videos", data.testVideos());
            d.put("frames", data.frames());
            if (data.difficulty() != Difficulty.EASY) {
                d.put("difficulty", data.difficulty().key());
            }
            if (!data.without().isEmpty()) {
                d.put("without", FootagePart.keys(data.without()));
            }
            if (data.objects() > 0) {
                d.put("objects", data.objects());
            }
        }
        d.put("fps", data.fps());
        d.put("image_size", data.imageSize());
        d.put("window", data.window());
        d.put("stride", data.stride());
        d.put("frame_step", data.autoStep() ? "auto" : data.frameStep());
        if (!data.labelColumn().equals(ImageSequenceFolder.VALUE_COLUMN)) {
            d.put("label_column", data.labelColumn());
        }
        d.putAll(data.scene());
        m.put("data", d);
        Map<String, Object> mo = new LinkedHashMap<>();
        mo.put("conv_channels", model.convChannels());
        if (model.kernels().stream().anyMatch(size -> size != 3)) {
            mo.put("kernel", model.kernels());
        }
        mo.put("dense", model.dense());
        if (!model.init().equals(Init.HE)) {
            mo.put("init", model.init().scheme());
            mo.put("init_std", model.init().std());
        }
        if (!Double.isNaN(model.outputInit())) {
            mo.put("output_init", model.outputInit());
        }
        if (model.head() != Head.DENSE) {
            mo.put("head", model.head().key());
        }
        if (model.normalise() != InputNorm.NONE) {
            mo.put("normalise", model.normalise().key());
        }
        m.put("model", mo);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("steps", training.steps());
        t.put("batch_videos", training.batchVideos());
        t.put("learning_rate", training.learningRate());
        t.put("log_every", training.logEvery());
        t.put("checkpoint_every", training.checkpointEvery());
        t.put("supervised_baseline", training.supervisedBaseline());
        if (training.restarts() > 1) {
            t.put("restarts", training.restarts());
        }
        if (training.restartsCombine() != RestartsCombine.LOWEST_LOSS) {
            t.put("restarts_combine", training.restartsCombine().key());
        }
        if (training.emaDecay() > 0) {
            t.put("ema_decay", training.emaDecay());
        }
        if (training.transductive()) {
            t.put("transductive", true);
        }
        if (training.lrSchedule() != LearningRateSchedule.CONSTANT) {
            t.put("lr_schedule", training.lrSchedule().key());
        }
        if (!training.augment().isNone()) {
            Map<String, Object> augment = inOrder("shift", training.augment().shift(), "flip", training.augment().flip(),
                    "brightness", training.augment().brightness(), "contrast", training.augment().contrast());
            if (training.augment().testTime()) {
                augment.put("test_time", true);
            }
            t.put("augment", augment);
        }
        if (training.earlyStopping() != null) {
            EarlyStopping e = training.earlyStopping();
            t.put("early_stopping", e.onTest()
                    ? inOrder("every", e.every(), "patience", e.patience(), "windows", "test", "criterion", e.criterion())
                    : inOrder("every", e.every(), "patience", e.patience(), "held_out", e.heldOut(), "criterion", e.criterion()));
        }
        m.put("training", t);
        m.put("evaluation", Map.of("plot_videos", evaluation.plotVideos()));
        return m;
    }
}
