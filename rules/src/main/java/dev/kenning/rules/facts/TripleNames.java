package dev.kenning.rules.facts;

import dev.kenning.core.SourceTriple;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;

/**
 * Writes graph statements the way provenance shows them: prefixed names where the graph has
 * a prefix, {@code <iri>} otherwise, numbers by value (so "15.0" and a store's canonical
 * "15.0e0" read alike), other literals quoted.
 */
final class TripleNames {

    private final Model model;

    TripleNames(Model model) {
        this.model = model;
    }

    SourceTriple triple(Resource subject, Property predicate, RDFNode object) {
        return new SourceTriple(name(subject), name(predicate), name(object));
    }

    String name(RDFNode node) {
        if (node.isURIResource()) {
            String uri = node.asResource().getURI();
            String shortName = model.shortForm(uri);
            return shortName.equals(uri) ? "<" + uri + ">" : shortName;
        }
        if (node.isLiteral()) {
            Literal literal = node.asLiteral();
            Object value = numericValue(literal);
            if (value instanceof Double || value instanceof Float) {
                return Double.toString(((Number) value).doubleValue());
            }
            return value != null ? literal.getLexicalForm() : "\"" + literal.getLexicalForm() + "\"";
        }
        return "_:" + node.asResource().getId().getLabelString();
    }

    private static Object numericValue(Literal literal) {
        try {
            Object v = literal.getValue();
            return v instanceof Number ? v : null;
        } catch (RuntimeException illFormed) {
            return null;
        }
    }
}
