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

    /**
     * As above, over windows whose frames are {@code steps} frames of the footage apart, which a
     * term reading the time between frames (a law's dt) follows window by window; the others ignore it.
     */
    default SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix, FrameSteps steps) {
        return loss(sd, outputs, frames, prefix);
    }

    /**
     * Throws {@link IllegalArgumentException} when windows whose frames are {@code step} frames of
     * the footage apart cannot hold the term (a swing faster than such frames can follow).
     */
    default void checkFrameStep(int step) {
    }

    /**
     * True when the term depends on how far apart in time the frames are (a law with a known
     * acceleration or frequency); false when it reads the same whatever the time unit, so windows
     * whose frames are taken at different steps train under one dt.
     */
    default boolean fixesTimeScale() {
        return false;
    }
}
