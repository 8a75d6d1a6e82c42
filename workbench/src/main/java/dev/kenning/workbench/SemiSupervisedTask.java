package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.SemiSupervised;
import dev.kenning.learner.images.ZeroShot;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Semi-supervised classification ({@link SemiSupervised}): a few labelled images per class, with
 * and without the exactly-one semantic loss on unlabelled images, over several seeds, compared by
 * a paired test. The unlabelled images are an image folder's {@code unlabelled/} when it has one,
 * else the training images not drawn as labelled.
 */
public final class SemiSupervisedTask extends ImageTask {
    public SemiSupervisedTask(ImageTaskSpec spec, DecodedImageCache imageCache) {
        super(spec, imageCache);
    }

    @Override
    boolean needsLogic() {
        return false;
    }

    @Override
    boolean readsUnlabelled() {
        return true;
    }

    /** The label budget fits the training images, and leaves some unlabelled when there is no unlabelled/. */
    @Override
    void checkData(Inputs in) {
        int budget = spec.data().labelled();
        int images = in.train().size();
        if (budget > images || (budget == images && in.unlabelled().size() == 0)) {
            throw new InputError(spec.data().labelledWhere(), "'data.labelled' is " + budget + " but there are " + images
                    + " training images" + (in.unlabelled().size() == 0 ? ": none would be left unlabelled (lower it, or"
                    + " put unlabelled images in the folder's " + ImageFolder.UNLABELLED + "/)" : ""));
        }
    }

    @Override
    void run(RunContext run, Inputs in) {
        ClassKnowledge knowledge = in.knowledge();
        LabelledImages test = in.test();
        boolean ownPool = in.unlabelled().size() > 0;
        // the training images first, so a labelled index is the same in both
        LabelledImages train = ownPool ? in.train().concat(in.unlabelled()) : in.train();
        RunListener listener = run.listener();
        int classes = knowledge.classOutputs().size();
        int seeds = spec.evaluation().seeds();
        double[] with = new double[seeds];
        double[] without = new double[seeds];
        Map<String, long[][]> confusion = new LinkedHashMap<>();
        confusion.put("with exactly-one, all seeds", new long[classes][classes]);
        confusion.put("supervised only", new long[classes][classes]);
        // a step draws its batches with replacement: more than there are is allowed, and said, as it repeats each image
        int labelled = spec.data().labelled();
        if (spec.training().batch() > labelled) {
            listener.onStage(String.format(java.util.Locale.ROOT, "note: training.batch (%d) is more than the %d labelled"
                    + " images: each step draws them with replacement, each about %.0f times; a batch of %d gives the same"
                    + " gradient on average in less time", spec.training().batch(), labelled,
                    spec.training().batch() / (double) labelled, labelled));
        }
        for (int s = 0; s < seeds; s++) {
            long seed = spec.seed() + s;
            int[][] split = labelledSplit(in.train(), classes, spec.data().labelled(), seed);
            if (ownPool) {
                split[1] = java.util.stream.IntStream.range(in.train().size(), train.size()).toArray();
            }
            for (int i = 0; i < 2; i++) {
                boolean withKnowledge = i == 0;
                String phase = (withKnowledge ? "knowledge" : "baseline") + "-s" + seed;
                listener.onStage("seed " + seed + ": " + spec.data().labelled() + " labelled images"
                        + (withKnowledge ? " + " + split[1].length + " unlabelled" + (ownPool ? " (" + ImageFolder.UNLABELLED
                        + "/)" : "") + " under exactly-one (semantic loss)" : " only"));
                ImageNetwork net = ImageNetwork.create(spec.convChannels(), train.channels(), train.rows(), train.cols(), List.of(),
                        classes, seed);
                Trainer.Trained trained = run.train(phase, net, () -> SemiSupervised.train(phase, net, train, split[0], split[1],
                        spec.training().batch(), spec.training().unlabelledBatch(), withKnowledge ? spec.knowledge().weight() : 0,
                        trainer(), seed, listener));
                run.putTrainingMetrics(phase, trained);
                ZeroShot.Result r = SemiSupervised.evaluate(net, test);
                (withKnowledge ? with : without)[s] = r.accuracy();
                add(confusion.get(withKnowledge ? "with exactly-one, all seeds" : "supervised only"), r.confusion());
                run.put(MetricName.acc(withKnowledge ? MetricName.KNOWLEDGE : MetricName.BASELINE).seed(seed), r.accuracy());
                listener.onStage(String.format(java.util.Locale.ROOT, "%s: test accuracy %.4f", phase, r.accuracy()));
            }
        }
        MeanInterval[] pair = compare(run, "labels" + spec.data().labelled(), with, without, spec.seed(), true);
        run.put(MetricName.SEEDS, seeds);
        run.plot("accuracy.png", f -> ImagePlots.accuracy(f, spec.name() + ": " + spec.data().labelled()
                + " labels (95% CI over " + seeds + " seeds)", Map.of(spec.data().labelled() + " labels", pair), 1.0 / classes));
        writeConfusion(run, knowledge, confusion);
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

}
