package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.InputError;
import dev.kenning.core.TrainingDivergedException;
import dev.kenning.datasets.EpisodeSampler;
import dev.kenning.datasets.FashionMnist;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.FewShot;
import dev.kenning.learner.images.GraphTrainer;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.SemiSupervised;
import dev.kenning.learner.images.ZeroShot;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.PairedDifference;
import dev.kenning.workbench.registry.RunCompletion;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs an {@link ImageTaskSpec}: derives the class knowledge, trains the same network with and
 * without it, and writes the run folder — metrics.json with {@code knowledge.acc},
 * {@code knowledge.ci95}, {@code baseline.acc}, {@code baseline.ci95} side by side (95% intervals
 * over test episodes or seeds), the paired difference, accuracy.png, confusion.csv/.png,
 * history.csv, losses.png and the models. Inputs are checked before the folder is created.
 */
public final class ImageExperiment {
    private ImageExperiment() {
    }

    /** What the rules derived, as the image tasks read it; errors name the spec. */
    public static ClassKnowledge classKnowledge(ImageTaskSpec spec, DerivedKnowledge derived) {
        try {
            return ClassKnowledge.of(derived.constraints(), spec.knowledge().semantics());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source().toString(), e.getMessage());
        }
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

    /** The dataset labels of {@code data.held_out}; a class the knowledge's labels do not name is an error at that line. */
    public static List<Integer> heldOutLabels(ImageTaskSpec spec, ClassKnowledge knowledge) {
        List<Integer> heldOut = new ArrayList<>();
        for (String name : spec.data().heldOut()) {
            int label;
            try {
                label = knowledge.label(name);
            } catch (IllegalArgumentException e) {
                throw new InputError(spec.data().heldOutWhere(), "'data.held_out': " + e.getMessage());
            }
            if (heldOut.contains(label)) {
                throw new InputError(spec.data().heldOutWhere(), "'data.held_out' names '" + name + "' twice");
            }
            heldOut.add(label);
        }
        return heldOut;
    }

