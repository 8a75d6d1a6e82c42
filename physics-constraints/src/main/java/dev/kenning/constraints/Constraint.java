package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/** One differentiable loss term over sequences of model outputs. */
public interface Constraint {

    /** The model output this term reads, e.g. "height". */
    String binding();

    /**
     * Adds this term to {@code sd} and returns its scalar loss (0 when satisfied).
     *
     * @param outputs each model output as a [sequences, frames] variable, by binding name
     * @param prefix  a name prefix unique to this term within the graph
     */
    SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix);
}
