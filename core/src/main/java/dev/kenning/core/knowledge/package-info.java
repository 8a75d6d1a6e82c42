/**
 * What the knowledge store answers, as plain data the front ends can hold without Jena: a SHACL
 * {@link dev.kenning.core.knowledge.ValidationReport} with its
 * {@link dev.kenning.core.knowledge.Violation}s, and how a class name matched WordNet
 * ({@link dev.kenning.core.knowledge.WordNetMatch}). The kg module produces them.
 */
package dev.kenning.core.knowledge;
