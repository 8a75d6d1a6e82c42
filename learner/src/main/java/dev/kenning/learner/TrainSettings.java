package dev.kenning.learner;

/**
 * How to train: {@code steps} Adam updates at {@code learningRate}, each on
 * {@code batchSequences} whole sequences; progress every {@code logEvery} steps; an in-memory
 * checkpoint of the weights every {@code checkpointEvery} steps, restored if training diverges.
 */
public record TrainSettings(int steps, int batchSequences, double learningRate, long seed,
                            int logEvery, int checkpointEvery) {
    public TrainSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (batchSequences < 1) {
            throw new IllegalArgumentException("batch must be >= 1 sequence, got " + batchSequences);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (logEvery < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("log_every and checkpoint_every must be >= 1");
        }
    }
}
