/**
 * The knowledge graph: {@link dev.kenning.kg.KnowledgeBase} loads ontologies and scene
 * descriptions (Turtle, N-Triples, RDF/XML, JSON-LD) into Apache Jena and answers SPARQL.
 * A file that does not parse becomes an {@link dev.kenning.core.InputError} naming
 * {@code file:line:col} and leaves the graph as it was.
 */
package dev.kenning.kg;
