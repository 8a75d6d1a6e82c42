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
 * ({@code groups.drl}). A concept under two broader concepts is not stated disjoint from anything,
 * nor are two siblings that some concept lies below both of (a thesaurus's polyhierarchy). A
 * concept a file places among classes ({@code rdfs:subClassOf}) is left as the file has it.
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
        // a concept is read unless a file states its place among classes (rdfs:subClassOf either way):
        // typed owl:Class too (as published vocabularies often pun them) it is still read; what the
        // store inferred from an earlier reading is no statement of the user's
        Set<String> concepts = new LinkedHashSet<>();
        for (Map<String, String> row : kb.select("""
                PREFIX skos: <%1$s>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT DISTINCT ?c WHERE {
                  ?c a skos:Concept . FILTER(isIRI(?c))
                  FILTER NOT EXISTS { ?c rdfs:subClassOf ?super FILTER(?super != ?c)
                                      FILTER NOT EXISTS { GRAPH <%2$s> { ?c rdfs:subClassOf ?super } } }
                  FILTER NOT EXISTS { ?sub rdfs:subClassOf ?c FILTER(?sub != ?c)
                                      FILTER NOT EXISTS { GRAPH <%2$s> { ?sub rdfs:subClassOf ?c } } }
                } ORDER BY ?c""".formatted(SKOS, KnowledgeBase.INFERRED_GRAPH))) {
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
        // siblings that share a narrower concept (a thesaurus's polyhierarchy: sneaker under footwear and
        // under sports goods) can both hold of one thing, so they are not stated disjoint
        Set<List<String>> overlapping = overlapping(broader, siblings);
        int groups = 0;
        for (List<Resource> group : siblings.values()) {
            List<Resource> apart = group.stream().filter(r -> overlapping.stream().noneMatch(p -> p.contains(r.getURI()))).toList();
            if (apart.size() >= 2) {
                Resource axiom = model.createResource();
                model.add(axiom, RDF.type, OWL2.AllDisjointClasses);
                model.add(axiom, OWL2.members, model.createList(apart.iterator()));
                groups++;
            }
            // a sibling that overlaps another is still disjoint from those it shares nothing with
            for (int i = 0; apart.size() < group.size() && i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    Resource a = group.get(i);
                    Resource b = group.get(j);
                    boolean bothApart = apart.contains(a) && apart.contains(b);
                    if (!bothApart && !overlapping.contains(pair(a.getURI(), b.getURI()))) {
                        model.add(a, OWL2.disjointWith, b);
                    }
                }
            }
        }
        kb.importModel(model, GRAPH);
        return new Read(concepts.size(), links, groups, concepts.size() + " SKOS concept(s) read as classes (skos:broader as"
                + " rdfs:subClassOf, " + links + " link(s); skos:prefLabel as their names); the concepts under one broader"
                + " concept, and the top concepts, are taken to partition it and stated pairwise disjoint (" + groups
                + " group(s)" + (overlapping.isEmpty() ? "" : "; " + overlapping.size() + " pair(s) of them left not disjoint, as"
                + " they share a narrower concept: " + overlapping.stream().limit(3).map(p -> localName(p.get(0)) + " and "
                + localName(p.get(1))).collect(java.util.stream.Collectors.joining(", ")) + (overlapping.size() > 3 ? ", …" : ""))
                + "), so the leaves can be a dataset's labels; state owl:Class and rdfs:subClassOf yourself to say otherwise");
    }

    /**
     * The pairs of siblings (concepts of one group) some concept lies below both of: each concept
     * with several broader concepts is the only place two lines of ancestors meet.
     */
    private static Set<List<String>> overlapping(Map<String, Set<String>> broader, Map<String, List<Resource>> siblings) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        siblings.forEach((parent, members) -> members.forEach(m -> groupOf.put(m.getURI(), parent)));
        Set<List<String>> out = new java.util.TreeSet<>(java.util.Comparator.comparing((List<String> p) -> p.get(0))
                .thenComparing(p -> p.get(1)));
        for (Map.Entry<String, Set<String>> e : broader.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            // every concept above this one (itself included), by the group it is a sibling in
            Map<String, Set<String>> aboveByGroup = new LinkedHashMap<>();
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(e.getKey()));
            Set<String> seen = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String c = todo.pop();
                if (!seen.add(c)) {
                    continue;
                }
                String group = groupOf.get(c);
                if (group != null) {
                    aboveByGroup.computeIfAbsent(group, g -> new java.util.TreeSet<>()).add(c);
                }
                todo.addAll(broader.getOrDefault(c, Set.of()));
            }
            for (Set<String> met : aboveByGroup.values()) {
                List<String> m = List.copyOf(met);
                for (int i = 0; i < m.size(); i++) {
                    for (int j = i + 1; j < m.size(); j++) {
                        out.add(pair(m.get(i), m.get(j)));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> pair(String a, String b) {
        return a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
    }

    private static String localName(String iri) {
        return ClassNames.localName(iri);
    }
}
