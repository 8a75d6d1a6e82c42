package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * A class whose instances show an attribute to a degree strictly between 0 and 1 ({@code
 * k:attributeDegree [ k:attribute …; k:degree 0.7 ]}, as a continuous cell of an attribute
 * table says): a soft target for the attribute given the class.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record AttributeDegree(String classIri, String attributeIri, double degree, List<SourceTriple> triples) implements ClassAttributeLink {

    public AttributeDegree {
        Objects.requireNonNull(classIri, "classIri");
        Objects.requireNonNull(attributeIri, "attributeIri");
        if (!(degree > 0 && degree < 1)) {
            throw new IllegalArgumentException("degree must lie strictly between 0 and 1, got " + degree);
        }
        triples = List.copyOf(triples);
    }

    public String getClassIri() {
        return classIri;
    }

    public String getAttributeIri() {
        return attributeIri;
    }

    public double getDegree() {
        return degree;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
