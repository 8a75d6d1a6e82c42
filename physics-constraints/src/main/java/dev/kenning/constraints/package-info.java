/**
 * Constraints as differentiable losses (ND4J SameDiff). The
 * {@link dev.kenning.constraints.ConstraintCatalogue} registers every kind a rule may derive once,
 * as a {@link dev.kenning.constraints.ConstraintKind}: what it binds and needs (parameters with
 * units), what it implies (sign fixed, output range) and how it becomes a loss — a
 * {@link dev.kenning.constraints.Constraint} over sequences of one output for laws and
 * anti-trivial terms, a formula shape for the logic kinds of {@code logic}.
 * {@link dev.kenning.constraints.DerivedConstraints} answers for one experiment's constraints, so
 * the workbench, the bench and the export never look at kind names themselves.
 */
package dev.kenning.constraints;
