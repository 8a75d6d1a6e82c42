package dev.kenning.learner.images;

import dev.kenning.datasets.LabelledImages;
import dev.kenning.engine.PoolingWithoutOneDnn;
import dev.kenning.learner.ConvTrunk;
import dev.kenning.learner.Network;
import dev.kenning.learner.Weights;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The addition baseline without knowledge: the 2N digit images of an example go through one
 * shared conv trunk (the digit classifier's), their embeddings side by side into a hidden layer of
 * {@value #HIDDEN} ReLU units and a softmax over the 2(10^N − 1) + 1 sums — the same supervision
 * as {@link DigitAddition}'s formula loss, learnt end to end.
 */
public final class SumClassifier implements Network {
    public static final String INPUT = "images";
    public static final String SUM_LOGITS = "sum_logits";
    static final int HIDDEN = 128;

    private final SameDiff sd;
    private final int digits;
    private final int sums;
    private final int rows;
    private final int cols;

    private SumClassifier(SameDiff sd, int digits, int sums, int rows, int cols) {
        this.sd = sd;
        this.digits = digits;
        this.sums = sums;
        this.rows = rows;
        this.cols = cols;
    }

    /** How many weights {@link #create} makes for these shapes: the trunk, the hidden layer and the sums. */
    public static long parameters(List<Integer> convChannels, int digits, int rows, int cols) {
        ConvTrunk.Size trunk = ConvTrunk.size(1, rows, cols, convChannels, java.util.Collections.nCopies(convChannels.size(), 3));
        long width = 2L * digits * trunk.flat();
        int sums = DigitAddition.maxSum(digits) + 1;
        return trunk.parameters() + width * HIDDEN + HIDDEN + (long) HIDDEN * sums + sums;
    }

    public static SumClassifier create(List<Integer> convChannels, int digits, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 1, rows, cols);
        ConvTrunk.Output trunk = ConvTrunk.build(sd, x, 1, rows, cols, convChannels, rnd);
        int width = 2 * digits * trunk.flat();
        SDVariable joined = trunk.features().reshape(-1, width);
        int sums = DigitAddition.maxSum(digits) + 1;
        SDVariable w1 = sd.var("sum/W1", Weights.he(rnd, width, width, HIDDEN));
        SDVariable b1 = sd.var("sum/b1", Nd4j.zeros(DataType.FLOAT, 1, HIDDEN));
        SDVariable hidden = sd.nn().relu(joined.mmul(w1).add(b1), 0);
        SDVariable w2 = sd.var("sum/W2", Weights.he(rnd, HIDDEN, HIDDEN, sums).muli(0.1));
        SDVariable b2 = sd.var("sum/b2", Nd4j.zeros(DataType.FLOAT, 1, sums));
        hidden.mmul(w2).add(SUM_LOGITS, b2);
        sd.addListeners(new PoolingWithoutOneDnn());
        return new SumClassifier(sd, digits, sums, rows, cols);
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    @Override
    public void save(Path file) {
        sd.save(file.toFile(), true);
    }

    public int digits() {
        return digits;
    }

    public int sums() {
        return sums;
    }

    /** The images at {@code index} (2N per example, in order) as one NCHW batch. */
    public INDArray batch(LabelledImages data, int[] index) {
        return ImageNetwork.batch(data, index, 1, rows, cols);
    }
}
