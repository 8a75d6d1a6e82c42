package dev.kenning.rules.facts;

import dev.kenning.core.Quantity;
import dev.kenning.core.SourceTriple;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A law with its parameters as the graph states them: {@code k:EarthFreeFall a k:FreeFall} with
 * {@code g = 9.81 m/s^2}. Rules read the values from here, never from code, so editing the
 * ontology changes the derived constraint.
 *
 * @param iri     full IRI of the law
 * @param type    local name of the law's most specific class, e.g. "FreeFall"
 * @param params  parameters keyed by their {@code k:symbol}
 * @param formula the law stated as a propositional formula ({@code k:formula}), or null
 * @param triples the graph statements this fact was built from, in prefixed form
 */
public record Law(String iri, String type, Map<String, Quantity> params, String formula, List<SourceTriple> triples) {

    public Law {
        Objects.requireNonNull(iri, "iri");
        Objects.requireNonNull(type, "type");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        triples = List.copyOf(triples);
    }

    /** The parameter with this symbol, or null if the law has none (rules test for that). */
    public Quantity param(String symbol) {
        return params.get(symbol);
    }

    public String getIri() {
        return iri;
    }

    /** The law's {@code k:formula} text, or null (rules test for that). */
    public String getFormula() {
        return formula;
    }

    public String getType() {
        return type;
    }

    public Map<String, Quantity> getParams() {
        return params;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
