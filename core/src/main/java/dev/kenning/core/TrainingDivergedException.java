package dev.kenning.core;

/**
 * The loss became NaN or infinite, or exploded (grew by orders of magnitude while staying finite).
 * The model holds the weights of the last good checkpoint.
 */
public class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final int checkpointStep;

    public TrainingDivergedException(String phase, int step, int checkpointStep, double loss) {
        super(phase + ": training diverged at step " + step + " (loss " + loss + "); weights restored to the last"
                + " good checkpoint, step " + checkpointStep + ". Lower training.learning_rate or the constraint weights.");
        this.step = step;
        this.checkpointStep = checkpointStep;
    }

    /**
     * The loss stayed finite but exploded: {@code term} grew to {@code value} from {@code initial}
     * before the first step, and the whole loss to more than {@code factor} times its start.
     */
    public TrainingDivergedException(String phase, int step, int checkpointStep, String term, double value,
                                     double initial, double factor) {
        super(phase + ": training exploded at step " + step + ": the loss grew more than " + String.format(java.util.Locale.ROOT,
                "%.0e", factor) + " times its size at the start, most of it in the term '" + term + "' ("
                + String.format(java.util.Locale.ROOT, "%.3g", initial) + " before the first step, "
                + String.format(java.util.Locale.ROOT, "%.3g", value) + " now); weights restored to the last good"
                + " checkpoint, step " + checkpointStep + ". Lower training.learning_rate or the constraint weights.");
        this.step = step;
        this.checkpointStep = checkpointStep;
    }

    public int step() {
        return step;
    }

    public int checkpointStep() {
        return checkpointStep;
    }
}
