package dev.kenning.kg;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Properties an ontology declares sub-properties of {@code rdfs:subClassOf} (Wikidata's P279,
 * "subclass of", as a vocabulary mapped to RDFS declares it) read as what they say: each
 * statement {@code ?a P ?b} between named terms is also {@code ?a rdfs:subClassOf ?b}, and both
 * are classes (RDFS entails as much: rdfs:subClassOf's domain and range are rdfs:Class). Kenning's
 * rules read {@code rdfs:subClassOf} itself, so without this a hierarchy written in such a
 * property is not seen. What this adds goes to its own named graph, {@link #GRAPH}.
 */
public final class SubclassProperties {
    /** The named graph holding the subclass links read from such properties. */
    public static final String GRAPH = "urn:kenning:graph:subclass-properties";

    private SubclassProperties() {
    }

    /**
     * Reads the graph's sub-properties of rdfs:subClassOf into {@link #GRAPH}, replacing an earlier
     * reading; the note for the user, or null when the graph declares none.
     */
    public static String importInto(KnowledgeBase kb) {
        if (kb.graphs().contains(GRAPH)) {
            kb.importModel(ModelFactory.createDefaultModel(), GRAPH);
        }
        Map<String, Integer> byProperty = new TreeMap<>();
        Model model = ModelFactory.createDefaultModel();
        for (Map<String, String> row : kb.select("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT DISTINCT ?p ?a ?b WHERE {
                  ?p rdfs:subPropertyOf+ rdfs:subClassOf . FILTER(isIRI(?p) && ?p != rdfs:subClassOf)
                  ?a ?p ?b . FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b)
                } ORDER BY ?p ?a ?b""")) {
            var a = model.createResource(row.get("a"));
            var b = model.createResource(row.get("b"));
            model.add(a, RDFS.subClassOf, b);
            for (var c : Set.of(a, b)) {
                model.add(c, RDF.type, OWL2.Class);
            }
            byProperty.merge(row.get("p"), 1, Integer::sum);
        }
        if (byProperty.isEmpty()) {
            return null;
        }
        kb.importModel(model, GRAPH);
        StringBuilder said = new StringBuilder();
        byProperty.forEach((p, n) -> said.append(said.length() == 0 ? "" : ", ").append(n).append(" statement(s) of <")
                .append(p).append(">"));
        return said + " read as rdfs:subClassOf, the ontology declaring " + (byProperty.size() == 1 ? "it a sub-property"
                : "them sub-properties") + " of it (their subjects and objects as classes)";
    }
}
