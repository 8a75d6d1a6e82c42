/**
 * Small plain types shared by every layer: {@link dev.kenning.core.ConstraintSpec} (what the
 * rules derive and the learner turns into a loss), its {@link dev.kenning.core.Provenance},
 * {@link dev.kenning.core.InputError}, the one error type a user's bad input becomes, and what
 * training reports to the layers above it ({@link dev.kenning.core.HistoryRow},
 * {@link dev.kenning.core.ProgressListener}, {@link dev.kenning.core.TrainingDivergedException}),
 * so front ends can follow a run without importing the learner.
 */
package dev.kenning.core;
