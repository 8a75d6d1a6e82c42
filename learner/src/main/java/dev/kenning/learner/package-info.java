/**
 * SameDiff models and their training. A model maps one frame to one number per output; the
 * trainer reshapes a batch of whole sequences to [sequences, frames] and adds weighted
 * {@link dev.kenning.learner.LossTerm}s — constraint terms (label-free) or a supervised term —
 * each registered as its own SameDiff loss so every term is reported at every step. The steps
 * themselves are the engine's ({@link dev.kenning.engine.TrainingLoop}).
 */
package dev.kenning.learner;
