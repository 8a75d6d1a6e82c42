package dev.kenning.learner.images;

import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zero-shot recognition by direct attribute prediction (Lampert et al., CVPR 2009): the
 * attribute head learns from images of the seen classes only, taught by the knowledge — the
 * logic loss over [labels, attributes] — with no attribute label anywhere; an image of an unseen
 * class is then named by the unseen class whose attribute profile in the graph it fits best.
 */
public final class ZeroShot {
    private ZeroShot() {
    }

    public static Trainer.Trained train(String phase, ImageNetwork network, LabelledImages train, List<Integer> seenLabels,
                                             ClassKnowledge knowledge, int batch, Trainer trainer, long seed,
                                             ProgressListener progress) {
        SameDiff sd = network.graph();
        List<Trainer.Term> terms = List.of(new Trainer.Term("knowledge", FewShot.knowledgeLoss(sd, knowledge), 1.0));
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            if (seenLabels.contains(train.labels()[i])) {
                pool.add(i);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int classes = knowledge.classOutputs().size();
        return trainer.train(phase, phase, network, terms, Trainer.Inputs.features(List.of(ImageNetwork.INPUT, FewShot.CLASS_TRUTH)), step -> {
            int[] index = new int[batch];
            for (int i = 0; i < batch; i++) {
                index[i] = pool.get(rnd.nextInt(pool.size()));
            }
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(ImageNetwork.INPUT, network.batch(train, index));
            feed.put(FewShot.CLASS_TRUTH, FewShot.oneHot(train, index, classes));
            return feed;
        }, progress);
    }

    /** Accuracy among the unseen classes on their test images, with confusion counts [true][predicted]. */
    public record Result(double accuracy, int images, long[][] confusion) {
    }

    public static Result evaluate(ImageNetwork network, LabelledImages test, List<Integer> unseenLabels, ClassKnowledge knowledge,
                                  boolean[] usable) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (unseenLabels.contains(test.labels()[i])) {
                idx.add(i);
            }
        }
        int[] index = idx.stream().mapToInt(Integer::intValue).toArray();
        float[][] p = network.outputs(test, index, ImageNetwork.ATTRIBUTES).get(ImageNetwork.ATTRIBUTES);
        int[] candidates = unseenLabels.stream().mapToInt(Integer::intValue).toArray();
        int labels = knowledge.classOutputs().size();
        long[][] confusion = new long[labels][labels];
        int correct = 0;
        for (int i = 0; i < index.length; i++) {
            int predicted = candidates[FewShot.argmax(knowledge.profileLogLikelihood(p[i], candidates, usable))];
            int truth = test.labels()[index[i]];
            confusion[truth][predicted]++;
            if (predicted == truth) {
                correct++;
            }
        }
        return new Result(correct / (double) index.length, index.length, confusion);
    }
}
