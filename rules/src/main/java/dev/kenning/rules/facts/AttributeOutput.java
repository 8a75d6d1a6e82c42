package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * An attribute a model scores ({@code k:outputName "attr:heel"}).
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record AttributeOutput(String attributeIri, String output, List<SourceTriple> triples) {

    public AttributeOutput {
        Objects.requireNonNull(attributeIri, "attributeIri");
        Objects.requireNonNull(output, "output");
        triples = List.copyOf(triples);
    }

    public String getAttributeIri() {
        return attributeIri;
    }

    public String getOutput() {
        return output;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
