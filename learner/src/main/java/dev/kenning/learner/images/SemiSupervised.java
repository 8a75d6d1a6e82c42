package dev.kenning.learner.images;

import dev.kenning.constraints.logic.FormulaCircuit;
import dev.kenning.constraints.logic.SemanticLoss;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Semi-supervised classification (Xu et al., ICML 2018, section 5.1): cross-entropy on the few
 * labelled images, plus — with knowledge — the exactly-one semantic loss on unlabelled ones,
 * over the class outputs the labels pack bound in label order. Each step takes a batch of
 * labelled and, with knowledge, a batch of unlabelled images.
 */
public final class SemiSupervised {
    static final String TARGETS = "targets";
    static final String LABELLED = "labelled_rows";

    private SemiSupervised() {
    }

    /**
     * @param exactlyOneWeight 0 for the supervised-only baseline (no unlabelled images are fed)
     */
    public static Trainer.Trained train(String phase, ImageNetwork network, LabelledImages train, int[] labelled,
                                             int[] unlabelled, int labelledBatch, int unlabelledBatch, double exactlyOneWeight,
                                             Trainer trainer, long seed, ProgressListener progress) {
        SameDiff sd = network.graph();
        int classes = network.classes();
        SDVariable logits = sd.getVariable(ImageNetwork.CLASS_LOGITS);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.FLOAT, -1, classes);
        SDVariable rows = sd.placeHolder(LABELLED, DataType.FLOAT, -1, 1);
        SDVariable logSoftmax = FormulaCircuit.logSoftmax(sd, logits);
        SDVariable crossEntropy = targets.mul(logSoftmax).sum(true, 1).mul(rows).sum().div(rows.sum()).neg();
        List<Trainer.Term> terms = new ArrayList<>();
        terms.add(new Trainer.Term("cross_entropy", crossEntropy, 1.0));
        boolean semantic = exactlyOneWeight > 0;
        if (semantic) {
            SDVariable others = rows.rsub(1.0);
            SDVariable sl = SemanticLoss.exactlyOne(sd, logits).mul(others).sum().div(others.sum());
            terms.add(new Trainer.Term("exactly_one", sl, exactlyOneWeight));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int perStep = labelledBatch + (semantic ? unlabelledBatch : 0);
        return trainer.train(phase, phase, network, terms, Trainer.Inputs.features(List.of(ImageNetwork.INPUT, TARGETS, LABELLED)), step -> {
            int[] index = new int[perStep];
            float[] mask = new float[perStep];
            float[] y = new float[perStep * classes];
            for (int i = 0; i < perStep; i++) {
                if (i < labelledBatch) {
                    index[i] = labelled[rnd.nextInt(labelled.length)];
                    mask[i] = 1;
                    y[i * classes + train.labels()[index[i]]] = 1;
                } else {
                    index[i] = unlabelled[rnd.nextInt(unlabelled.length)];
                }
            }
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(ImageNetwork.INPUT, network.batch(train, index));
            feed.put(TARGETS, Nd4j.create(y, new long[]{perStep, classes}, 'c'));
            feed.put(LABELLED, Nd4j.create(mask, new long[]{perStep, 1}, 'c'));
            return feed;
        }, progress);
    }

    /** Test accuracy and confusion counts [true][predicted]. */
    public static ZeroShot.Result evaluate(ImageNetwork network, LabelledImages test) {
        int[] index = new int[test.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        float[][] logits = network.outputs(test, index, ImageNetwork.CLASS_LOGITS).get(ImageNetwork.CLASS_LOGITS);
        int classes = network.classes();
        long[][] confusion = new long[classes][classes];
        int correct = 0;
        for (int i = 0; i < index.length; i++) {
            double[] v = new double[classes];
            for (int c = 0; c < classes; c++) {
                v[c] = logits[i][c];
            }
            int predicted = FewShot.argmax(v);
            confusion[test.labels()[i]][predicted]++;
            if (predicted == test.labels()[i]) {
                correct++;
            }
        }
        return new ZeroShot.Result(correct / (double) index.length, index.length, confusion);
    }
}
