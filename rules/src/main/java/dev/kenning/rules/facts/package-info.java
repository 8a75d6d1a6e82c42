/**
 * The facts rules match on, read from the knowledge graph by
 * {@link dev.kenning.rules.facts.GraphFacts}: {@link dev.kenning.rules.facts.Observation}s and
 * the {@link dev.kenning.rules.facts.Law}s that govern them. Each fact keeps the triples it was
 * built from, so a derived constraint can say which statements of the graph it rests on.
 * Facts offer JavaBean getters because DRL constraints such as {@code Law( type == "FreeFall" )}
 * resolve fields through them.
 */
package dev.kenning.rules.facts;
