package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Arrays;

/**
 * How far apart in the footage the frames of a batch's windows are: {@code steps[k]} frames (so
 * {@code steps[k]·dt} seconds under a law), and, when there is more than one step, which window
 * takes which: {@code choice} is a [windows, steps] input whose row holds a 1 in its step's column
 * and 0 elsewhere. A clip too short for the step the others take is windowed at a smaller one, and
 * trains beside them.
 */
public record FrameSteps(int[] steps, SDVariable choice) {
    public FrameSteps {
        if (steps.length == 0 || Arrays.stream(steps).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("frame steps must be one or more steps >= 1, got " + Arrays.toString(steps));
        }
        if ((steps.length > 1) != (choice != null)) {
            throw new IllegalArgumentException("windows at " + steps.length + " frame steps need "
                    + (steps.length > 1 ? "an input choosing each window's" : "no input choosing one"));
        }
        steps = steps.clone();
    }

    /** Every window takes its frames {@code step} frames apart. */
    public static FrameSteps one(int step) {
        return new FrameSteps(new int[]{step}, null);
    }

    /** The largest step. */
    public int largest() {
        return Arrays.stream(steps).max().orElseThrow();
    }
}
