package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;

import java.util.List;
import java.util.Objects;

/**
 * Something the model predicts that a law governs: {@code ex:thrownObject k:governedBy
 * k:EarthFreeFall ; k:modelOutput "height"}. An observation governed by two laws yields two
 * facts, one per law, so each rule sees a single {@code lawIri}.
 *
 * @param iri       full IRI of the observation
 * @param lawIri    full IRI of the governing law
 * @param frameRate frames per second, or null if the graph gives none
 * @param rangeMin  lowest value the observed quantity can take (metres), or null
 * @param rangeMax  highest value (metres), or null
 * @param minSpread the least standard deviation the quantity has within a window ({@code k:minSpread}),
 *                  the floor of the term against the constant solution; null where the scene states none
 * @param triples   the graph statements this fact was built from, in prefixed form
 */
public record Observation(String iri, String modelOutput, Double frameRate, Double rangeMin, Double rangeMax,
                          Double minSpread, String lawIri, List<SourceTriple> triples) {

    public Observation {
        Objects.requireNonNull(iri, "iri");
        Objects.requireNonNull(modelOutput, "modelOutput");
        Objects.requireNonNull(lawIri, "lawIri");
        triples = List.copyOf(triples);
    }

    public String getIri() {
        return iri;
    }

    public String getModelOutput() {
        return modelOutput;
    }

    public Double getFrameRate() {
        return frameRate;
    }

    public Double getRangeMin() {
        return rangeMin;
    }

    public Double getRangeMax() {
        return rangeMax;
    }

    public Double getMinSpread() {
        return minSpread;
    }

    public String getLawIri() {
        return lawIri;
    }

    public List<SourceTriple> getTriples() {
        return triples;
    }
}
