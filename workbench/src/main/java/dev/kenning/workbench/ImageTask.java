package dev.kenning.workbench;

import dev.kenning.core.run.MetricName;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ClassKeys;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.FashionMnist;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.datasets.MnistDigits;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.PairedDifference;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the image tasks share: the class knowledge they read from the derived constraints, the
 * held-out classes, the dataset, and how they report — metrics.json with {@code knowledge.acc},
 * {@code knowledge.ci95}, {@code baseline.acc}, {@code baseline.ci95} side by side (95% intervals
 * over test episodes or seeds), the paired difference, accuracy.png and confusion.csv/.png.
 * {@link #plan} checks the spec against the knowledge and reads the dataset; each task trains
 * and evaluates in {@link #run}.
 */
public abstract sealed class ImageTask implements Task permits FewShotTask, ZeroShotTask, SemiSupervisedTask {
    protected final ImageTaskSpec spec;
    private final DecodedImageCache imageCache;

    ImageTask(ImageTaskSpec spec, DecodedImageCache imageCache) {
        this.spec = spec;
        this.imageCache = imageCache;
    }

    /** The dataset and the knowledge, checked; {@code unlabelled}: an image folder's unlabelled/ (often none). */
    record Inputs(ClassKnowledge knowledge, DerivedKnowledge derived, List<Integer> heldOut, LabelledImages train,
                  LabelledImages test, LabelledImages unlabelled) {
    }

    @Override
    public Plan plan(DerivedKnowledge derived, RunListener listener) {
        Inputs inputs = inputs(derived, listener);
        return run -> run(run, inputs);
    }

    /**
     * The held-out labels, after every check of the knowledge a run makes before it reads data (so
     * {@code kenning constraints} can say a run would stop): the classes, the held-out ones, the logic.
     */
    List<Integer> checkedKnowledge(DerivedKnowledge derived, ClassKnowledge knowledge) {
        List<Integer> heldOut = heldOutLabels(spec, knowledge, derived);
        if (needsLogic() && knowledge.logic().isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no class/attribute constraint: nothing"
                    + " for the knowledge model to learn from (load attributes.drl)");
        }
        checkClasses(knowledge.classOutputs().size(), heldOut);
        return heldOut;
    }

    /** What would stop a run of this spec before it reads data, or empty: the knowledge checks of {@link #inputs}. */
    java.util.Optional<InputError> knowledgeRefused(DerivedKnowledge derived) {
        try {
            checkedKnowledge(derived, classKnowledge(spec, derived));
            return java.util.Optional.empty();
        } catch (InputError e) {
            return java.util.Optional.of(e);
        }
    }

    /** The knowledge and the dataset as a run of this spec reads them, checked. */
    Inputs inputs(DerivedKnowledge derived, RunListener listener) {
        ClassKnowledge knowledge = classKnowledge(spec, derived);
        List<Integer> heldOut = checkedKnowledge(derived, knowledge);
        LabelledImages train;
        LabelledImages test;
        LabelledImages unlabelled;
        if (spec.data().isFolder()) {
            listener.onStage("reading the image folder " + spec.data().path());
            List<String> names = classNames(knowledge);
            requireDigitFolder(spec.data().path(), names);
            ImageFolder.Split split = ImageFolder.load(spec.data().path(), names, new ImageFolder.Reading(
                    spec.data().imageSize(), spec.data().channels(), spec.data().testFraction(), spec.seed(),
                    spec.data().classMap(), readsUnlabelled(), otherNames(derived), java.util.Set.copyOf(heldOut),
                    classesAbove(derived)), imageCache);
            listener.onStage(split.description());
            train = split.train();
            test = split.test();
            unlabelled = split.unlabelled();
        } else {
            listener.onStage("reading Fashion-MNIST from " + spec.data().path());
            train = FashionMnist.train(spec.data().path());
            test = FashionMnist.test(spec.data().path());
            unlabelled = new LabelledImages(new float[0][], new int[0], train.channels(), train.rows(), train.cols());
        }
        Inputs inputs = new Inputs(knowledge, derived, heldOut, train, test, unlabelled);
        checkData(inputs);
        return inputs;
    }

    /**
     * A missing folder the knowledge's classes say holds the MNIST digits: one message naming the
     * command that writes it. Any other missing folder is the folder reader's to report.
     */
    static void requireDigitFolder(java.nio.file.Path folder, List<String> classNames) {
        if (!Files.isDirectory(folder) && classNames.equals(MnistDigits.CLASS_NAMES)) {
            throw new InputError(folder.toString(), "image folder not found; the MNIST digits are written there by:"
                    + " ./kenning data digits --out " + folder);
        }
    }

    /**
     * Checks the spec against the number of classes the knowledge labels (a folder may hold 4
     * or 37): the held-out classes must leave {@code minimumLeft()} to train on.
     */
    void checkClasses(int classes, List<Integer> heldOut) {
        int left = classes - heldOut.size();
        if (!heldOut.isEmpty() && left < minimumLeft()) {
            throw new InputError(spec.data().heldOutWhere(), "'data.held_out' names " + heldOut.size() + " of the knowledge's "
                    + classes + " classes, leaving " + left + " to train on; " + spec.task() + " needs at least " + minimumLeft());
        }
    }

    /** Classes that must be left for training once the held-out ones are taken out. */
    int minimumLeft() {
        return 2;
    }

    /** Checks the data read against the spec (e.g. enough images per class for an episode); nothing by default. */
    void checkData(Inputs in) {
    }

    /** Each of {@code classes} must have {@code needed} images in {@code images}; {@code why} says what needs them. */
    void requireImages(Inputs in, LabelledImages images, String part, List<Integer> classes, int needed, String why) {
        List<List<Integer>> byClass = images.byClass(in.knowledge().classOutputs().size());
        for (int c : classes) {
            int have = byClass.get(c).size();
            if (have < needed) {
                throw new InputError(spec.data().path().toString(), "class '" + in.knowledge().classOutputs().get(c)
                        .replaceFirst("^class:", "") + "' has " + have + " " + part + " images; " + why + " need " + needed);
            }
        }
    }

    /** Whether the task reads an image folder's unlabelled/ images. */
    boolean readsUnlabelled() {
        return false;
    }

    /** Whether the task needs class/attribute constraints besides the labels' exactly-one. */
    boolean needsLogic() {
        return true;
    }

    abstract void run(RunContext run, Inputs in);

    /** The group of the paired difference knowledge − baseline ({@code difference.acc_5way1shot}). */
    static final String DIFFERENCE = "difference";

    /** {@code attributes.agreement_<where>}: how often the attribute head agrees with the graph's profiles. */
    static MetricName agreement(String where) {
        return MetricName.of("attributes", "agreement_" + where);
    }

    Trainer trainer() {
        int steps = spec.training().steps();
        return new Trainer(new Trainer.Settings(steps, spec.training().learningRate(), spec.training().logEvery(),
                Math.max(1, Math.min(steps, 10 * spec.training().logEvery()))));
    }

    /** What the rules derived, as the image tasks read it; errors name the spec. */
    public static ClassKnowledge classKnowledge(ImageTaskSpec spec, DerivedKnowledge derived) {
        try {
            return ClassKnowledge.of(derived.constraints(), spec.knowledge().semantics(), spec.knowledge().formulas());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source().toString(), e.getMessage() + notDisjoint(derived));
        }
    }

    /**
     * Where the rules derived no exactly-one: the pairs of classes the graph scores that no rule
     * made mutually exclusive, the usual reason (a few named), or nothing.
     */
    private static String notDisjoint(DerivedKnowledge derived) {
        if (derived.constraints().stream().anyMatch(c -> c.kind().equals("exactly-one"))) {
            return "";
        }
        java.util.Set<List<String>> exclusive = new java.util.HashSet<>();
        for (ConstraintSpec c : derived.constraints()) {
            if (c.kind().equals("mutually-exclusive") && c.bindings().size() == 2) {
                exclusive.add(List.of(c.bindings().get(0), c.bindings().get(1)));
                exclusive.add(List.of(c.bindings().get(1), c.bindings().get(0)));
            }
        }
        List<String> classes = derived.classNames().keySet().stream().sorted().toList();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            for (int j = i + 1; j < classes.size(); j++) {
                if (!exclusive.contains(List.of(classes.get(i), classes.get(j)))) {
                    missing.add(classes.get(i) + " and " + classes.get(j));
                }
            }
        }
        if (missing.isEmpty()) {
            return "";
        }
        return ". Of the " + classes.size() + " classes the graph scores, " + missing.size() + " pairs are not stated disjoint: "
                + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + (missing.size() > 5 ? ", …" : "");
    }

    /**
     * The dataset's class names in label order, as the labels in the knowledge give them
     * ("class:" dropped): what {@code data.held_out} may name. Empty when the rules derive no labels.
     */
    public static List<String> classNames(DerivedKnowledge derived) {
        try {
            return ClassKnowledge.of(derived.constraints(), dev.kenning.constraints.logic.Semantics.PRODUCT).classOutputs()
                    .stream().map(c -> c.replaceFirst("^class:", "")).toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** The knowledge's classes in label order, named as image folders name them (without "class:"). */
    private static List<String> classNames(ClassKnowledge knowledge) {
        return knowledge.classOutputs().stream().map(c -> c.replaceFirst("^class:", "")).toList();
    }

    /** The other names each class goes by, keyed as the image folder's class names are (without "class:"). */
    static Map<String, List<String>> otherNames(DerivedKnowledge derived) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        derived.classNames().forEach((output, names) -> out.put(output.replaceFirst("^class:", ""), names));
        return out;
    }

    /** The classes above the class outputs, by name, with the classes below each named as image folders name them. */
    static Map<String, List<String>> classesAbove(DerivedKnowledge derived) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        derived.classesAbove().forEach((name, outputs) -> out.put(name, outputs.stream()
                .map(o -> o.replaceFirst("^class:", "")).toList()));
        return out;
    }

    /**
     * The dataset labels of {@code data.held_out}, each named by its output or by another name its
     * class goes by in the graph ({@link DerivedKnowledge#classNames}); a class the knowledge does
     * not name is an error at that line.
     */
    public static List<Integer> heldOutLabels(ImageTaskSpec spec, ClassKnowledge knowledge, DerivedKnowledge derived) {
        List<String> names = classNames(knowledge);
        ClassKeys keys = ClassKeys.of(names, otherNames(derived));
        List<Integer> heldOut = new ArrayList<>();
        for (String name : spec.data().heldOut()) {
            int label;
            try {
                label = knowledge.label(name);
            } catch (IllegalArgumentException e) {
                Integer other = keys.label(name.replaceFirst("^class:", ""), spec.data().heldOutWhere(),
                        "name the class by its output");
                if (other == null) {
                    throw new InputError(spec.data().heldOutWhere(), "'data.held_out': " + e.getMessage());
                }
                label = other;
            }
            if (heldOut.contains(label)) {
                throw new InputError(spec.data().heldOutWhere(), "'data.held_out' names '" + name + "' twice");
            }
            heldOut.add(label);
        }
        return heldOut;
    }

    /** knowledge.* and baseline.* (the primary setting also without suffix), the paired difference and its p. */
    static MeanInterval[] compare(RunContext run, String setting, double[] with, double[] without,
                                          long seed, boolean primary) {
        MeanInterval a = MeanInterval.of(with, 0.95);
        MeanInterval b = MeanInterval.of(without, 0.95);
        PairedDifference d = PairedDifference.of(with, without, 0.95, seed);
        if (primary) {
            run.put(MetricName.KNOWLEDGE_ACC, a.mean());
            run.put(MetricName.KNOWLEDGE_CI95, a.halfWidth());
            run.put(MetricName.BASELINE_ACC, b.mean());
            run.put(MetricName.BASELINE_CI95, b.halfWidth());
        }
        run.put(MetricName.KNOWLEDGE_ACC.setting(setting), a.mean());
        run.put(MetricName.KNOWLEDGE_CI95.setting(setting), a.halfWidth());
        run.put(MetricName.BASELINE_ACC.setting(setting), b.mean());
        run.put(MetricName.BASELINE_CI95.setting(setting), b.halfWidth());
        run.put(MetricName.acc(DIFFERENCE).setting(setting), d.meanDifference());
        run.put(MetricName.ci95(DIFFERENCE).setting(setting), d.interval().halfWidth());
        run.put(MetricName.p(DIFFERENCE).setting(setting), d.p());
        return new MeanInterval[]{a, b};
    }

    static void writeConfusion(RunContext run, ClassKnowledge knowledge, Map<String, long[][]> matrices) {
        List<String> names = classNames(knowledge);
        long[][] first = matrices.values().iterator().next();
        StringBuilder csv = new StringBuilder("true\\pred," + String.join(",", names) + "\n");
        for (int r = 0; r < names.size(); r++) {
            csv.append(names.get(r));
            for (long v : first[r]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        run.writeTable("confusion.csv", csv);
        run.plot("confusion.png", f -> ImagePlots.confusion(f, names, matrices));
    }

    /** How often the attribute head agrees with the graph's profiles of the images' classes. */
    static double agreement(ImageNetwork net, LabelledImages images, ClassKnowledge knowledge, boolean[] usable) {
        int[] index = new int[images.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        float[][] p = net.outputs(images, index, ImageNetwork.ATTRIBUTES).get(ImageNetwork.ATTRIBUTES);
        return knowledge.profileAgreement(p, images.labels(), usable);
    }

    /** attributes.agreement_&lt;where&gt;.&lt;attribute&gt; for each usable attribute the images' profiles state. */
    static void perAttributeAgreement(ImageNetwork net, LabelledImages images, ClassKnowledge knowledge, boolean[] usable,
                                              String where, RunContext run) {
        int[] index = new int[images.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        float[][] p = net.outputs(images, index, ImageNetwork.ATTRIBUTES).get(ImageNetwork.ATTRIBUTES);
        for (int a = 0; a < usable.length; a++) {
            double v = knowledge.profileAgreement(p, images.labels(), a);
            if (usable[a] && !Double.isNaN(v)) {
                run.put(agreement(where + "." + knowledge.attributes().get(a).replaceFirst("^attr:", "")), v);
            }
        }
    }

    static void add(long[][] into, long[][] more) {
        for (int r = 0; r < into.length; r++) {
            for (int c = 0; c < into[r].length; c++) {
                into[r][c] += more[r][c];
            }
        }
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    static String names(ClassKnowledge knowledge, List<Integer> labels) {
        return listed(labels.stream().map(l -> knowledge.classOutputs().get(l).replaceFirst("^class:", "")).toList());
    }

    /** Names as a list; of more than 12, the first 8 and how many there are (CUB has 200 classes). */
    static String listed(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : "[" + String.join(", ", names.subList(0, 8)) + ", …] (" + names.size() + " classes)";
    }
}
