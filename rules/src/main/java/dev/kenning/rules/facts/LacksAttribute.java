package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A class none of whose instances shows an attribute ({@code k:lacksAttribute}, or an OWL
 * restriction such as {@code Sandal ⊑ ¬∃hasPart.Laces} mapped to it). A class described with
 * stated absences is read open-world: it lacks what it is said to lack, nothing more.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record LacksAttribute(String classIri, String attributeIri, List<SourceTriple> triples) implements ClassAttributeLink {

    public LacksAttribute {
        Objects.requireNonNull(classIri, "classIri");
        Objects.requireNonNull(attributeIri, "attributeIri");
        triples = List.copyOf(triples);
    }

    /** The absence inherited by a subclass: the parent's triples, then the subclass link's, without repeats. */
    public LacksAttribute(String classIri, String attributeIri, List<SourceTriple> because, List<SourceTriple> andBecause) {
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
