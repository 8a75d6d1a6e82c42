package dev.kenning.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code constraints.json}: the derived constraints with their provenance, the SHA-256
 * of every ontology and rule file the derivation read (and of the knowledge it made), and, when
 * present, the SPARQL endpoint the knowledge came from. {@link #json()} is the document as written, for readers that show it.
 */
public record RunConstraints(Path file, JsonNode json) {

    /** The constraints, each with its kind, bindings, parameters, weight and provenance. */
    public List<ConstraintSpec> constraints() {
        List<ConstraintSpec> out = new ArrayList<>();
        for (JsonNode n : json.path("constraints")) {
            try {
                out.add(KenningJson.mapper().convertValue(n, ConstraintSpec.class));
            } catch (IllegalArgumentException e) {
                throw new InputError(file.toString(), "not a readable constraint: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Ontology file → SHA-256 when the run read it, in the document's order. */
    public Map<String, String> ontologies() {
        return hashes("ontologies_sha256");
    }

    /** Rule pack → SHA-256 when the run read it, in the document's order. */
    public Map<String, String> rules() {
        return hashes("rules_sha256");
    }

    /**
     * The knowledge the run made rather than read (its labels as classes, WordNet's hypernyms), as
     * Turtle beside this file → SHA-256 when written; empty for a run that made none.
     */
    public Map<Path, String> generated() {
        Map<Path, String> out = new LinkedHashMap<>();
        hashes("generated_knowledge_sha256").forEach((name, sha256) -> out.put(file.resolveSibling(name), sha256));
        return Collections.unmodifiableMap(out);
    }

    /** The SPARQL endpoint the knowledge was read from, or null when it came from files. */
    public String endpoint() {
        return json.hasNonNull("knowledge_endpoint") ? json.get("knowledge_endpoint").asText() : null;
    }

    private Map<String, String> hashes(String section) {
        Map<String, String> out = new LinkedHashMap<>();
        json.path(section).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(out);
    }
}
