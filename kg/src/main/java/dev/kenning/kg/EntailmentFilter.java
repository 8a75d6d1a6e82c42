package dev.kenning.kg;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

import java.util.List;
import java.util.Set;

/**
 * Tells entailments about the user's terms from those that hold in every graph. Jena's
 * reasoners also entail the vocabulary's own axioms ({@code rdfs:Class a rdfs:Class}), that
 * every term is its own subclass and that everything is an {@code rdfs:Resource}; stored,
 * those would outnumber the news several times over.
 */
final class EntailmentFilter {

    private static final List<String> BUILT_IN = List.of(RDF.getURI(), RDFS.getURI(), OWL.getURI(), XSD.getURI());

    private static final Set<Node> REFLEXIVE = Set.of(RDFS.subClassOf.asNode(), RDFS.subPropertyOf.asNode(),
            OWL.equivalentClass.asNode(), OWL.equivalentProperty.asNode(), OWL.sameAs.asNode());

    private static final Set<Node> TRIVIAL_TYPES = Set.of(RDFS.Resource.asNode(), OWL.Thing.asNode());

    private EntailmentFilter() {
    }

    static boolean isNews(Triple t) {
        Node s = t.getSubject();
        Node p = t.getPredicate();
        Node o = t.getObject();
        if (s.isURI() && BUILT_IN.stream().anyMatch(ns -> s.getURI().startsWith(ns))) {
            return false;
        }
        if (REFLEXIVE.contains(p) && s.equals(o)) {
            return false;
        }
        if (p.equals(RDF.type.asNode()) && TRIVIAL_TYPES.contains(o)) {
            return false;
        }
        // Superclass or superproperty links to the vocabulary's roots say nothing new either.
        return !((p.equals(RDFS.subClassOf.asNode()) || p.equals(RDFS.subPropertyOf.asNode()))
                && TRIVIAL_TYPES.contains(o));
    }
}
