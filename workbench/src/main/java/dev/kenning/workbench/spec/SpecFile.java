package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;

import java.nio.file.Path;

/**
 * An experiment spec of any kind, as front ends hold one: a sequence-regression
 * {@link ExperimentSpec}, an image-task {@link ImageTaskSpec} ({@code task:} few-shot,
 * zero-shot or semi-supervised) or an {@link AdditionSpec} ({@code task: addition}). {@link #load(Path)} reads the file's {@code task} to decide.
 */
public sealed interface SpecFile permits ExperimentSpec, ImageTaskSpec, AdditionSpec {
    Path source();

    String name();

    long seed();

    SpecFile withSeed(long seed);

    /** The ontologies and rule packs the constraints are derived from. */
    ExperimentSpec.Knowledge knowledgeSources();

    /**
     * The frames per second of the data, which an observation whose scene states no
     * {@code k:frameRate} takes (the camera's frame rate set in one place, the spec); null when the
     * task has no frames in time.
     */
    default Double dataFrameRate() {
        return null;
    }

    /** Files the spec reads besides its knowledge and its data (the held-out classes named in a file). */
    default java.util.List<Path> otherInputs() {
        return java.util.List.of();
    }

    /** The spec with every default filled in, as a run folder's spec.yaml records it. */
    java.util.Map<String, Object> resolved();

    /** How many models a run trains one after another. */
    int trainings();

    /**
     * How many stages a front end splits its progress bar into: one per training, and for
     * few-shot one more for the test episodes ({@link dev.kenning.workbench.RunListener#onTesting}).
     */
    default int stages() {
        return trainings();
    }

    /**
     * Refuses a first seed whose last training's seed ({@code seed + trainings − 1}) would pass
     * 2⁶³−1 and wrap to a negative one, at {@code where}, naming the largest allowed.
     */
    static void requireSeedsFit(long seed, int trainings, String where) {
        long largest = Long.MAX_VALUE - (trainings - 1);
        if (seed > largest) {
            throw new InputError(where, "'seed' " + seed + " is too large for " + trainings + " trainings (seed … seed + "
                    + (trainings - 1) + "): at most " + largest);
        }
    }

    /** Reads {@code file} as an image task or addition when its {@code task} says so, else as a sequence experiment. */
    static SpecFile load(Path file) {
        return load(file, java.util.Map.of());
    }

    /**
     * The same with values replaced by key path ({@code knowledge.semantics → godel}) before the
     * file is read, so a bad key or value is refused exactly as if the file said it.
     */
    static SpecFile load(Path file, java.util.Map<String, String> overrides) {
        if (AdditionSpec.isAddition(file)) {
            return AdditionSpec.load(file, overrides);
        }
        return ImageTaskSpec.isImageTask(file) ? ImageTaskSpec.load(file, overrides) : ExperimentSpec.load(file, overrides);
    }
}
