package dev.kenning.core;

/** One statement of the knowledge graph, kept as text so provenance outlives the store. */
public record SourceTriple(String subject, String predicate, String object) {
    @Override
    public String toString() {
        return subject + " " + predicate + " " + object;
    }
}
