/**
 * The engine under Kenning's training: ND4J and its native backend (the dependencies are declared
 * here), and the speed work that depends on how ND4J 1.0.0-M2.1 works inside rather than on its
 * public API, so that an ND4J upgrade has this one module to redo. It is the only module that
 * works SameDiff's machinery from inside: it subclasses M2.1's training session and array cache,
 * runs ops through the session's {@code doExec} with op contexts it keeps, and calls a protected
 * method by reflection. (Elsewhere {@code samediff.internal} types appear only where SameDiff's
 * public API hands them out: a graph's ops for the ONNX export, listener callbacks in the bench's
 * profile.)
 *
 * <p>What the layers above use is small: {@link dev.kenning.engine.NativeBackend#select()} picks
 * ND4J's native build before ND4J loads; {@link dev.kenning.engine.TrainingLoop#run} takes the
 * steps of a training phase (with its {@code Term}, {@code Schedule}, {@code Step} and
 * {@code Result} records) and {@link dev.kenning.engine.TrainingLoop#buildGradientsQuietly}
 * builds a graph's gradients; {@link dev.kenning.engine.PoolingWithoutOneDnn} is a listener a
 * model adds to its graph; {@link dev.kenning.engine.Checkpoints} copies a model's weights out
 * and back. The loop reports through core's {@link dev.kenning.core.ProgressListener},
 * {@link dev.kenning.core.HistoryRow} and {@link dev.kenning.core.TrainingDivergedException}.
 *
 * <p>Behind that API, package-private: the plan that replays a phase's first step without
 * SameDiff's session ({@code PlannedSteps}), the ops Kenning runs itself ({@code JavaKernels}:
 * max-pooling and the ReLU backward in Java, convolutions on oneDNN directly through
 * {@code OneDnnConvolutions}), and the array cache the session steps share. Each kernel takes
 * only the cases it is written for and leaves the rest to libnd4j: {@code JavaKernelsTest} holds
 * each to libnd4j's results, {@code TrainingLoopTest} a phase's weights to {@code fit()}'s, bit
 * for bit.
 */
package dev.kenning.engine;
