package dev.kenning.learner;

import dev.kenning.constraints.Constraint;
import dev.kenning.constraints.FrameSteps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * A named, weighted scalar loss over a batch of sequences. Constraint terms read only the
 * model's outputs; the supervised term also reads the true values, so it is the only term a
 * label-free run cannot build. A term that {@code readsFrameSteps} (a law with a known
 * acceleration or frequency) is told which window takes which frame step; the others see one step.
 * A {@code law} term states a physical law (free fall, constant velocity …), as against the terms
 * that keep a law's trivial solutions out (spread, range).
 */
public record LossTerm(String name, double weight, boolean needsTruth, boolean readsFrameSteps, boolean law,
                       Builder builder) {

    /** A term that reads no time between frames and states no law. */
    public LossTerm(String name, double weight, boolean needsTruth, Builder builder) {
        this(name, weight, needsTruth, false, false, builder);
    }

    /**
     * Adds the unweighted term to the graph and returns it; {@code steps} says how far apart in the
     * footage the windows' frames are, for a term that reads the time between them.
     */
    @FunctionalInterface
    public interface Builder {
        SDVariable build(SameDiff sd, Map<String, SDVariable> outputs, SDVariable truth, int frames, FrameSteps steps,
                         String prefix);
    }

    /** The term of constraint {@code c}; {@code law} when its kind is a physical law. */
    public static LossTerm of(String name, double weight, Constraint c, boolean law) {
        return new LossTerm(name, weight, false, c.fixesTimeScale(), law, (sd, outputs, truth, frames, steps, prefix) -> {
            if (!outputs.containsKey(c.binding())) {
                throw new IllegalArgumentException("term '" + name + "' binds output '" + c.binding()
                        + "' but the model has outputs " + outputs.keySet());
            }
            return c.loss(sd, outputs, frames, prefix, steps);
        });
    }

    /** Mean squared error between the output and the true values: the supervised baseline. */
    public static LossTerm supervised(String output) {
        return new LossTerm("mse", 1.0, true, (sd, outputs, truth, frames, steps, prefix) -> {
            SDVariable diff = outputs.get(output).sub(truth);
            return diff.mul(diff).mean(prefix + "/loss");
        });
    }
}
