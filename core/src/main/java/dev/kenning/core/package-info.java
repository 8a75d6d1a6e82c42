/**
 * Small plain types shared by every layer: {@link dev.kenning.core.ConstraintSpec} (what the
 * rules derive and the learner turns into a loss), its {@link dev.kenning.core.Provenance},
 * and {@link dev.kenning.core.InputError}, the one error type a user's bad input becomes.
 */
package dev.kenning.core;
