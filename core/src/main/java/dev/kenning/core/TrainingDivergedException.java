package dev.kenning.core;

/** The loss became NaN or infinite. The model holds the weights of the last good checkpoint. */
public class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final int checkpointStep;

    public TrainingDivergedException(String phase, int step, int checkpointStep, double loss) {
        super(phase + ": training diverged at step " + step + " (loss " + loss + "); weights restored to the last"
                + " good checkpoint, step " + checkpointStep + ". Lower training.learning_rate or the constraint weights.");
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
