package dev.kenning.core;

import java.util.List;
import java.util.Objects;

/** Why a constraint exists: the rule that derived it and the graph statements it matched. */
public record Provenance(String rule, List<SourceTriple> triples) {
    public Provenance {
        Objects.requireNonNull(rule, "rule");
        triples = List.copyOf(triples);
    }
}
