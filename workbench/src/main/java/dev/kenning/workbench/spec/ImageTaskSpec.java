package dev.kenning.workbench.spec;

import dev.kenning.constraints.logic.FormulaSettings;
import dev.kenning.constraints.logic.Semantics;
import dev.kenning.core.InputError;
import dev.kenning.datasets.FashionMnist;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.kg.AttributeTable;
import dev.kenning.learner.images.FewShot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image-classification experiment with class knowledge, as written in YAML: {@code task} is
 * few-shot (prototypical networks on held-out classes), zero-shot (attributes, held-out classes
 * never seen) or semi-supervised (a few labels plus the exactly-one semantic loss). Each runs the
 * same network with and without the knowledge and reports both. Paths are relative to the file.
 */
public record ImageTaskSpec(Path source, String name, long seed, String task, Knowledge knowledge, Data data,
                            List<Integer> convChannels, Training training, Evaluation evaluation) implements SpecFile {

    public static final List<String> TASKS = List.of("few-shot", "zero-shot", "semi-supervised");

    /**
     * The knowledge and how it becomes loss: {@code weight} of the knowledge term; for few-shot,
     * {@code profileWeight} of the attribute evidence at test time (divided by the shots) and
     * {@code profilePrior}, how many support images the graph's attribute profile counts as;
     * {@code formulas}: how formula constraints compile ({@code max_circuit_nodes},
     * {@code compile_seconds}) and whether one too large for that is read under the fuzzy
     * semantics instead ({@code formula_fallback}).
     */
    public record Knowledge(ExperimentSpec.Knowledge sources, Semantics semantics, double weight, double profileWeight,
                            double profilePrior, FormulaSettings formulas) {
    }

    /**
     * Fashion-MNIST's IDX files under {@code path}, or ({@code dataset: folder}) an image folder
     * there: one subfolder per class, images resized to {@code imageSize}, read with {@code channels}
     * 1 (grey), 3 (RGB) or {@link ImageFolder.Reading#AUTO_CHANNELS} (RGB if any image is in colour)
     * and, without train/ and test/ subfolders, {@code testFraction} of each class held out by a
     * seeded draw; {@code classMap} names the class of folders whose names
     * are not the class's; {@code heldOut} classes (by output name, "class:"
     * optional) are the few-shot novel or zero-shot unseen ones; {@code labelled} is the
     * semi-supervised label budget, spread evenly over the classes. {@code heldOutWhere} and
     * {@code labelledWhere} are their lines in the spec, for checks against the knowledge and data.
     */
    public record Data(String dataset, Path path, List<String> heldOut, String heldOutWhere, int labelled,
                       String labelledWhere, int imageSize, int channels, double testFraction, List<ImageFolder.ClassFolder> classMap,
                       Path heldOutFile) {
        /** Fashion-MNIST's IDX files, or an image folder (one subfolder per class). */
        public static final List<String> DATASETS = List.of("fashion-mnist", "folder");

        public boolean isFolder() {
            return dataset.equals("folder");
        }
    }

    /**
     * Few-shot training episodes are {@code ways}-way {@code shots}-shot with {@code queries}
     * per class, each {@link #AUTO} or a number ({@link #episodes}); zero-shot and semi-supervised
     * steps take {@code batch} labelled images (and, semi-supervised with knowledge,
     * {@code unlabelledBatch} unlabelled ones). {@code waysWhere} is the spec's line of
     * {@code ways}, for the check against the knowledge's classes.
     */
    public record Training(int steps, double learningRate, int logEvery, int ways, int shots, int queries, int batch,
                           int unlabelledBatch, String waysWhere) {
        /** {@code ways}, {@code shots} or {@code queries} left to {@link #episodes}: {@code auto} in the spec. */
        public static final int AUTO = 0;
        /** Images in an episode of {@code auto}: what 5-way 5-shot episodes of 10 queries hold. */
        public static final int EPISODE_IMAGES = 75;
        /** The most base classes {@code ways: auto} takes. */
        public static final int MAX_AUTO_WAYS = 25;

        /**
         * The training episodes over {@code baseClasses} whose fewest training images are
         * {@code fewestImages}, the keys left {@code auto} filled in: as many ways as there are base
         * classes, up to {@link #MAX_AUTO_WAYS}; then the {@link #EPISODE_IMAGES} shared among them,
         * no more a class than its fewest images, a third as support images (at least one) and the
         * rest as queries (at least one). At 5 ways that is 5 shots and 10 queries; at 25 ways, 1
         * and 2: more classes per episode at the same cost, which trains the embedding better when
         * there are many (docs/results.md).
         */
        public FewShot.Episodes episodes(int baseClasses, int fewestImages) {
            int w = ways != AUTO ? ways : Math.max(2, Math.min(baseClasses, MAX_AUTO_WAYS));
            int perClass = Math.min(EPISODE_IMAGES / w, fewestImages);
            int s = shots != AUTO ? shots : queries != AUTO ? Math.max(1, perClass - queries) : Math.max(1, perClass / 3);
            int q = queries != AUTO ? queries : Math.max(1, perClass - s);
            return new FewShot.Episodes(w, s, q);
        }
    }

    /**
     * Few-shot: {@code episodes} test episodes per entry of {@code shots}, and with
     * {@code shuffledControl} a third model trained on the knowledge with its classes' statements
     * moved to other classes; the others: {@code seeds} runs.
     */
    public record Evaluation(int episodes, int ways, List<Integer> shots, int queries, int seeds, boolean shuffledControl) {
    }

    /** Whether {@code file} is an image-task spec (its {@code task} is one of {@link #TASKS}). */
    public static boolean isImageTask(Path file) {
        YamlSection top = YamlSection.open(file);
        return TASKS.contains(top.choice("task", "regression"));
    }

    @Override
    public ExperimentSpec.Knowledge knowledgeSources() {
        return knowledge.sources();
    }

    @Override
    public List<Path> otherInputs() {
        return data.heldOutFile() == null ? List.of() : List.of(data.heldOutFile());
    }

    /**
     * Few-shot: with and without knowledge, and the shuffled control if asked; zero-shot: one per
     * seed; semi-supervised: both per seed.
     */
    @Override
    public int trainings() {
        return switch (task) {
            case "few-shot" -> evaluation.shuffledControl() ? 3 : 2;
            case "zero-shot" -> evaluation.seeds();
            default -> 2 * evaluation.seeds();
        };
    }

    /** Few-shot tests on thousands of episodes after training: a stage of its own. */
    @Override
    public int stages() {
        return trainings() + (task.equals("few-shot") ? 1 : 0);
    }

    @Override
    public ImageTaskSpec withSeed(long newSeed) {
        if (!task.equals("few-shot")) {
            SpecFile.requireSeedsFit(newSeed, evaluation.seeds(), "--seed " + newSeed);
        }
        return new ImageTaskSpec(source, name, newSeed, task, knowledge, data, convChannels, training, evaluation);
    }

    public static ImageTaskSpec load(Path file) {
        return load(file, Map.of());
    }

    /** Loads {@code file} with some values replaced by key path, as {@link ExperimentSpec#load(Path, Map)} does. */
    public static ImageTaskSpec load(Path file, Map<String, String> overrides) {
        return YamlSection.parseWithOverrides(overrides, () -> parse(file, overrides));
    }

    private static ImageTaskSpec parse(Path file, Map<String, String> overrides) {
        YamlSection top = YamlSection.open(file, overrides);
        String name = top.specName(file);
        long seed = top.integer("seed", 0, 0, Long.MAX_VALUE);
        String task = top.requiredChoice("task");
        if (!TASKS.contains(task)) {
            throw new InputError(top.where("task"), "'task' must be one of " + String.join(", ", TASKS) + ", got '" + task + "'");
        }
        boolean fewShot = task.equals("few-shot");
        boolean semi = task.equals("semi-supervised");

        YamlSection k = top.section("knowledge");
        // WordNet alone may be the knowledge of an image folder: its folders' names are then the labels
        boolean wordNetAlone = k.has("wordnet") && k.strings("ontologies", List.of()).isEmpty();
        List<Path> ontologies = wordNetAlone ? List.of() : ExperimentSpec.files(k, "ontologies");
        List<Path> rules = ExperimentSpec.files(k, "rules");
        Semantics semantics;
        try {
            semantics = Semantics.parse(k.string("semantics", "product"));
        } catch (IllegalArgumentException e) {
            throw new InputError(k.where("semantics"), e.getMessage());
        }
        String wordNet = k.string("wordnet", null);
        if (wordNet != null && !wordNet.matches("[A-Za-z][A-Za-z _-]*")) {
            throw new InputError(k.where("wordnet"), "'knowledge.wordnet' names the noun every class's WordNet sense must"
                    + " descend from, e.g. artifact; got '" + wordNet + "'");
        }
        List<String> attributeProperties = k.strings("attribute_properties", List.of());
        List<String> labels = k.strings("labels", List.of());
        String labelsWhere = k.where(labels.isEmpty() ? "attribute_properties" : "labels");
        String ontologiesWhere = k.where(k.has("ontologies") ? "ontologies" : "wordnet");
        double weight = k.number("weight", 1.0, 0, 1e6);
        double profileWeight = fewShot ? k.number("profile_weight", 1.0, 0, 1e6) : 0;
        double profilePrior = fewShot ? k.number("profile_prior", 0.0, 0, 1e6) : 0;
        FormulaSettings formulas = new FormulaSettings(AdditionSpec.circuitLimits(k), k.bool("formula_fallback", false));
        k.finish();

        YamlSection d = top.section("data");
        String dataset = d.choice("dataset", "fashion-mnist");
        if (!Data.DATASETS.contains(dataset)) {
            throw new InputError(d.where("dataset"), "'data.dataset' must be fashion-mnist (IDX files) or folder (one"
                    + " subfolder of images per class), got '" + dataset + "'");
        }
        boolean folder = dataset.equals("folder");
        for (String key : List.of("image_size", "channels", "test_fraction", "classes")) {
            if (!folder && d.has(key)) {
                throw new InputError(d.where(key), "'data." + key + "' is read from image folders only (data.dataset:"
                        + " folder); this spec reads " + dataset);
            }
        }
        String p = d.string("path", null);
        String env = System.getenv("KENNING_FASHION_MNIST");
        if (folder && p == null) {
            throw new InputError(d.where("dataset"), "'data.dataset: folder' needs 'data.path': the folder with one"
                    + " subfolder of images per class (or train/ and test/ holding them)");
        }
        Path path = p != null ? d.path(p) : env != null ? Path.of(env) : FashionMnist.DEBIAN_FOLDER;
        int imageSize = folder ? (int) d.integer("image_size", 28, 8, 512) : 0;
        int channels = !folder ? 1 : (int) d.integerOrAuto("channels", true, 1, 1, 3,
                " or auto (RGB if any image is in colour, else grey)").orElse(ImageFolder.Reading.AUTO_CHANNELS);
        if (channels == 2) {
            throw new InputError(d.where("channels"), "'data.channels' must be 1 (grey), 3 (RGB) or auto (RGB if any"
                    + " image is in colour, else grey), got 2");
        }
        double testFraction = folder ? d.number("test_fraction", 0.2, 0.01, 0.99) : 0;
        List<ImageFolder.ClassFolder> classMap = new ArrayList<>();
        if (folder && d.has("classes")) {
            YamlSection c = d.section("classes");
            for (String folderName : c.keys()) {
                String className = c.string(folderName, null);
                if (className.isBlank()) {
                    throw new InputError(c.where(folderName), "'data.classes' maps folder '" + folderName + "' to no class;"
                            + " write folder-name: class-name");
                }
                classMap.add(new ImageFolder.ClassFolder(folderName, className.trim(), c.where(folderName)));
            }
            c.finish();
        }
        Path heldOutFile = semi || !d.has("held_out") || d.isList("held_out") ? null
                : d.path(d.string("held_out", ""));
        List<String> heldOut = semi ? List.of() : heldOutFile == null ? d.strings("held_out", List.of()) : heldOut(heldOutFile, d);
        if (!semi && heldOut.size() < 2) {
            throw new InputError(d.where("held_out"), "'data.held_out' must name at least 2 classes (" + task
                    + " learns them from the others), e.g. [coat, sandal] on Fashion-MNIST");
        }
        int labelled = semi ? (int) d.integer("labelled", 100, 2, 1_000_000) : 0;
        Data data = new Data(dataset, path, heldOut, semi ? null : d.where("held_out"), labelled,
                semi ? d.where("labelled") : null, imageSize, channels, testFraction, classMap, heldOutFile);
        d.finish();
        if (wordNetAlone && labels.isEmpty()) {
            if (!folder) {
                throw new InputError(ontologiesWhere, "'knowledge.ontologies' must list at least one file; only an image folder"
                        + " (data.dataset: folder) may leave it out, its folders' names then the labels WordNet reads");
            }
            labels = folderLabels(path, classMap);
            labelsWhere = path.toString();
        }
        ExperimentSpec.Vocabulary vocabulary = new ExperimentSpec.Vocabulary(attributeProperties, k.where("attribute_properties"),
                labels, labelsWhere);
        Knowledge knowledge = new Knowledge(new ExperimentSpec.Knowledge(ontologies, rules, null, Map.of(), wordNet, vocabulary), semantics,
                weight, profileWeight, profilePrior, formulas);

        List<Integer> convChannels = List.of(32, 64, 64);
        if (top.has("model")) {
            YamlSection m = top.section("model");
            convChannels = integers(m, "conv_channels", convChannels);
            m.finish();
        }

        YamlSection t = top.has("training") ? top.section("training") : null;
        Training training = new Training(
                t == null ? 500 : (int) t.integer("steps", 500, 1, 10_000_000),
                t == null ? 1e-3 : t.number("learning_rate", 1e-3, 1e-9, 10),
                t == null ? 50 : (int) t.integer("log_every", 50, 1, 1_000_000),
                fewShot && t != null ? episodeKey(t, "ways", 2, " or auto (the base classes, at most "
                        + Training.MAX_AUTO_WAYS + ")") : Training.AUTO,
                fewShot && t != null ? episodeKey(t, "shots", 1, " or auto (a third of an episode's "
                        + Training.EPISODE_IMAGES + " images)") : Training.AUTO,
                fewShot && t != null ? episodeKey(t, "queries", 1, " or auto (what the shots leave of an episode's "
                        + Training.EPISODE_IMAGES + " images)") : Training.AUTO,
                !fewShot && t != null ? (int) t.integer("batch", semi ? 32 : 128, 1, 100_000) : semi ? 32 : 128,
                semi && t != null ? (int) t.integer("unlabelled_batch", 128, 1, 100_000) : 128,
                t == null ? file.toString() : t.where("ways"));
        if (t != null) {
            t.finish();
        }

        YamlSection e = top.has("evaluation") ? top.section("evaluation") : null;
        Evaluation evaluation = new Evaluation(
                fewShot && e != null ? (int) e.integer("episodes", 600, 1, 1_000_000) : 600,
                fewShot && e != null ? (int) e.integer("ways", 5, 2, 1000) : 5,
                fewShot && e != null ? integers(e, "shots", List.of(1, 5)) : List.of(1, 5),
                fewShot && e != null ? (int) e.integer("queries", 15, 1, 1000) : 15,
                !fewShot && e != null ? (int) e.integer("seeds", 5, 1, 1000) : 5,
                fewShot && e != null && e.bool("shuffled_control", false));
        if (e != null) {
            e.finish();
        }
        if (!fewShot) {
            SpecFile.requireSeedsFit(seed, evaluation.seeds(), top.where("seed"));
        }
        if (fewShot && evaluation.ways() > heldOut.size()) {
            throw new InputError(data.heldOutWhere(), "evaluation.ways is " + evaluation.ways() + " but data.held_out names only "
                    + heldOut.size() + " classes");
        }
        top.has(SweepSection.KEY); // read by SweepSection.load: a single run ignores it
        top.finish();
        return new ImageTaskSpec(file, name, seed, task, knowledge, data, convChannels, training, evaluation);
    }

    /**
     * The labels of an image folder whose only knowledge is WordNet: its class folders' names, in
     * name order (as torchvision numbers them), a folder {@code data.classes} maps by its class's name.
     */
    private static List<String> folderLabels(Path root, List<ImageFolder.ClassFolder> classMap) {
        Map<String, String> mapped = new java.util.HashMap<>();
        classMap.forEach(c -> mapped.put(c.folder(), c.className()));
        return ImageFolder.classFolderNames(root).stream().map(f -> mapped.getOrDefault(f, f)).toList();
    }

    /** A training episode's key as spec.yaml writes it. */
    private static Object orAuto(int value) {
        return value == Training.AUTO ? "auto" : value;
    }

    /** A training episode's {@code ways}, {@code shots} or {@code queries}: a number from {@code min}, or {@link Training#AUTO}. */
    private static int episodeKey(YamlSection t, String key, int min, String auto) {
        return (int) t.integerOrAuto(key, true, Training.AUTO, min, 1000, auto).orElse(Training.AUTO);
    }

    private static List<Integer> integers(YamlSection s, String key, List<Integer> fallback) {
        List<String> raw = s.strings(key, null);
        if (raw == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String v : raw) {
            try {
                out.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException ex) {
                throw new InputError(s.where(key), "'" + s.qualified(key) + "' must list whole numbers, got '" + v + "'");
            }
        }
        if (out.isEmpty() || out.stream().anyMatch(i -> i < 1)) {
            throw new InputError(s.where(key), "'" + s.qualified(key) + "' must list numbers >= 1");
        }
        return List.copyOf(out);
    }

    /** The spec with every default filled in, for the run folder's spec.yaml. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        m.put("task", task);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("ontologies", knowledge.sources().ontologies().stream().map(Path::toString).toList());
        k.put("rules", knowledge.sources().rules().stream().map(Path::toString).toList());
        if (knowledge.sources().vocabulary().isForeign()) {
            k.put("attribute_properties", knowledge.sources().vocabulary().attributeProperties());
        }
        if (knowledge.sources().vocabulary().isForeign() || !knowledge.sources().vocabulary().labels().isEmpty()) {
            k.put("labels", knowledge.sources().vocabulary().labels());
        }
        if (knowledge.sources().wordNet() != null) {
            k.put("wordnet", knowledge.sources().wordNet());
        }
        k.put("semantics", knowledge.semantics().displayName());
        k.put("weight", knowledge.weight());
        AdditionSpec.putCircuitLimits(k, knowledge.formulas().limits());
        k.put("formula_fallback", knowledge.formulas().fuzzyFallback());
        if (task.equals("few-shot")) {
            k.put("profile_weight", knowledge.profileWeight());
            k.put("profile_prior", knowledge.profilePrior());
        }
        m.put("knowledge", k);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", data.dataset());
        d.put("path", data.path().toString());
        if (data.isFolder()) {
            d.put("image_size", data.imageSize());
            d.put("channels", data.channels() == ImageFolder.Reading.AUTO_CHANNELS ? "auto" : data.channels());
            if (!data.classMap().isEmpty()) {
                Map<String, String> classes = new LinkedHashMap<>();
                data.classMap().forEach(c -> classes.put(c.folder(), c.className()));
                d.put("classes", classes);
            }
            d.put("test_fraction", data.testFraction());
        }
        if (task.equals("semi-supervised")) {
            d.put("labelled", data.labelled());
        } else {
            d.put("held_out", data.heldOut());
        }
        m.put("data", d);
        m.put("model", Map.of("conv_channels", convChannels));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("steps", training.steps());
        t.put("learning_rate", training.learningRate());
        t.put("log_every", training.logEvery());
        if (task.equals("few-shot")) {
            t.put("ways", orAuto(training.ways()));
            t.put("shots", orAuto(training.shots()));
            t.put("queries", orAuto(training.queries()));
        } else {
            t.put("batch", training.batch());
            if (task.equals("semi-supervised")) {
                t.put("unlabelled_batch", training.unlabelledBatch());
            }
        }
        m.put("training", t);
        Map<String, Object> e = new LinkedHashMap<>();
        if (task.equals("few-shot")) {
            e.put("episodes", evaluation.episodes());
            e.put("ways", evaluation.ways());
            e.put("shots", evaluation.shots());
            e.put("queries", evaluation.queries());
            e.put("shuffled_control", evaluation.shuffledControl());
        } else {
            e.put("seeds", evaluation.seeds());
        }
        m.put("evaluation", e);
        return m;
    }

    /**
     * {@code data.held_out}: a list of class names, or a file naming one class per line, each
     * optionally after its number, as AwA2's {@code testclasses.txt} gives its unseen classes.
     */
    private static List<String> heldOut(Path file, YamlSection d) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InputError(d.where("held_out"), "'data.held_out' is a list of classes, [coat, sandal], or a file naming"
                    + " one class per line (AwA2's testclasses.txt); no such file: " + file);
        }
        return AttributeTable.namesIn(file);
    }
}
