package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * A class that is one of a labelled dataset's labels ({@code k:labelIndex}), with the output that
 * scores it: the classes every image of such a dataset shows exactly one of.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record LabelIndex(String classIri, String output, int index, List<SourceTriple> triples) {

    public LabelIndex {
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

    public int getIndex() {
        return index;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
