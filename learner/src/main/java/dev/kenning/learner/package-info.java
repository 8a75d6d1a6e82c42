/**
 * The models and how they learn. Every model is a {@link dev.kenning.learner.Network} (a SameDiff
 * graph with its weights) trained by the one {@link dev.kenning.learner.Trainer} on named,
 * weighted terms, each its own SameDiff loss so every term is reported at every logged step.
 * The sequence regressor maps one frame to one number; {@link dev.kenning.learner.SequenceTraining}
 * reshapes a batch of whole sequences to [sequences, frames] for its
 * {@link dev.kenning.learner.LossTerm}s — constraint terms (label-free) or a supervised term.
 * The class tasks live in {@code images}.
 */
package dev.kenning.learner;
