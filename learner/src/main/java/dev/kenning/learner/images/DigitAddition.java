package dev.kenning.learner.images;

import dev.kenning.constraints.logic.FormulaCircuit;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Addition of handwritten numbers (Manhaeve et al., "DeepProbLog", NeurIPS 2018): an example is
 * two numbers of {@code digits} handwritten digits each — 2N images — labelled only with their
 * sum. With knowledge, a digit classifier learns from the sums alone: the loss is
 * −log P(formula | the observed sum), the exact probability on the formula's compiled circuit
 * ({@link FormulaCircuit}) that the classifier's digits add up to the label. The baseline sees the
 * same images and sums without the knowledge: a network predicting the sum from the 2N images
 * ({@link SumClassifier}).
 *
 * <p>Pairs: each epoch shuffles the training images (seeded) and cuts them into examples of 2N,
 * so no image is used twice within an epoch; the first N are the first number's digits, most
 * significant first ({@code a1 … aN}), the next N the second's ({@code b1 … bN}).
 */
public final class DigitAddition {
    /** The graph input of the observed sums: log one-hot, [examples, sums]. */
    static final String SUM_EVIDENCE = "sum_evidence";
    static final String SUM_TARGETS = "sum_targets";

    private DigitAddition() {
    }

    /** Examples of 2N image indices each, with the sum of their two numbers. */
    public record Examples(int[][] images, int[] sums) {
        public int size() {
            return sums.length;
        }
    }

