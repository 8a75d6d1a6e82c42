package dev.kenning.gui;

import dev.kenning.core.InputError;
import dev.kenning.workbench.KnowledgeStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The questions the Knowledge view asks the workspace store, as SPARQL over
 * {@link KnowledgeStore} (edits go through the workbench's OntologyEditor, see {@link EditPane}).
 * Runs on the knowledge thread.
 */
final class KnowledgeGraphs {
    static final String PREFIXES = """
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX k: <https://kenning.dev/ns#>
            """;

    private KnowledgeGraphs() {
    }

    /** A class and its label. */
    record OntClass(String iri, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * The class tree: every class, and for each its direct parents; the roots and each class's
     * children indexed once, in {@link #LABEL_ORDER}, so a tree of tens of thousands of classes is
     * drawn without scanning every class for each.
     */
    static final class Hierarchy {
        private final Map<String, OntClass> classes;
        private final Map<String, Set<String>> parents;
        private final long inferredStatements;
        private final List<OntClass> roots;
        private final Map<String, List<OntClass>> children;

        private Hierarchy(Map<String, OntClass> classes, Map<String, Set<String>> parents, long inferredStatements) {
            this.classes = classes;
            this.parents = parents;
            this.inferredStatements = inferredStatements;
            List<OntClass> top = new ArrayList<>();
            Map<String, List<OntClass>> below = new HashMap<>();
            for (OntClass c : classes.values()) {
                Set<String> above = parents.getOrDefault(c.iri(), Set.of());
                if (above.isEmpty()) {
                    top.add(c);
                }
                above.forEach(p -> below.computeIfAbsent(p, k -> new ArrayList<>()).add(c));
            }
            top.sort(LABEL_ORDER);
            below.replaceAll((p, list) -> list.stream().sorted(LABEL_ORDER).toList());
            this.roots = List.copyOf(top);
            this.children = Map.copyOf(below);
        }

        static Hierarchy of(Map<String, OntClass> classes, Map<String, Set<String>> parents, long inferredStatements) {
            return new Hierarchy(classes, parents, inferredStatements);
        }

        Map<String, OntClass> classes() {
            return classes;
        }

        Map<String, Set<String>> parents() {
            return parents;
        }

        long inferredStatements() {
            return inferredStatements;
        }

        List<OntClass> roots() {
            return roots;
        }

        List<OntClass> children(String iri) {
            return children.getOrDefault(iri, List.of());
        }
    }

    /**
     * Classes by label as a person sorts them: case aside, and numbers by value ({@code part2}
     * before {@code part10}); equal so far, by the label's characters, then the IRI.
     */
    static final Comparator<OntClass> LABEL_ORDER = Comparator.comparing(OntClass::label, KnowledgeGraphs::compareNaturally)
            .thenComparing(OntClass::label).thenComparing(OntClass::iri);

    /** Two names compared run by run: digits by their value, other characters ignoring case. */
    static int compareNaturally(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int endA = i;
                while (endA < a.length() && Character.isDigit(a.charAt(endA))) {
                    endA++;
                }
                int endB = j;
                while (endB < b.length() && Character.isDigit(b.charAt(endB))) {
                    endB++;
                }
                String da = a.substring(i, endA).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, endB).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = endA;
                j = endB;
            } else {
                int c = Character.compare(Character.toLowerCase(x), Character.toLowerCase(y));
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * A class's details: stated (or, inferred, inherited, and the broader attributes they are kinds
     * of) attributes, disjoint classes, instances with parameters.
     */
    record ClassDetail(OntClass cls, String comment, List<String> attributes, List<String> disjoint,
                       List<String> instances, List<String> knownAttributes, String file) {
    }

    /**
     * The hierarchy as stated ({@code inferred} false) or after RDFS inference (stored in the
     * inferred graph first), reduced to direct parents either way.
     */
    static Hierarchy hierarchy(KnowledgeStore kb, boolean inferred) {
        long entailed = inferred ? kb.infer("rdfs").statements() : 0;
        String graphFilter = inferred ? "" : "FILTER (?g != <" + KnowledgeStore.INFERRED_GRAPH + ">)";
        Map<String, OntClass> classes = new TreeMap<>();
        for (Map<String, String> r : kb.select(PREFIXES + """
                SELECT DISTINCT ?c (%s AS ?label) WHERE {
                  GRAPH ?g { { ?c a owl:Class } UNION { ?c a rdfs:Class } UNION { ?c rdfs:subClassOf ?x } }
                  %s
                  FILTER (isIRI(?c) && !STRSTARTS(STR(?c), STR(owl:)) && !STRSTARTS(STR(?c), STR(rdfs:))
                          && !STRSTARTS(STR(?c), STR(rdf:)))
                  OPTIONAL { ?c rdfs:label ?l }
                } GROUP BY ?c""".formatted(KnowledgeStore.preferredLabel("?l"), graphFilter))) {
            classes.put(r.get("c"), new OntClass(r.get("c"), r.getOrDefault("label", localName(r.get("c")))));
        }
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (Map<String, String> r : kb.select(PREFIXES + """
                SELECT DISTINCT ?c ?p WHERE { GRAPH ?g { ?c %s ?p } %s FILTER (isIRI(?c) && isIRI(?p) && ?c != ?p) }"""
                .formatted(KnowledgeStore.SUBCLASS_OF, graphFilter))) {
            if (classes.containsKey(r.get("c")) && classes.containsKey(r.get("p"))) {
                all.computeIfAbsent(r.get("c"), k -> new HashSet<>()).add(r.get("p"));
            }
        }
        return Hierarchy.of(classes, direct(all), entailed);
    }

    /** Transitive reduction: a parent is direct unless another parent already lies below it. */
    static Map<String, Set<String>> direct(Map<String, Set<String>> parents) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        parents.forEach((c, ps) -> {
            Set<String> keep = new HashSet<>(ps);
            for (String p : ps) {
                for (String q : ps) {
                    if (!p.equals(q) && ancestors(parents, q).contains(p)) {
                        keep.remove(p);
                    }
                }
            }
            out.put(c, keep);
        });
        return out;
    }

    private static Set<String> ancestors(Map<String, Set<String>> parents, String c) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(parents.getOrDefault(c, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (seen.add(p)) {
                todo.addAll(parents.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    static ClassDetail detail(KnowledgeStore kb, OntClass c, boolean inherited) {
        String iri = "<" + c.iri() + ">";
        // inferred: from the superclasses too, and each broader attribute a stated one is a kind of (mozzarella: cheese), as the rules read them
        String pattern = inherited ? iri + " " + KnowledgeStore.SUBCLASS_OF + "* ?s . ?s k:hasAttribute ?x . ?x rdfs:subClassOf* ?a ."
                + " FILTER(?a = ?x || EXISTS { { ?a a k:Attribute } UNION { ?y k:hasAttribute ?a } })" : iri + " k:hasAttribute ?a";
        List<String> attributes = column(kb.select(PREFIXES + "SELECT DISTINCT ?a WHERE { " + pattern + " } ORDER BY ?a"), "a");
        List<String> disjoint = kb.disjointWith(c.iri());
        List<String> instances = new ArrayList<>();
        for (Map<String, String> r : kb.select(PREFIXES + """
                SELECT ?i ?symbol ?value ?unit WHERE { ?i a %s .
                  OPTIONAL { ?i k:hasParameter ?p . ?p k:symbol ?symbol ; k:value ?value . OPTIONAL { ?p k:unit ?unit } } }
                ORDER BY ?i ?symbol""".formatted(iri))) {
            String line = localName(r.get("i")) + (r.containsKey("symbol")
                    ? ": " + r.get("symbol") + " = " + r.get("value") + (r.containsKey("unit") ? " " + r.get("unit") : "") : "");
            if (!instances.contains(line)) {
                instances.add(line);
            }
        }
        List<String> known = column(kb.select(PREFIXES + """
                SELECT DISTINCT ?a WHERE { { ?a a k:Attribute } UNION { ?x k:hasAttribute ?a } } ORDER BY ?a"""), "a");
        String comment = kb.select(PREFIXES + "SELECT ?c WHERE { " + iri + " rdfs:comment ?c } LIMIT 1").stream()
                .map(r -> r.get("c")).findFirst().orElse("");
        Path file = describingFile(kb, c.iri());
        return new ClassDetail(c, comment, attributes, disjoint, instances, known,
                file == null ? "" : file.getFileName().toString());
    }

    private static List<String> column(List<Map<String, String>> rows, String var) {
        return rows.stream().map(r -> r.get(var)).filter(java.util.Objects::nonNull).toList();
    }

    /** The file whose graph states the class (as a class, or its place in the hierarchy), or null. */
    static Path describingFile(KnowledgeStore kb, String classIri) {
        for (Map<String, String> r : kb.select(PREFIXES + """
                SELECT DISTINCT ?g WHERE { GRAPH ?g { { <%s> a ?t } UNION { <%s> rdfs:subClassOf ?p } } } ORDER BY ?g"""
                .formatted(classIri, classIri))) {
            String g = r.get("g");
            if (g.startsWith("file:")) {
                Path p = Path.of(URI.create(g));
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static void requireIri(String iri, String what) {
        if (iri == null || !iri.matches("[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|^`\\\\]+")) {
            throw new InputError(what, "'" + iri + "' is not an IRI: give a prefixed name the store knows (fa:heel)"
                    + " or a full IRI (https://kenning.dev/fashion#heel)");
        }
    }

    /** Expands a prefixed name with the store's prefixes; a full IRI or unknown prefix is returned as given. */
    static String expand(KnowledgeStore kb, String name) {
        String n = name.trim();
        if (n.startsWith("<") && n.endsWith(">")) {
            return n.substring(1, n.length() - 1);
        }
        Map<String, String> prefixes = kb.prefixes();
        int colon = n.indexOf(':');
        if (colon > 0 && prefixes.containsKey(n.substring(0, colon)) && !n.startsWith("http")) {
            return prefixes.get(n.substring(0, colon)) + n.substring(colon + 1);
        }
        if (colon == 0 && prefixes.containsKey("")) {
            return prefixes.get("") + n.substring(1);
        }
        return n;
    }

    /** A compact name for display: prefix:local with the store's prefixes, else the IRI. */
    static String shortName(Map<String, String> prefixes, String iri) {
        String best = null;
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            if (iri.startsWith(e.getValue()) && (best == null || e.getValue().length() > prefixes.get(best).length())) {
                best = e.getKey();
            }
        }
        return best == null ? iri : best + ":" + iri.substring(prefixes.get(best).length());
    }

    static String localName(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return i >= 0 && i < iri.length() - 1 ? iri.substring(i + 1) : iri;
    }
}
