/**
 * Logic as loss: truth values in [0, 1] (a classifier's or attribute head's probabilities, or
 * the labels where they are known) combined by a fuzzy {@link dev.kenning.constraints.logic.Semantics}
 * — product, Gödel or Łukasiewicz — into the truth of a rule, whose shortfall from 1 is the loss;
 * and the exactly-one constraint by its exact semantic loss (Xu et al., ICML 2018). The rule
 * packs derive which formulas hold (taxonomy, disjointness, class ⇔ attributes); this package
 * makes each one differentiable. A sibling of the physical laws one package up: the same
 * ConstraintSpecs, over per-example truth values instead of sequences.
 */
package dev.kenning.constraints.logic;
