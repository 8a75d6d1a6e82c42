package dev.kenning.kg;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A SKOS concept scheme (a taxonomy, as thesauri and product categories are published) read as
 * the class hierarchy Kenning reasons over: each {@code skos:Concept} that is not a class already
 * becomes an {@code owl:Class}, {@code skos:broader} (or the inverse {@code skos:narrower})
 * {@code rdfs:subClassOf}, and {@code skos:prefLabel} an {@code rdfs:label}, by which image
 * folders, tables and {@code data.held_out} name it. SKOS says nothing of disjointness; a
 * taxonomy a dataset is labelled with partitions its concepts, so the concepts under one broader
 * concept (and the top concepts), each with that one broader concept only, are stated pairwise
 * disjoint ({@code owl:AllDisjointClasses}), as a table's classes are: its leaves can then be a
 * dataset's labels, one per image, and the concepts above them shared superclasses
 * ({@code groups.drl}). A concept under two broader concepts is not stated disjoint from anything.
 * What this adds goes to its own named graph, {@link #GRAPH}; the files stay as they were.
 */
public final class SkosConcepts {
    /** The named graph holding the classes read from SKOS concepts. */
    public static final String GRAPH = "urn:kenning:graph:skos-concepts";

    private static final String SKOS = "http://www.w3.org/2004/02/skos/core#";

    private SkosConcepts() {
    }

    /** What was read: concepts made classes, broader links, groups stated disjoint; the note for the user, or null. */
    public record Read(int concepts, int links, int disjointGroups, String note) {
    }

    /**
     * Reads the graph's SKOS concepts as classes into {@link #GRAPH}, replacing what an earlier
     * reading put there (a store reads them again after each import); none: {@link #GRAPH} is left
     * empty and the note is null.
     */
    public static Read importInto(KnowledgeBase kb) {
        if (kb.graphs().contains(GRAPH)) {
            kb.importModel(ModelFactory.createDefaultModel(), GRAPH);
        }
        Set<String> concepts = new LinkedHashSet<>();
        for (Map<String, String> row : kb.select("""
                PREFIX skos: <%s>
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT DISTINCT ?c WHERE {
                  ?c a skos:Concept . FILTER(isIRI(?c))
                  FILTER NOT EXISTS { ?c a owl:Class } FILTER NOT EXISTS { ?c a rdfs:Class }
                  FILTER NOT EXISTS { ?c rdfs:subClassOf ?super } FILTER NOT EXISTS { ?sub rdfs:subClassOf ?c }
                } ORDER BY ?c""".formatted(SKOS))) {
            concepts.add(row.get("c"));
        }
        if (concepts.isEmpty()) {
            return new Read(0, 0, 0, null);
        }
        Map<String, Set<String>> broader = new LinkedHashMap<>();
        concepts.forEach(c -> broader.put(c, new LinkedHashSet<>()));
        for (Map<String, String> row : kb.select("""
                PREFIX skos: <%s>
                SELECT DISTINCT ?c ?b WHERE { { ?c skos:broader ?b } UNION { ?b skos:narrower ?c } FILTER(isIRI(?b)) }
                ORDER BY ?c ?b""".formatted(SKOS))) {
            if (broader.containsKey(row.get("c")) && !row.get("c").equals(row.get("b"))) {
                broader.get(row.get("c")).add(row.get("b"));
            }
        }
        Model model = ModelFactory.createDefaultModel();
        int links = 0;
        Map<String, List<Resource>> siblings = new LinkedHashMap<>();
        for (String c : concepts) {
            Resource cls = model.createResource(c);
            model.add(cls, RDF.type, OWL2.Class);
            for (String b : broader.get(c)) {
                model.add(cls, RDFS.subClassOf, model.createResource(b));
                links++;
            }
            if (broader.get(c).size() <= 1) {
                siblings.computeIfAbsent(broader.get(c).isEmpty() ? "" : broader.get(c).iterator().next(), k -> new ArrayList<>())
                        .add(cls);
            }
        }
        // the labels as they are written, language tags kept
        Model labels = kb.construct("""
                PREFIX skos: <%s>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c skos:prefLabel ?l }""".formatted(SKOS));
        labels.listStatements().forEach(st -> {
            if (st.getSubject().isURIResource() && concepts.contains(st.getSubject().getURI())) {
                model.add(st);
            }
        });
        int groups = 0;
        for (List<Resource> group : siblings.values()) {
            if (group.size() >= 2) {
                Resource axiom = model.createResource();
                model.add(axiom, RDF.type, OWL2.AllDisjointClasses);
                model.add(axiom, OWL2.members, model.createList(group.iterator()));
                groups++;
            }
        }
        kb.importModel(model, GRAPH);
        return new Read(concepts.size(), links, groups, concepts.size() + " SKOS concept(s) read as classes (skos:broader as"
                + " rdfs:subClassOf, " + links + " link(s); skos:prefLabel as their names); the concepts under one broader"
                + " concept, and the top concepts, are taken to partition it and stated pairwise disjoint (" + groups
                + " group(s)), so the leaves can be a dataset's labels; state owl:Class and rdfs:subClassOf yourself to say"
                + " otherwise");
    }
}
