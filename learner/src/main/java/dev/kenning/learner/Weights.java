package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable weights of a SameDiff model: drawn from a seed with our own generator (so a run is
 * reproducible whatever ND4J's global random state is), and copied out and back for checkpoints.
 */
public final class Weights {
    private Weights() {
    }

    /** He-normal initialisation, drawn from {@code rnd}. */
    public static INDArray he(SplittableRandom rnd, int fanIn, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < v.length; i++) {
            double u = Math.max(rnd.nextDouble(), 1e-12);
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** The trainable arrays of {@code sd}, by name (copies). */
    public static Map<String, INDArray> snapshot(SameDiff sd) {
        Map<String, INDArray> copy = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                copy.put(v.name(), v.getArr().dup());
            }
        }
        return copy;
    }

    /** Puts a {@link #snapshot} back. */
    public static void restore(SameDiff sd, Map<String, INDArray> snapshot) {
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                v.getArr().assign(snapshot.get(v.name()));
            }
        }
    }
}
