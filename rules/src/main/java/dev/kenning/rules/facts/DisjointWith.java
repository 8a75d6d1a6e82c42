package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Two classes no instance can belong to at once ({@code owl:disjointWith}, or two members of one
 * {@code owl:AllDisjointClasses} or {@code owl:disjointUnionOf}). Extraction inserts both orders,
 * so rules can specialise either side; the constraint rule keeps one.
 *
 * @param triples the graph statements behind this fact, in prefixed form
 */
public record DisjointWith(String first, String second, List<SourceTriple> triples) {

    public DisjointWith {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        triples = List.copyOf(triples);
    }

    /** A fact a rule derives from two others: their triples, in order, without repeats. */
    public DisjointWith(String first, String second, List<SourceTriple> because, List<SourceTriple> andBecause) {
        this(first, second, Stream.concat(because.stream(), andBecause.stream()).distinct().toList());
    }

    public String getFirst() {
        return first;
    }

    public String getSecond() {
        return second;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
