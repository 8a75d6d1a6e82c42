package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * A class some of whose instances show an attribute and some do not ({@code k:mayHaveAttribute}):
 * the exception to reading a class's attribute list closed-world.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record MayHaveAttribute(String classIri, String attributeIri, List<SourceTriple> triples) implements ClassAttributeLink {

    public MayHaveAttribute {
        Objects.requireNonNull(classIri, "classIri");
        Objects.requireNonNull(attributeIri, "attributeIri");
        triples = List.copyOf(triples);
    }

    public String getClassIri() {
        return classIri;
    }

    public String getAttributeIri() {
        return attributeIri;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
