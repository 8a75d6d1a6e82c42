package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An {@code rdfs:subClassOf} link between two named classes: every instance of {@code child} is
 * one of {@code parent}. The taxonomy pack turns it into an implication between the classes'
 * outputs; the attributes pack passes attributes down it.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record SubclassOf(String child, String parent, List<SourceTriple> triples) {

    public SubclassOf {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(parent, "parent");
        triples = List.copyOf(triples);
    }

    /** A fact a rule derives from two others: their triples, in order, without repeats. */
    public SubclassOf(String child, String parent, List<SourceTriple> because, List<SourceTriple> andBecause) {
        this(child, parent, Stream.concat(because.stream(), andBecause.stream()).distinct().toList());
    }

    public String getChild() {
        return child;
    }

    public String getParent() {
        return parent;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
