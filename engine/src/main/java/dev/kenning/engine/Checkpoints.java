package dev.kenning.engine;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * In-memory checkpoints of a SameDiff model's trainable weights: copied out, and copied back when
 * training diverges.
 */
public final class Checkpoints {
    private Checkpoints() {
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
