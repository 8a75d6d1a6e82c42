package dev.kenning.engine;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * An exponential moving average of a graph's trainable weights (Polyak averaging, as
 * TensorFlow's {@code ExponentialMovingAverage} and PyTorch's {@code AveragedModel} keep it):
 * after step t each average moves to {@code d·average + (1 − d)·weight} with
 * d = min(decay, (1 + t) / (10 + t)), so the first steps are not pinned to the initial weights.
 * Training itself goes on from the raw weights; the average is what is measured and kept.
 */
final class WeightAverage implements AutoCloseable {
    private final SameDiff sd;
    private final double decay;
    private final Map<String, INDArray> average;

    /** An average starting from the weights {@code sd} has now; {@code decay} in (0, 1), as {@link TrainingLoop.Schedule} checks. */
    WeightAverage(SameDiff sd, double decay) {
        this.sd = sd;
        this.decay = decay;
        this.average = Checkpoints.snapshot(sd);
    }

    /** Moves the average toward the weights as they are after {@code step} steps (1 for the first). */
    void update(int step) {
        double d = Math.min(decay, (1.0 + step) / (10.0 + step));
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                INDArray a = average.get(v.name());
                a.muli(d);
                Nd4j.getBlasWrapper().level1().axpy(a.length(), 1 - d, v.getArr(), a);
            }
        }
    }

    /** The averaged weights, as a {@link Checkpoints#snapshot} holds them (the arrays stay this average's). */
    Map<String, INDArray> weights() {
        return average;
    }

    @Override
    public void close() {
        average.values().forEach(INDArray::close);
    }
}
