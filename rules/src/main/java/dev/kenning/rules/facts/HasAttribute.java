package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A class whose instances all show an attribute ({@code k:hasAttribute}), as stated or inherited
 * from a superclass; the triples show which.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record HasAttribute(String classIri, String attributeIri, List<SourceTriple> triples) implements ClassAttributeLink {

    public HasAttribute {
        Objects.requireNonNull(classIri, "classIri");
        Objects.requireNonNull(attributeIri, "attributeIri");
        triples = List.copyOf(triples);
    }

    /** A fact a rule derives from two others: their triples, in order, without repeats. */
    public HasAttribute(String classIri, String attributeIri, List<SourceTriple> because, List<SourceTriple> andBecause) {
        this(classIri, attributeIri, Stream.concat(because.stream(), andBecause.stream()).distinct().toList());
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
