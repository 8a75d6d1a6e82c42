package dev.kenning.workbench;

import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.workbench.spec.AdditionSpec;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

/**
 * One kind of experiment. A task is made from its spec; {@link #plan} checks the spec against
 * what the rules derived and prepares the data — everything a user can get wrong fails there,
 * before a run folder exists — and the plan's {@link Plan#run} trains and evaluates into a
 * {@link RunContext}. {@link Workbench#run} does the rest for every task alike: it derives the
 * knowledge, creates the run folder, writes the spec, constraints, history, loss plot, metrics
 * and status, and records the run.
 *
 * <p>The tasks: {@link SequenceRegressionTask} (label-free from laws, beside a supervised
 * baseline), {@link FewShotTask}, {@link ZeroShotTask}, {@link SemiSupervisedTask} and
 * {@link AdditionTask} (a digit classifier learnt from sums through a compiled formula). A new kind
 * of experiment is one more implementation and one more case in {@link #of} (docs/architecture.md).
 */
public interface Task {

    /** Checks the spec against the derived knowledge and prepares the data; writes nothing. */
    Plan plan(DerivedKnowledge knowledge, RunListener listener);

    /** A task ready to run: inputs checked, data in memory. */
    @FunctionalInterface
    interface Plan {
        /**
         * Trains and evaluates, writing models, task plots and metrics through {@code run}.
         *
         * @throws RunCancelledException when the listener cancelled it
         */
        void run(RunContext run);
    }

    /** The task a spec describes; an image task reading a folder keeps its decoded images in {@code imageCache}. */
    static Task of(SpecFile spec, DecodedImageCache imageCache) {
        if (spec instanceof ExperimentSpec sequence) {
            return new SequenceRegressionTask(sequence, imageCache);
        }
        if (spec instanceof AdditionSpec addition) {
            return new AdditionTask(addition, imageCache);
        }
        ImageTaskSpec image = (ImageTaskSpec) spec;
        return switch (image.task()) {
            case "few-shot" -> new FewShotTask(image, imageCache);
            case "zero-shot" -> new ZeroShotTask(image, imageCache);
            case "semi-supervised" -> new SemiSupervisedTask(image, imageCache);
            default -> throw new IllegalStateException("ImageTaskSpec admitted task '" + image.task() + "'");
        };
    }
}