    public static RunResult run(ImageTaskSpec spec, Path out, RunListener listener) {
        long t0 = System.nanoTime();
        NativeBackend.select();
        listener.onStage("deriving class knowledge from " + spec.knowledge().sources().ontologies().size()
                + " ontology file(s) and " + spec.knowledge().sources().rules().size() + " rule pack(s)");
        DerivedKnowledge derived = Workbench.derive(spec.knowledge().sources());
        ClassKnowledge knowledge = classKnowledge(spec, derived);
        List<Integer> heldOut = heldOutLabels(spec, knowledge);
        if (!spec.task().equals("semi-supervised") && knowledge.logic().isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no class/attribute constraint: nothing"
                    + " for the knowledge model to learn from (load attributes.drl)");
        }
        listener.onStage("reading Fashion-MNIST from " + spec.data().path());
        LabelledImages train = FashionMnist.train(spec.data().path());
        LabelledImages test = FashionMnist.test(spec.data().path());
        RunDirectory dir = RunDirectory.create(out);
        try {
            dir.writeSpec(spec.source(), spec.resolved());
            dir.writeConstraints(derived);
            Map<String, Double> metrics = new LinkedHashMap<>();
            Map<String, List<HistoryRow>> history = new LinkedHashMap<>();
            switch (spec.task()) {
                case "few-shot" -> fewShot(spec, knowledge, spec.evaluation().shuffledControl()
                        ? ClassKnowledge.shuffled(derived.constraints(), spec.knowledge().semantics(), spec.seed()) : null,
                        heldOut, train, test, dir, metrics, history, listener);
                case "zero-shot" -> zeroShot(spec, knowledge, heldOut, train, test, dir, metrics, history, listener);
                default -> semiSupervised(spec, knowledge, train, test, dir, metrics, history, listener);
            }
            metrics.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
            dir.writeHistory(history);
            RunPlots.losses(dir.path().resolve("losses.png"), history);
            dir.writeMetrics(metrics);
            dir.markCompleted((System.nanoTime() - t0) / 1e9);
            RunCompletion.finish(dir.path(), listener);
            return new RunResult(dir.path(), metrics);
        } catch (RunCancelledException e) {
            dir.markCancelled(e.getMessage());
            RunCompletion.cancelled(dir.path(), listener);
            throw e;
        } catch (RuntimeException | Error e) {
            dir.markFailed(e);
            throw e;
        }
    }

    private static GraphTrainer.Settings settings(ImageTaskSpec spec) {
        int steps = spec.training().steps();
        return new GraphTrainer.Settings(steps, spec.training().learningRate(), spec.training().logEvery(),
                Math.max(1, Math.min(steps, 10 * spec.training().logEvery())));
    }

    /** @param shuffled null, or the control: the knowledge with its classes' statements moved (see ClassKnowledge#shuffled) */
    private static void fewShot(ImageTaskSpec spec, ClassKnowledge knowledge, ClassKnowledge shuffled, List<Integer> novel,
                                LabelledImages train, LabelledImages test, RunDirectory dir, Map<String, Double> metrics,
                                Map<String, List<HistoryRow>> history, RunListener listener) {
        List<Integer> base = new ArrayList<>();
        for (int c = 0; c < knowledge.classOutputs().size(); c++) {
            if (!novel.contains(c)) {
                base.add(c);
            }
        }
        FewShot.Episodes episodes = new FewShot.Episodes(spec.training().ways(), spec.training().shots(), spec.training().queries());
        List<String> phases = new ArrayList<>(List.of("knowledge", "baseline"));
        List<ClassKnowledge> taught = new ArrayList<>(Arrays.asList(knowledge, null));
        if (shuffled != null) {
            phases.add("shuffled");
            taught.add(shuffled);
        }
        ImageNetwork[] nets = new ImageNetwork[phases.size()];
        for (int i = 0; i < nets.length; i++) {
            ClassKnowledge k = taught.get(i);
            String phase = phases.get(i);
            listener.onStage("training " + phase + ": prototypical network on " + spec.training().ways() + "-way "
                    + spec.training().shots() + "-shot episodes of " + names(knowledge, base)
                    + (k != null ? " + " + k.logic().constraints().size() + " logic constraints ("
                    + k.logic().semantics().displayName() + ")" + (k == shuffled ? ", classes' statements shuffled" : "") : ""));
            nets[i] = ImageNetwork.create(spec.convChannels(), train.rows(), train.cols(),
                    k != null ? k.attributes() : List.of(), 0, spec.seed());
            ImageNetwork net = nets[i];
            GraphTrainer.Trained trained = train(dir, phase, net, () -> FewShot.train(phase, net, train, base, episodes,
                    k, spec.knowledge().weight(), settings(spec), spec.seed(), listener));
            record(phase, trained, history, metrics, dir, net);
        }
        boolean[] usable = knowledge.learnableFrom(base);
        LabelledImages pool = test.only(novel);
        metrics.put("attributes.agreement_held_out", agreement(nets[0], pool, knowledge, usable));
        perAttributeAgreement(nets[0], pool, knowledge, usable, "held_out", metrics);
        metrics.put("attributes.agreement_base", agreement(nets[0], test.only(base), knowledge, usable));
        metrics.put("usable_attributes", (double) count(usable));
        Map<String, MeanInterval[]> plot = new LinkedHashMap<>();
        Map<String, long[][]> confusion = new LinkedHashMap<>();
        int ways = spec.evaluation().ways();
        // per setting: with knowledge, baseline, embedding only, the other prior, and the control
        Testing testing = new Testing(pool, novel, spec, knowledge.classOutputs().size(), listener,
                spec.evaluation().shots().size() * (shuffled != null ? 5 : 4));
        for (int k = 0; k < spec.evaluation().shots().size(); k++) {
            int shots = spec.evaluation().shots().get(k);
            listener.onStage("testing on " + spec.evaluation().episodes() + " " + ways + "-way " + shots + "-shot episodes of "
                    + names(knowledge, novel));
            long episodeSeed = spec.seed() * 1000 + shots;
            FewShot.AttributeEvidence evidence = new FewShot.AttributeEvidence(knowledge, usable,
                    spec.knowledge().profilePrior(), spec.knowledge().profileWeight());
            FewShot.Evaluation with = testing.evaluate(nets[0], shots, episodeSeed, evidence);
            FewShot.Evaluation without = testing.evaluate(nets[1], shots, episodeSeed, null);
            // ablations: the knowledge model's embedding alone (what the representation gives), and
            // its attribute prototypes with the graph's profiles counted as one image if the spec
            // does not count them, or not at all if it does (what the graph adds at test time)
            FewShot.Evaluation embeddingOnly = testing.evaluate(nets[0], shots, episodeSeed, null);
            boolean priorUsed = spec.knowledge().profilePrior() > 0;
            FewShot.Evaluation otherPrior = testing.evaluate(nets[0], shots, episodeSeed,
                    new FewShot.AttributeEvidence(knowledge, usable, priorUsed ? 0 : 1, spec.knowledge().profileWeight()));
            String setting = ways + "way" + shots + "shot";
            MeanInterval[] pair = compare(metrics, setting, with.accuracy(), without.accuracy(), spec.seed(), k == 0);
            metrics.put("knowledge_embedding_only.acc_" + setting, MeanInterval.of(embeddingOnly.accuracy(), 0.95).mean());
            metrics.put((priorUsed ? "knowledge_without_graph_profiles.acc_" : "knowledge_with_graph_profiles.acc_") + setting,
                    MeanInterval.of(otherPrior.accuracy(), 0.95).mean());
            MeanInterval control = null;
            if (shuffled != null) {
                FewShot.Evaluation wrong = testing.evaluate(nets[2], shots, episodeSeed, new FewShot.AttributeEvidence(
                        shuffled, shuffled.learnableFrom(base), spec.knowledge().profilePrior(), spec.knowledge().profileWeight()));
                control = MeanInterval.of(wrong.accuracy(), 0.95);
                metrics.put("shuffled_knowledge.acc_" + setting, control.mean());
                metrics.put("shuffled_knowledge.ci95_" + setting, control.halfWidth());
                // the knowledge against its shuffled control, on the same episodes
                PairedDifference d = PairedDifference.of(with.accuracy(), wrong.accuracy(), 0.95, spec.seed());
                metrics.put("difference_vs_shuffled.acc_" + setting, d.meanDifference());
                metrics.put("difference_vs_shuffled.ci95_" + setting, d.interval().halfWidth());
                metrics.put("difference_vs_shuffled.p_" + setting, d.p());
            }
            plot.put(ways + "-way " + shots + "-shot", control == null ? pair : new MeanInterval[]{pair[0], pair[1], control});
            if (k == 0) {
                confusion.put("with knowledge, " + ways + "-way " + shots + "-shot", with.confusion());
                confusion.put("baseline", without.confusion());
            }
            listener.onStage(String.format(java.util.Locale.ROOT, "%d-way %d-shot: with knowledge %s, baseline %s%s", ways, shots,
                    pair[0].format("%.4f"), pair[1].format("%.4f"), control == null ? "" : ", shuffled knowledge " + control.format("%.4f")));
        }
        metrics.put("episodes", (double) spec.evaluation().episodes());
        metrics.put("chance", 1.0 / ways);
        ImagePlots.accuracy(dir.path().resolve("accuracy.png"), spec.name() + ": accuracy on held-out classes (95% CI, "
                + spec.evaluation().episodes() + " episodes)", plot, 1.0 / ways);
        writeConfusion(dir, knowledge, confusion);
    }

    /** The same {@code count} episodes for every model evaluated at one setting (same seed). */
    /**
     * The test evaluations of a few-shot run, each {@code episodes} episodes of one model and
     * setting: each reported to the listener as it completes, and Cancel honoured between them.
     */
    private static final class Testing {
        private final LabelledImages pool;
        private final List<Integer> novel;
        private final ImageTaskSpec spec;
        private final int labels;
        private final RunListener listener;
        private final int total;
        private int done;

        Testing(LabelledImages pool, List<Integer> novel, ImageTaskSpec spec, int labels, RunListener listener, int total) {
            this.pool = pool;
            this.novel = novel;
            this.spec = spec;
            this.labels = labels;
            this.listener = listener;
            this.total = total;
        }

        FewShot.Evaluation evaluate(ImageNetwork net, int shots, long episodeSeed, FewShot.AttributeEvidence evidence) {
            if (listener.cancelled()) {
                throw new RunCancelledException("testing was cancelled after " + done + " of " + total + " evaluations");
            }
            EpisodeSampler sampler = new EpisodeSampler(pool, novel, spec.evaluation().ways(), shots,
                    spec.evaluation().queries(), episodeSeed);
            FewShot.Evaluation result = FewShot.evaluate(net, pool, sampler, spec.evaluation().episodes(), evidence, labels);
            listener.onTesting(++done, total);
            return result;
        }
    }

    private static void zeroShot(ImageTaskSpec spec, ClassKnowledge knowledge, List<Integer> unseen, LabelledImages train,
                                 LabelledImages test, RunDirectory dir, Map<String, Double> metrics,
                                 Map<String, List<HistoryRow>> history, RunListener listener) {
        List<Integer> seen = new ArrayList<>();
        for (int c = 0; c < knowledge.classOutputs().size(); c++) {
            if (!unseen.contains(c)) {
                seen.add(c);
            }
        }
        boolean[] usable = knowledge.learnableFrom(seen);
        int seeds = spec.evaluation().seeds();
        double[] accuracy = new double[seeds];
        long[][] confusion = new long[knowledge.classOutputs().size()][knowledge.classOutputs().size()];
        for (int s = 0; s < seeds; s++) {
            long seed = spec.seed() + s;
            String phase = "knowledge-s" + seed;
            listener.onStage("seed " + seed + ": attribute head on images of " + names(knowledge, seen) + ", taught by "
                    + knowledge.logic().constraints().size() + " logic constraints; no image of " + names(knowledge, unseen));
            ImageNetwork net = ImageNetwork.create(spec.convChannels(), train.rows(), train.cols(), knowledge.attributes(), 0, seed);
            GraphTrainer.Trained trained = train(dir, phase, net, () -> ZeroShot.train(phase, net, train, seen, knowledge,
                    spec.training().batch(), settings(spec), seed, listener));
            record(phase, trained, history, metrics, dir, net);
            ZeroShot.Result r = ZeroShot.evaluate(net, test, unseen, knowledge, usable);
            metrics.put("attributes.agreement_unseen_seed" + seed, agreement(net, test.only(unseen), knowledge, usable));
            metrics.put("attributes.agreement_seen_seed" + seed, agreement(net, test.only(seen), knowledge, usable));
            accuracy[s] = r.accuracy();
            add(confusion, r.confusion());
            metrics.put("knowledge.acc_seed" + seed, r.accuracy());
            listener.onStage(String.format(java.util.Locale.ROOT, "seed %d: %.4f of %d test images of the unseen classes", seed,
                    r.accuracy(), r.images()));
        }
        MeanInterval with = MeanInterval.of(accuracy, 0.95);
        double chance = 1.0 / unseen.size();
        metrics.put("knowledge.acc", with.mean());
        metrics.put("knowledge.ci95", with.halfWidth());
        // without knowledge no unseen class can be named at all: the baseline is chance
        metrics.put("baseline.acc", chance);
        metrics.put("baseline.ci95", 0.0);
        metrics.put("chance", chance);
        metrics.put("seeds", (double) seeds);
        metrics.put("usable_attributes", (double) count(usable));
        ImagePlots.accuracy(dir.path().resolve("accuracy.png"), spec.name() + ": unseen " + names(knowledge, unseen)
                + " (95% CI over " + seeds + " seeds)", Map.of(unseen.size() + " unseen classes", new MeanInterval[]{with, null}), chance);
        writeConfusion(dir, knowledge, Map.of("zero-shot, all seeds", confusion));
    }

    private static void semiSupervised(ImageTaskSpec spec, ClassKnowledge knowledge, LabelledImages train, LabelledImages test,
                                       RunDirectory dir, Map<String, Double> metrics, Map<String, List<HistoryRow>> history,
                                       RunListener listener) {
        int classes = knowledge.classOutputs().size();
        int seeds = spec.evaluation().seeds();
        double[] with = new double[seeds];
        double[] without = new double[seeds];
        Map<String, long[][]> confusion = new LinkedHashMap<>();
        confusion.put("with exactly-one, all seeds", new long[classes][classes]);
        confusion.put("supervised only", new long[classes][classes]);
        for (int s = 0; s < seeds; s++) {
            long seed = spec.seed() + s;
            int[][] split = labelledSplit(train, classes, spec.data().labelled(), seed);
            for (int i = 0; i < 2; i++) {
                boolean withKnowledge = i == 0;
                String phase = (withKnowledge ? "knowledge" : "baseline") + "-s" + seed;
                listener.onStage("seed " + seed + ": " + spec.data().labelled() + " labelled images"
                        + (withKnowledge ? " + " + split[1].length + " unlabelled under exactly-one (semantic loss)" : " only"));
                ImageNetwork net = ImageNetwork.create(spec.convChannels(), train.rows(), train.cols(), List.of(), classes, seed);
                GraphTrainer.Trained trained = train(dir, phase, net, () -> SemiSupervised.train(phase, net, train, split[0], split[1],
                        spec.training().batch(), spec.training().unlabelledBatch(), withKnowledge ? spec.knowledge().weight() : 0,
                        settings(spec), seed, listener));
                record(phase, trained, history, metrics, dir, net);
                ZeroShot.Result r = SemiSupervised.evaluate(net, test);
                (withKnowledge ? with : without)[s] = r.accuracy();
                add(confusion.get(withKnowledge ? "with exactly-one, all seeds" : "supervised only"), r.confusion());
                metrics.put(phase.replace("-s", ".acc_seed"), r.accuracy());
                listener.onStage(String.format(java.util.Locale.ROOT, "%s: test accuracy %.4f", phase, r.accuracy()));
            }
        }
        MeanInterval[] pair = compare(metrics, "labels" + spec.data().labelled(), with, without, spec.seed(), true);
        metrics.put("seeds", (double) seeds);
        ImagePlots.accuracy(dir.path().resolve("accuracy.png"), spec.name() + ": " + spec.data().labelled()
                + " labels (95% CI over " + seeds + " seeds)", Map.of(spec.data().labelled() + " labels", pair), 1.0 / classes);
        writeConfusion(dir, knowledge, confusion);
    }

    /** {labelled, unlabelled}: {@code budget} images spread evenly over the classes, drawn with {@code seed}; the rest. */
    static int[][] labelledSplit(LabelledImages train, int classes, int budget, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        List<List<Integer>> byClass = train.byClass(classes);
        boolean[] taken = new boolean[train.size()];
        List<Integer> labelled = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int want = budget / classes + (c < budget % classes ? 1 : 0);
            List<Integer> pool = new ArrayList<>(byClass.get(c));
            for (int i = 0; i < want && i < pool.size(); i++) {
                int j = i + rnd.nextInt(pool.size() - i);
                java.util.Collections.swap(pool, i, j);
                labelled.add(pool.get(i));
                taken[pool.get(i)] = true;
            }
        }
        int[] rest = new int[train.size() - labelled.size()];
        int k = 0;
        for (int i = 0; i < train.size(); i++) {
            if (!taken[i]) {
                rest[k++] = i;
            }
        }
        return new int[][]{labelled.stream().mapToInt(Integer::intValue).toArray(), rest};
    }

    /** knowledge.* and baseline.* (the primary setting also without suffix), the paired difference and its p. */
    private static MeanInterval[] compare(Map<String, Double> metrics, String setting, double[] with, double[] without,
                                          long seed, boolean primary) {
        MeanInterval a = MeanInterval.of(with, 0.95);
        MeanInterval b = MeanInterval.of(without, 0.95);
        PairedDifference d = PairedDifference.of(with, without, 0.95, seed);
        if (primary) {
            metrics.put("knowledge.acc", a.mean());
            metrics.put("knowledge.ci95", a.halfWidth());
            metrics.put("baseline.acc", b.mean());
            metrics.put("baseline.ci95", b.halfWidth());
        }
        metrics.put("knowledge.acc_" + setting, a.mean());
        metrics.put("knowledge.ci95_" + setting, a.halfWidth());
        metrics.put("baseline.acc_" + setting, b.mean());
        metrics.put("baseline.ci95_" + setting, b.halfWidth());
        metrics.put("difference.acc_" + setting, d.meanDifference());
        metrics.put("difference.ci95_" + setting, d.interval().halfWidth());
        metrics.put("difference.p_" + setting, d.p());
        return new MeanInterval[]{a, b};
    }

    private interface Training {
        GraphTrainer.Trained run();
    }

    /** Runs one training; a divergence leaves the restored weights under checkpoints/. */
    private static GraphTrainer.Trained train(RunDirectory dir, String phase, ImageNetwork net, Training training) {
        try {
            GraphTrainer.Trained trained = training.run();
            if (trained.cancelled()) {
                throw new RunCancelledException(phase + " was cancelled at step " + trained.steps());
            }
            return trained;
        } catch (TrainingDivergedException e) {
            dir.saveCheckpointOf(phase + "-step" + e.checkpointStep(), net);
            throw e;
        }
    }

    private static void record(String phase, GraphTrainer.Trained trained, Map<String, List<HistoryRow>> history,
                               Map<String, Double> metrics, RunDirectory dir, ImageNetwork net) {
        history.put(phase, trained.history());
        metrics.put(phase + ".train_seconds", trained.secondsTraining());
        metrics.put(phase + ".steps_per_second", trained.steps() / trained.secondsTraining());
        dir.saveModel(phase, net);
    }

    private static void writeConfusion(RunDirectory dir, ClassKnowledge knowledge, Map<String, long[][]> matrices) {
        List<String> names = knowledge.classOutputs().stream().map(c -> c.replaceFirst("^class:", "")).toList();
        long[][] first = matrices.values().iterator().next();
        try (Writer w = Files.newBufferedWriter(dir.path().resolve("confusion.csv"))) {
            w.write("true\\pred," + String.join(",", names) + "\n");
            for (int r = 0; r < names.size(); r++) {
                StringBuilder line = new StringBuilder(names.get(r));
                for (long v : first[r]) {
                    line.append(',').append(v);
                }
                w.write(line + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImagePlots.confusion(dir.path().resolve("confusion.png"), names, matrices);
    }

    /** How often the attribute head agrees with the graph's profiles of the images' classes. */
    private static double agreement(ImageNetwork net, LabelledImages images, ClassKnowledge knowledge, boolean[] usable) {
        int[] index = new int[images.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        float[][] p = net.outputs(images, index, ImageNetwork.ATTRIBUTES).get(ImageNetwork.ATTRIBUTES);
        return knowledge.profileAgreement(p, images.labels(), usable);
    }

    /** attributes.agreement_&lt;where&gt;.&lt;attribute&gt; for each usable attribute the images' profiles state. */
    private static void perAttributeAgreement(ImageNetwork net, LabelledImages images, ClassKnowledge knowledge, boolean[] usable,
                                              String where, Map<String, Double> metrics) {
        int[] index = new int[images.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        float[][] p = net.outputs(images, index, ImageNetwork.ATTRIBUTES).get(ImageNetwork.ATTRIBUTES);
        for (int a = 0; a < usable.length; a++) {
            double v = knowledge.profileAgreement(p, images.labels(), a);
            if (usable[a] && !Double.isNaN(v)) {
                metrics.put("attributes.agreement_" + where + "." + knowledge.attributes().get(a).replaceFirst("^attr:", ""), v);
            }
        }
    }

    private static void add(long[][] into, long[][] more) {
        for (int r = 0; r < into.length; r++) {
            for (int c = 0; c < into[r].length; c++) {
                into[r][c] += more[r][c];
            }
        }
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static String names(ClassKnowledge knowledge, List<Integer> labels) {
        return labels.stream().map(l -> knowledge.classOutputs().get(l).replaceFirst("^class:", "")).toList().toString();
    }
}
