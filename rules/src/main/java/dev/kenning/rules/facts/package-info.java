/**
 * The facts rules match on, read from the knowledge graph. {@link dev.kenning.rules.facts.GraphFacts}
 * reads the physics: {@link dev.kenning.rules.facts.Observation}s and the
 * {@link dev.kenning.rules.facts.Law}s that govern them. {@link dev.kenning.rules.facts.ClassFacts}
 * reads what classifiers are told: {@link dev.kenning.rules.facts.SubclassOf},
 * {@link dev.kenning.rules.facts.DisjointWith}, {@link dev.kenning.rules.facts.HasAttribute}, and
 * which classes and attributes model outputs score ({@link dev.kenning.rules.facts.ClassOutput},
 * {@link dev.kenning.rules.facts.AttributeOutput}). Each fact keeps the triples it was built from,
 * and facts rules derive (an inherited attribute) keep the triples of every step, so a derived
 * constraint can say which statements of the graph it rests on. Facts offer JavaBean getters
 * because DRL constraints such as {@code Law( type == "FreeFall" )} resolve fields through them.
 */
package dev.kenning.rules.facts;
