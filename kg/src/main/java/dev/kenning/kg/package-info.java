/**
 * The knowledge graph. {@link dev.kenning.kg.KnowledgeBase} is the one interface: a TDB2 store
 * in a workspace folder by default, memory for tests, or a remote SPARQL endpoint (read-only).
 * Files go into named graphs, one per file; queries, inference
 * ({@link dev.kenning.kg.Entailment}), SHACL validation ({@link dev.kenning.core.knowledge.ValidationReport})
 * and fact extraction see the union of all graphs. A file that does not parse becomes an
 * {@link dev.kenning.core.InputError} naming {@code file:line:col} and leaves the store as it was,
 * because every change is one transaction.
 */
package dev.kenning.kg;
