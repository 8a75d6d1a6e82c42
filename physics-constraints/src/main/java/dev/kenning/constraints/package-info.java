/**
 * Differentiable constraints built with ND4J SameDiff. A {@link dev.kenning.constraints.Constraint}
 * turns one derived {@link dev.kenning.core.ConstraintSpec} into a scalar loss over the model's
 * per-frame outputs; {@link dev.kenning.constraints.ConstraintRegistry} maps a spec's kind to its
 * implementation, so a new rule can use any registered kind without Java changes.
 */
package dev.kenning.constraints;
