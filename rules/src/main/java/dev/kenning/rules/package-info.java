/**
 * The rule engine: a {@link dev.kenning.rules.RuleBook} compiles DRL packs with Drools and
 * derives {@link dev.kenning.core.ConstraintSpec}s from facts read out of the knowledge graph
 * (package {@code dev.kenning.rules.facts}). Knowledge decides the constraints; code only
 * carries them. DRL errors and runaway rules become {@link dev.kenning.core.InputError}s that
 * name the user's file and line or the rule. Packs are code: {@link dev.kenning.rules.PackTrust}
 * says which may run by where they come from, and every pack is held to an allow-list of what a
 * rule may use before it is compiled.
 */
package dev.kenning.rules;
