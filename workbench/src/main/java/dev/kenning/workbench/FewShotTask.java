package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.EpisodeSampler;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.FewShot;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.PairedDifference;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Few-shot classification of held-out classes ({@link FewShot}: prototypical networks): the same
 * network trained on episodes of the base classes with the knowledge's logic loss and without it
 * (and, as a control, with the classes' statements shuffled), then tested on episodes of the
 * held-out classes at each number of shots — with knowledge, without, and two ablations (the
 * knowledge model's embedding alone; the graph's profiles counted the other way).
 */
public final class FewShotTask extends ImageTask {
    public FewShotTask(ImageTaskSpec spec, DecodedImageCache imageCache) {
        super(spec, imageCache);
    }

    /** Training episodes are {@code training.ways} of the classes left; at least 2 are. */
    @Override
    void checkClasses(int classes, List<Integer> heldOut) {
        super.checkClasses(classes, heldOut);
        int left = classes - heldOut.size();
        if (spec.training().ways() != ImageTaskSpec.Training.AUTO && spec.training().ways() > left) {
            throw new InputError(spec.training().waysWhere(), "'training.ways' is " + spec.training().ways() + " but the"
                    + " knowledge's " + classes + " classes leave " + left + " for training once data.held_out's "
                    + heldOut.size() + " are taken out");
        }
    }

    /** Every base class fills a training episode, every held-out class the largest test episode. */
    @Override
    void checkData(Inputs in) {
        List<Integer> base = new ArrayList<>();
        for (int c = 0; c < in.knowledge().classOutputs().size(); c++) {
            if (!in.heldOut().contains(c)) {
                base.add(c);
            }
        }
        int shots = spec.evaluation().shots().stream().mapToInt(Integer::intValue).max().orElseThrow();
        FewShot.Episodes episodes = episodes(in, base);
        requireImages(in, in.train(), "training", base, episodes.shots() + episodes.queries(),
                "training episodes of " + episodes.shots() + " shots and " + episodes.queries() + " queries");
        requireImages(in, in.test(), "test", in.heldOut(), shots + spec.evaluation().queries(),
                "test episodes of " + shots + " shots and " + spec.evaluation().queries() + " queries");
    }

    /** The training episodes, {@code auto} keys filled in from the base classes and their fewest training images. */
    private FewShot.Episodes episodes(Inputs in, List<Integer> base) {
        List<List<Integer>> byClass = in.train().byClass(in.knowledge().classOutputs().size());
        int fewest = base.stream().mapToInt(c -> byClass.get(c).size()).min().orElse(0);
        return spec.training().episodes(base.size(), fewest);
    }

    @Override
    void run(RunContext run, Inputs in) {
        ClassKnowledge knowledge = in.knowledge();
        // the control: the knowledge with its classes' statements moved (see ClassKnowledge#shuffled)
        ClassKnowledge shuffled = spec.evaluation().shuffledControl()
                ? ClassKnowledge.shuffled(in.derived().constraints(), spec.knowledge().semantics(),
                        spec.knowledge().formulas(), spec.seed()) : null;
        List<Integer> novel = in.heldOut();
        LabelledImages train = in.train();
        LabelledImages test = in.test();
        RunListener listener = run.listener();
        List<Integer> base = new ArrayList<>();
        for (int c = 0; c < knowledge.classOutputs().size(); c++) {
            if (!novel.contains(c)) {
                base.add(c);
            }
        }
        FewShot.Episodes episodes = episodes(in, base);
        if (!knowledge.attributes().isEmpty() && count(knowledge.learnableFrom(base)) == 0) {
            // said before training: the run's attribute evidence will be empty, and its knowledge model the baseline's twin
            listener.onStage("warning: none of the knowledge's " + knowledge.attributes().size() + " attributes can be learnt"
                    + " from the base classes " + names(knowledge, base) + ": none is both shown by one of them and known to be"
                    + " absent in another (a class described by what it has and some stated absences is read open-world:"
                    + " it lacks only what it is said to lack), so the attribute profiles will add nothing; state the"
                    + " absences (or use a class × attribute table) to teach them");
        }
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
            listener.onStage("training " + phase + ": prototypical network on " + episodes.ways() + "-way "
                    + episodes.shots() + "-shot episodes (" + episodes.queries() + " queries a class) of " + names(knowledge, base)
                    + (k != null ? " + " + k.logic().constraints().size() + " logic constraints ("
                    + k.logic().semantics().displayName() + ")" + (k == shuffled ? ", classes' statements shuffled" : "") : ""));
            nets[i] = ImageNetwork.create(spec.convChannels(), train.channels(), train.rows(), train.cols(),
                    k != null ? k.attributes() : List.of(), 0, spec.seed());
            ImageNetwork net = nets[i];
            Trainer.Trained trained = run.train(phase, net, () -> FewShot.train(phase, net, train, base, episodes,
                    k, spec.knowledge().weight(), trainer(), spec.seed(), listener));
            run.putTrainingMetrics(phase, trained);
        }
        boolean[] usable = knowledge.learnableFrom(base);
        LabelledImages pool = test.only(novel);
        run.put(agreement("held_out"), agreement(nets[0], pool, knowledge, usable));
        perAttributeAgreement(nets[0], pool, knowledge, usable, "held_out", run);
        LabelledImages baseImages = test.only(base);
        double onBase = agreement(nets[0], baseImages, knowledge, usable);
        run.put(agreement("base"), onBase);
        checkAttributesLearnt(onBase, baseImages, knowledge, usable, "base", spec.knowledge().weight(), run);
        run.put(MetricName.USABLE_ATTRIBUTES, count(usable));
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
            MeanInterval[] pair = compare(run, setting, with.accuracy(), without.accuracy(), spec.seed(), k == 0);
            run.put(MetricName.acc("knowledge_embedding_only").setting(setting), MeanInterval.of(embeddingOnly.accuracy(), 0.95).mean());
            run.put(MetricName.acc(priorUsed ? "knowledge_without_graph_profiles" : "knowledge_with_graph_profiles").setting(setting),
                    MeanInterval.of(otherPrior.accuracy(), 0.95).mean());
            MeanInterval control = null;
            if (shuffled != null) {
                FewShot.Evaluation wrong = testing.evaluate(nets[2], shots, episodeSeed, new FewShot.AttributeEvidence(
                        shuffled, shuffled.learnableFrom(base), spec.knowledge().profilePrior(), spec.knowledge().profileWeight()));
                control = MeanInterval.of(wrong.accuracy(), 0.95);
                run.put(MetricName.acc("shuffled_knowledge").setting(setting), control.mean());
                run.put(MetricName.ci95("shuffled_knowledge").setting(setting), control.halfWidth());
                // the knowledge against its shuffled control, on the same episodes
                PairedDifference d = PairedDifference.of(with.accuracy(), wrong.accuracy(), 0.95, spec.seed());
                run.put(MetricName.acc("difference_vs_shuffled").setting(setting), d.meanDifference());
                run.put(MetricName.ci95("difference_vs_shuffled").setting(setting), d.interval().halfWidth());
                run.put(MetricName.p("difference_vs_shuffled").setting(setting), d.p());
            }
            plot.put(ways + "-way " + shots + "-shot", control == null ? pair : new MeanInterval[]{pair[0], pair[1], control});
            confusion.put("with knowledge, " + ways + "-way " + shots + "-shot", with.confusion());
            confusion.put("baseline, " + ways + "-way " + shots + "-shot", without.confusion());
            listener.onStage(String.format(java.util.Locale.ROOT, "%d-way %d-shot: with knowledge %s, baseline %s%s", ways, shots,
                    pair[0].format("%.4f"), pair[1].format("%.4f"), control == null ? "" : ", shuffled knowledge " + control.format("%.4f")));
        }
        run.put(MetricName.EPISODES, spec.evaluation().episodes());
        run.put(MetricName.CHANCE, 1.0 / ways);
        run.plot("accuracy.png", f -> ImagePlots.accuracy(f, spec.name() + ": accuracy on held-out classes (95% CI, "
                + spec.evaluation().episodes() + " episodes)", plot, 1.0 / ways));
        writeConfusion(run, knowledge, confusion);
    }

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

    /**
     * How far above {@link ClassKnowledge#frequencyAgreement} an attribute head must agree with the
     * graph on the classes it trained on to count as having learnt the attributes from the images.
     */
    private static final double LEARNT_MARGIN = 0.02;

    /**
     * Records the attribute head's agreement on the classes it trained on beside what predicting each
     * attribute's more frequent state scores ({@code attributes.agreement_<where>_by_frequency}), and
     * says so when the head does no better: its knowledge then reaches the model as nothing but how
     * often each attribute is shown.
     */
    private static void checkAttributesLearnt(double head, LabelledImages images, ClassKnowledge knowledge,
                                              boolean[] usable, String where, double weight, RunContext run) {
        double byFrequency = knowledge.frequencyAgreement(images.labels(), usable);
        if (Double.isNaN(byFrequency) || Double.isNaN(head)) {
            return;
        }
        run.put(agreement(where + "_by_frequency"), byFrequency);
        if (head < byFrequency + LEARNT_MARGIN) {
            run.listener().onStage(String.format(java.util.Locale.ROOT, "note: the attribute head agrees with the graph on"
                    + " %.1f%% of the %s classes' attribute states, and giving every image each attribute's more frequent"
                    + " state scores %.1f%%: it learnt no attribute from the images, so the knowledge adds little here."
                    + " With many classes an image's own constraints are a small part of the logic loss (its mean over"
                    + " all of them); under knowledge.semantics: product, raise knowledge.weight (now %s) until the head"
                    + " learns (at 192 classes, 1000 did: docs/results.md, \"Knowledge at many classes\")",
                    100 * head, where, 100 * byFrequency, weight));
        }
    }
}
