package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * A class a model scores, and the name of that output ({@code k:outputName "class:sandal"}).
 * Constraints bind output names, never IRIs.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record ClassOutput(String classIri, String output, List<SourceTriple> triples) {

    public ClassOutput {
        Objects.requireNonNull(classIri, "classIri");
        Objects.requireNonNull(output, "output");
        triples = List.copyOf(triples);
    }

    public String getClassIri() {
        return classIri;
    }

    public String getOutput() {
        return output;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
