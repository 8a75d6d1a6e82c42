package dev.kenning.workbench;

import dev.kenning.core.run.MetricName;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.ZeroShot;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot recognition of unseen classes ({@link ZeroShot}: direct attribute prediction): the
 * attribute head learns from images of the seen classes, taught only by the knowledge's logic
 * loss, over several seeds; an unseen image is named by the class whose profile it fits best.
 * Without knowledge no unseen class can be named, so the baseline is chance.
 */
public final class ZeroShotTask extends ImageTask {
    public ZeroShotTask(ImageTaskSpec spec, DecodedImageCache imageCache) {
        super(spec, imageCache);
    }

    @Override
    void run(RunContext run, Inputs in) {
        ClassKnowledge knowledge = in.knowledge();
        List<Integer> unseen = in.heldOut();
        LabelledImages train = in.train();
        LabelledImages test = in.test();
        RunListener listener = run.listener();
        List<Integer> seen = new ArrayList<>();
        for (int c = 0; c < knowledge.classOutputs().size(); c++) {
            if (!unseen.contains(c)) {
                seen.add(c);
            }
        }
        boolean[] usable = knowledge.learnableFrom(seen);
        knowledge.entangled(seen, unseen, usable).forEach((group, breaking) -> listener.onStage("warning: the seen classes "
                + names(knowledge, seen) + " show " + group + " together (each present exactly where the others are, or"
                + " exactly where they are not), so the attribute head cannot learn them apart, and the unseen "
                + names(knowledge, breaking) + " combine them otherwise: its reading of those attributes on them follows the"
                + " seen classes, and naming them rests on the other attributes. Hold out other classes, or describe the"
                + " classes by attributes that vary apart among the seen ones"));
        // unseen classes no learnable attribute tells apart cannot be named: said before any training
        for (List<Integer> pair : knowledge.alikeOn(unseen, usable)) {
            listener.onStage("warning: the unseen classes " + names(knowledge, pair) + " differ in no attribute the seen"
                    + " classes teach (one shown by some seen class and absent from another, known on both): the model cannot"
                    + " tell them apart, and scores them by how many attributes each is known on, not by the image; expect"
                    + " chance or worse between them. Describe both on an attribute the seen classes vary in");
        }
        int seeds = spec.evaluation().seeds();
        double[] accuracy = new double[seeds];
        long[][] confusion = new long[knowledge.classOutputs().size()][knowledge.classOutputs().size()];
        for (int s = 0; s < seeds; s++) {
            long seed = spec.seed() + s;
            String phase = "knowledge-s" + seed;
            listener.onStage("seed " + seed + ": attribute head on images of " + names(knowledge, seen) + ", taught by "
                    + knowledge.logic().constraints().size() + " logic constraints; no image of " + names(knowledge, unseen));
            ImageNetwork net = ImageNetwork.create(spec.convChannels(), train.channels(), train.rows(), train.cols(),
                    knowledge.attributes(), 0, seed);
            Trainer.Trained trained = run.train(phase, net, () -> ZeroShot.train(phase, net, train, seen, knowledge,
                    spec.training().batch(), trainer(), seed, listener));
            run.putTrainingMetrics(phase, trained);
            ZeroShot.Result r = ZeroShot.evaluate(net, test, unseen, knowledge, usable);
            run.put(agreement("unseen").seed(seed), agreement(net, test.only(unseen), knowledge, usable));
            run.put(agreement("seen").seed(seed), agreement(net, test.only(seen), knowledge, usable));
            accuracy[s] = r.accuracy();
            add(confusion, r.confusion());
            Integer one = onlyAnswer(r.confusion(), unseen);
            if (one != null) {
                listener.onStage("warning: seed " + seed + " named every unseen test image " + names(knowledge, List.of(one))
                        + ": it learnt nothing that"
                        + " tells the unseen classes apart (its accuracy is that class's share of the images)");
            }
            run.put(MetricName.KNOWLEDGE_ACC.seed(seed), r.accuracy());
            listener.onStage(String.format(java.util.Locale.ROOT, "seed %d: %.4f of %d test images of the unseen classes", seed,
                    r.accuracy(), r.images()));
        }
        MeanInterval with = MeanInterval.of(accuracy, 0.95);
        double chance = 1.0 / unseen.size();
        // below chance beyond doubt (the whole interval; one seed: under half of chance): the descriptions decide, wrongly
        if (Double.isNaN(with.halfWidth()) ? with.mean() < chance / 2 : with.mean() + with.halfWidth() < chance) {
            listener.onStage(String.format(java.util.Locale.ROOT, "warning: accuracy %.4f is below chance (%.4f): the model"
                    + " tells the unseen classes apart the wrong way round (see confusion.png); their descriptions, not the"
                    + " images, decide it", with.mean(), chance));
        }
        run.put(MetricName.KNOWLEDGE_ACC, with.mean());
        run.put(MetricName.KNOWLEDGE_CI95, with.halfWidth());
        // without knowledge no unseen class can be named at all: the baseline is chance
        run.put(MetricName.BASELINE_ACC, chance);
        run.put(MetricName.BASELINE_CI95, 0.0);
        run.put(MetricName.CHANCE, chance);
        run.put(MetricName.SEEDS, seeds);
        run.put(MetricName.USABLE_ATTRIBUTES, count(usable));
        run.plot("accuracy.png", f -> ImagePlots.accuracy(f, spec.name() + ": unseen " + names(knowledge, unseen)
                + " (95% CI over " + seeds + " seeds)", Map.of(unseen.size() + " unseen classes", new MeanInterval[]{with, null}),
                chance));
        writeConfusion(run, knowledge, Map.of("zero-shot, all seeds", confusion));
    }

    /** The one class every unseen test image was named, or null when the answers vary (rows and columns by label). */
    static Integer onlyAnswer(long[][] confusion, List<Integer> unseen) {
        Integer only = null;
        for (int t : unseen) {
            for (int p = 0; p < confusion[t].length; p++) {
                if (confusion[t][p] > 0) {
                    if (only != null && only != p) {
                        return null;
                    }
                    only = p;
                }
            }
        }
        return unseen.size() < 2 ? null : only;
    }
}
