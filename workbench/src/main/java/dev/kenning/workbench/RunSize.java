package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.SumClassifier;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How much disk a run will take, worked out from its spec before anything is trained, and the
 * check that the output folder's file system has that much room ({@link #checkRoom}). An upper bound: each model
 * is saved with its optimiser's state (Adam keeps two numbers per weight: 12 bytes a weight, as the
 * saved {@code .sdz} files measure) plus the graph; a run that diverges also keeps one checkpoint;
 * history.csv has a row per logged step; the plots, the report (which holds the plots again) and the
 * small JSON and YAML files fit in {@link #FIXED_BYTES}.
 *
 * @param models         how many models the run trains ({@link SpecFile#trainings()}), at least as many
 *                       as it saves (label-free restarts overwrite one file, or keep one each when
 *                       averaged)
 * @param bytesPerModel  the largest model's file
 * @param historyRows    rows of history.csv over all trainings
 */
public record RunSize(int models, long bytesPerModel, long historyRows) {
    /** A weight and Adam's two moments, as float32. */
    static final long BYTES_PER_WEIGHT = 12;
    /** The graph's structure in a saved model. */
    static final long GRAPH_BYTES = 64 * 1024;
    /** A row of history.csv: the phase, the step, a dozen loss terms, total and speed. */
    static final long HISTORY_ROW_BYTES = 512;
    /** Plots, report, spec, constraints, metrics and status. */
    static final long FIXED_BYTES = 4L << 20;
    /** Room left over, so that the run does not fill the disk for everything else on it. */
    static final long MARGIN_BYTES = 16L << 20;
    /** An attribute head's width when the spec alone cannot tell how many attributes the rules derive. */
    static final int MAX_ATTRIBUTES = 64;

    /** Models, one checkpoint, history and the fixed files. */
    public long bytes() {
        return (models + 1L) * bytesPerModel + historyRows * HISTORY_ROW_BYTES + FIXED_BYTES;
    }

    /** The size of a run of {@code spec}. */
    public static RunSize of(SpecFile spec) {
        if (spec instanceof ExperimentSpec s) {
            ExperimentSpec.Model m = s.model();
            ModelSpec model = m.network("output", 0);
            int size = s.data().imageSize();
            return new RunSize(s.trainings(), modelBytes(SequenceRegressor.parameters(model, 3, size, size)),
                    (long) s.trainings() * (s.training().steps() / s.training().logEvery() + 2));
        }
        if (spec instanceof AdditionSpec s) {
            long largest = Math.max(ImageNetwork.parameters(s.convChannels(), 1, 28, 28, 0, 10),
                    s.baseline() ? SumClassifier.parameters(s.convChannels(), s.digits(), 28, 28) : 0);
            // at most MNIST's 70 000 images, 2 × digits of them per example
            long steps = (long) s.epochs() * (70_000 / (2L * s.digits()) / s.batch() + 1);
            return new RunSize(s.trainings(), modelBytes(largest), (long) s.trainings() * (steps / s.logEvery() + 2));
        }
        ImageTaskSpec s = (ImageTaskSpec) spec;
        ImageTaskSpec.Data d = s.data();
        boolean folder = d.dataset().equals("folder");
        int size = folder ? d.imageSize() : 28;
        int classes = folder ? subfolders(d.path()) : 10;
        return new RunSize(s.trainings(), modelBytes(ImageNetwork.parameters(s.convChannels(), d.channels(), size, size,
                MAX_ATTRIBUTES, classes)), (long) s.trainings() * (s.training().steps() / s.training().logEvery() + 2));
    }

    private static long modelBytes(long parameters) {
        return parameters * BYTES_PER_WEIGHT + GRAPH_BYTES;
    }

    /** An image folder's classes (its subfolders, split folders included): an upper bound on the class head. */
    private static int subfolders(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return (int) s.filter(Files::isDirectory).count();
        } catch (IOException | RuntimeException e) {
            return 0; // the data's own check names the folder
        }
    }

    /**
     * Refuses the run before training when the file system {@code out} would be written to has
     * less usable space than the run's size and {@link #MARGIN_BYTES}.
     *
     * @throws InputError naming the estimate and the free space
     */
    public void checkRoom(Path out) {
        checkRoom(out, usableSpace(out));
    }

    /** The same, given the usable space (a test's own number; -1 when it cannot be read, which passes). */
    void checkRoom(Path out, long usable) {
        if (usable >= 0 && usable < bytes() + MARGIN_BYTES) {
            throw new InputError(out.toString(), String.format(Locale.ROOT, "not enough free disk for this run: it needs about"
                    + " %s (%d model(s) of up to %s, a checkpoint, %d rows of history, plots and report) and %s to spare,"
                    + " but the file system has %s free; free some space or choose another --out", megabytes(bytes()),
                    models, megabytes(bytesPerModel), historyRows, megabytes(MARGIN_BYTES), megabytes(usable)));
        }
    }

    /** The usable space of the file system holding {@code out}, or of its nearest existing parent; -1 if none can be read. */
    static long usableSpace(Path out) {
        for (Path p = out.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p).getUsableSpace();
                } catch (IOException e) {
                    // in a chroot the mount table names no file store for the path; statvfs still answers
                    long usable = p.toFile().getUsableSpace();
                    return usable > 0 ? usable : -1;
                }
            }
        }
        return -1;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, bytes < (10L << 20) ? "%.1f MB" : "%.0f MB", bytes / 1e6);
    }
}
