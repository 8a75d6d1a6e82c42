/**
 * The rule engine: a {@link dev.kenning.rules.RuleBook} compiles DRL packs with Drools and
 * derives {@link dev.kenning.core.ConstraintSpec}s from facts read out of the knowledge graph
 * (package {@code dev.kenning.rules.facts}). Knowledge decides the constraints; code only
 * carries them. DRL errors and runaway rules become {@link dev.kenning.core.InputError}s that
 * name the user's file and line or the rule.
 */
package dev.kenning.rules;
