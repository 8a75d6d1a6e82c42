package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SameDiff;

import java.nio.file.Path;

/**
 * A model as a SameDiff graph holding its weights: what {@link Trainer} trains and a run folder
 * saves. Both model families implement it — the per-frame regressor of the sequence tasks
 * ({@link SequenceRegressor}) and the image network of the class tasks
 * ({@link dev.kenning.learner.images.ImageNetwork}).
 */
public interface Network {
    SameDiff graph();

    /** Saves the graph with its weights to {@code file} (SameDiff's FlatBuffers format, {@code .sdz}). */
    void save(Path file);
}