    /** The circuit outputs a task of N-digit numbers provides: a1 … aN, b1 … bN (0..9) and sum. */
    public static List<String> outputNames(int digits) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (String number : List.of("a", "b")) {
            for (int k = 1; k <= digits; k++) {
                names.add(number + k);
            }
        }
        names.add("sum");
        return names;
    }

    /** The largest sum of two N-digit numbers: 2 (10^N − 1). */
    public static int maxSum(int digits) {
        return 2 * ((int) Math.pow(10, digits) - 1);
    }

    /**
     * One epoch's examples: the images shuffled by {@code rnd} and cut into groups of 2N; labels
     * are the digit values (label index = digit).
     */
    public static Examples examples(LabelledImages images, int digits, SplittableRandom rnd) {
        int n = images.size();
        int[] order = dev.kenning.learner.BatchPlan.shuffled(n, rnd);
        int per = 2 * digits;
        int count = n / per;
        int[][] groups = new int[count][per];
        int[] sums = new int[count];
        for (int e = 0; e < count; e++) {
            long a = 0;
            long b = 0;
            for (int k = 0; k < digits; k++) {
                groups[e][k] = order[e * per + k];
                groups[e][digits + k] = order[e * per + digits + k];
                a = 10 * a + images.labels()[groups[e][k]];
                b = 10 * b + images.labels()[groups[e][digits + k]];
            }
            sums[e] = (int) (a + b);
        }
        return new Examples(groups, sums);
    }

    /** The test examples of seed {@code seed}: the test images cut into examples by their own seeded draw. */
    public static Examples testExamples(LabelledImages test, int digits, long seed) {
        return examples(test, digits, new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /**
     * Batches of examples, epoch after epoch: each epoch's examples drawn by {@link #examples} from
     * one seeded generator, a new epoch when the next batch does not fit in the current one. Both
     * models (and the bench's PyTorch reference) see the same examples in the same order.
     */
    public static final class Epochs {
        private final LabelledImages images;
        private final int digits;
        private final int batch;
        private final SplittableRandom rnd;
        private Examples epoch;
        private int next;

        public Epochs(LabelledImages images, int digits, int batch, long seed) {
            this.images = images;
            this.digits = digits;
            this.batch = batch;
            this.rnd = new SplittableRandom(seed);
            this.epoch = examples(images, digits, rnd);
        }

        /** The next batch's examples. */
        public Examples next() {
            if (next + batch > epoch.size()) {
                epoch = examples(images, digits, rnd);
                next = 0;
            }
            int[][] groups = java.util.Arrays.copyOfRange(epoch.images(), next, next + batch);
            int[] sums = java.util.Arrays.copyOfRange(epoch.sums(), next, next + batch);
            next += batch;
            return new Examples(groups, sums);
        }
    }

    /** The images of examples {@code from … from + count − 1}, 2N per example in order, as one index list. */
    public static int[] flatten(Examples ex, int from, int count) {
        int per = ex.images()[0].length;
        int[] flat = new int[count * per];
        for (int e = 0; e < count; e++) {
            System.arraycopy(ex.images()[from + e], 0, flat, e * per, per);
        }
        return flat;
    }

    /**
     * Trains the digit classifier's class head from sums only, with the loss −log P(formula)
     * averaged over the batch. Epochs of fresh examples follow one another until the trainer's steps are taken.
     */
    public static Trainer.Trained trainWithFormula(String phase, ImageNetwork network, LabelledImages train, int digits,
                                                   FormulaCircuit circuit, int batch, Trainer trainer, long seed,
                                                   ProgressListener progress) {
        SameDiff sd = network.graph();
        int sums = maxSum(digits) + 1;
        SDVariable logits = sd.getVariable(ImageNetwork.CLASS_LOGITS);
        // [examples·2N, 10] → [examples, 2N·10]: row e holds its 2N digits' log-probabilities side by side
        SDVariable logP = FormulaCircuit.logSoftmax(sd, logits).reshape(-1, 2 * digits * 10);
        SDVariable evidence = sd.placeHolder(SUM_EVIDENCE, DataType.FLOAT, -1, sums);
        Map<String, SDVariable> outputs = new HashMap<>();
        List<String> names = outputNames(digits);
        for (int k = 0; k < 2 * digits; k++) {
            INDArray pick = Nd4j.zeros(DataType.FLOAT, 2 * digits * 10, 10);
            for (int v = 0; v < 10; v++) {
                pick.putScalar(k * 10 + v, v, 1.0);
            }
            outputs.put(names.get(k), logP.mmul(sd.constant("addition/pick_" + names.get(k), pick)));
        }
        outputs.put("sum", evidence);
        SDVariable loss = circuit.logProbability(sd, outputs, "addition/formula").mean().neg();
        Epochs epochs = new Epochs(train, digits, batch, seed);
        return trainer.train(phase, phase, network, List.of(new Trainer.Term("formula", loss, 1.0)),
                Trainer.Inputs.features(List.of(ImageNetwork.INPUT, SUM_EVIDENCE)), step -> {
                    Examples ex = epochs.next();
                    float[] e = new float[batch * sums];
                    java.util.Arrays.fill(e, (float) FormulaCircuit.LOG_ZERO);
                    for (int i = 0; i < batch; i++) {
                        e[i * sums + ex.sums()[i]] = 0;
                    }
                    Map<String, INDArray> feed = new HashMap<>();
                    feed.put(ImageNetwork.INPUT, network.batch(train, flatten(ex, 0, batch)));
                    feed.put(SUM_EVIDENCE, Nd4j.create(e, new long[]{batch, sums}, 'c'));
                    return feed;
                }, progress);
    }

    /** The baseline: the sum classifier trained by cross-entropy on the same examples' sums. */
    public static Trainer.Trained trainBaseline(String phase, SumClassifier network, LabelledImages train, int batch,
                                                Trainer trainer, long seed, ProgressListener progress) {
        SameDiff sd = network.graph();
        int digits = network.digits();
        int sums = network.sums();
        SDVariable targets = sd.placeHolder(SUM_TARGETS, DataType.FLOAT, -1, sums);
        SDVariable crossEntropy = targets.mul(FormulaCircuit.logSoftmax(sd, sd.getVariable(SumClassifier.SUM_LOGITS)))
                .sum(true, 1).mean().neg();
        Epochs epochs = new Epochs(train, digits, batch, seed);
        return trainer.train(phase, phase, network, List.of(new Trainer.Term("cross_entropy", crossEntropy, 1.0)),
                Trainer.Inputs.features(List.of(SumClassifier.INPUT, SUM_TARGETS)), step -> {
                    Examples ex = epochs.next();
                    float[] y = new float[batch * sums];
                    for (int i = 0; i < batch; i++) {
                        y[i * sums + ex.sums()[i]] = 1;
                    }
                    Map<String, INDArray> feed = new HashMap<>();
                    feed.put(SumClassifier.INPUT, network.batch(train, flatten(ex, 0, batch)));
                    feed.put(SUM_TARGETS, Nd4j.create(y, new long[]{batch, sums}, 'c'));
                    return feed;
                }, progress);
    }

    /** Accuracy of the digit classifier on single test digits, and of the sums it reads off test examples. */
    public record Scores(double digitAccuracy, double sumAccuracy, int digitsTested, int examplesTested,
                         long[][] confusion) {
    }

    /**
     * The digit classifier on every test image, and on {@code test} examples: a sum is right when the
     * numbers read digit by digit (each digit its most probable class) add up to the label.
     */
    public static Scores evaluate(ImageNetwork network, LabelledImages images, Examples test) {
        int[] all = new int[images.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[][] logits = network.outputs(images, all, ImageNetwork.CLASS_LOGITS).get(ImageNetwork.CLASS_LOGITS);
        int[] predicted = new int[all.length];
        long[][] confusion = new long[10][10];
        int correct = 0;
        for (int i = 0; i < all.length; i++) {
            double[] v = new double[logits[i].length];
            for (int c = 0; c < v.length; c++) {
                v[c] = logits[i][c];
            }
            predicted[i] = FewShot.argmax(v);
            confusion[images.labels()[i]][predicted[i]]++;
            correct += predicted[i] == images.labels()[i] ? 1 : 0;
        }
        int digits = test.images()[0].length / 2;
        int right = 0;
        for (int e = 0; e < test.size(); e++) {
            long a = 0;
            long b = 0;
            for (int k = 0; k < digits; k++) {
                a = 10 * a + predicted[test.images()[e][k]];
                b = 10 * b + predicted[test.images()[e][digits + k]];
            }
            right += a + b == test.sums()[e] ? 1 : 0;
        }
        return new Scores(correct / (double) all.length, right / (double) test.size(), all.length, test.size(), confusion);
    }

    /** The baseline's accuracy on the test examples' sums. */
    public static double evaluate(SumClassifier network, LabelledImages images, Examples test) {
        int right = 0;
        for (int start = 0; start < test.size(); start += 100) {
            int count = Math.min(100, test.size() - start);
            try (INDArray x = network.batch(images, flatten(test, start, count))) {
                INDArray logits = network.graph().output(Map.of(SumClassifier.INPUT, x), SumClassifier.SUM_LOGITS)
                        .get(SumClassifier.SUM_LOGITS);
                INDArray best = logits.argMax(1);
                for (int i = 0; i < count; i++) {
                    right += best.getInt(i) == test.sums()[start + i] ? 1 : 0;
                }
            }
        }
        return right / (double) test.size();
    }
}
