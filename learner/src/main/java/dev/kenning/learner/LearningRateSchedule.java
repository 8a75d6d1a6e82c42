package dev.kenning.learner;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * How the learning rate changes over a training's steps ({@code training.lr_schedule}): held
 * ({@code constant}), or brought down from the spec's rate to 0 at the last step, along a straight
 * line ({@code linear}: lr·(1 − i/n) at step i of n, PyTorch's LinearLR to 0) or half a cosine
 * ({@code cosine}: lr·(1 + cos(π·i/n))/2, CosineAnnealingLR with eta_min 0). A decaying rate lets
 * the last steps settle the weights rather than jump between solutions.
 */
public enum LearningRateSchedule {
    CONSTANT, LINEAR, COSINE;

    public String key() {
        return SpecKeys.key(this);
    }

    /** The schedule named {@code key}, or an {@link IllegalArgumentException} listing those there are. */
    public static LearningRateSchedule of(String key) {
        return SpecKeys.of(values(), key, "training.lr_schedule");
    }

    /** The share of the starting rate at step {@code i} (from 0) of {@code steps}. */
    public double factor(int i, int steps) {
        double done = Math.min(1.0, Math.max(0, i) / (double) steps);
        return switch (this) {
            case CONSTANT -> 1.0;
            case LINEAR -> 1.0 - done;
            case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * done));
        };
    }

    /** The rate as ND4J's updater reads it, step by step. */
    ISchedule schedule(double learningRate, int steps) {
        return new Decay(key(), learningRate, steps);
    }

    /** ND4J's view of a schedule: the rate at an iteration (serialisable, as a saved graph's training config is). */
    static final class Decay implements ISchedule {
        @JsonProperty("schedule")
        private final String schedule;
        @JsonProperty("learningRate")
        private final double learningRate;
        @JsonProperty("steps")
        private final int steps;
        private final transient LearningRateSchedule resolved;

        @JsonCreator
        Decay(@JsonProperty("schedule") String schedule, @JsonProperty("learningRate") double learningRate,
              @JsonProperty("steps") int steps) {
            this.schedule = schedule;
            this.learningRate = learningRate;
            this.steps = steps;
            this.resolved = of(schedule);
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return learningRate * resolved.factor(iteration, steps);
        }

        @Override
        public ISchedule clone() {
            return new Decay(schedule, learningRate, steps);
        }
    }
}
