package dev.kenning.kg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The names a class goes by, besides the one its output is called: its local name, every
 * {@code rdfs:label} in any language, its SKOS labels ({@code skos:prefLabel},
 * {@code skos:altLabel}), and the same of each named class stated equivalent to it
 * ({@code :Wellington owl:equivalentClass :Boot}: one class under two names). A dataset's folder,
 * a spec's {@code knowledge.labels} or {@code data.held_out} may call a class by any of them: a
 * German user's folder {@code Hemd} is the class labelled {@code "shirt"@en, "Hemd"@de}.
 */
public final class ClassNames {

    private static final String NAMES = """
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX k: <https://kenning.dev/ns#>
            SELECT DISTINCT ?cls ?same ?name WHERE {
              %s
              ?cls (owl:equivalentClass|^owl:equivalentClass)* ?same . FILTER(isIRI(?same))
              OPTIONAL { ?same rdfs:label|skos:prefLabel|skos:altLabel ?name }
            } ORDER BY ?cls ?same ?name""";

    private ClassNames() {
    }

    /** The names {@code classIri} goes by (itself and its named equivalents: local names, then labels), in a fixed order. */
    public static List<String> of(KnowledgeBase kb, String classIri) {
        return List.copyOf(collect(kb, "VALUES ?cls { <" + classIri + "> }").getOrDefault(classIri, new LinkedHashSet<>()));
    }

    /** The names every named class of the graph goes by ({@link #of} for each), in one query. */
    public static Map<String, List<String>> ofClasses(KnowledgeBase kb) {
        Map<String, List<String>> out = new TreeMap<>();
        collect(kb, "{ ?cls a owl:Class } UNION { ?cls a rdfs:Class } FILTER(isIRI(?cls))")
                .forEach((cls, names) -> out.put(cls, List.copyOf(names)));
        return out;
    }

    /**
     * The names of every class the graph scores as an output ({@code k:outputName "class:…"}), by
     * that output name: {@code "class:shirt" → [Shirt, Hemd, shirt]}.
     */
    public static Map<String, List<String>> ofOutputs(KnowledgeBase kb) {
        Map<String, String> outputOf = new LinkedHashMap<>();
        for (Map<String, String> row : kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?cls ?out WHERE { ?cls k:outputName ?out"
                + " FILTER(isIRI(?cls) && STRSTARTS(STR(?out), \"class:\")) }")) {
            outputOf.put(row.get("cls"), row.get("out"));
        }
        if (outputOf.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> names = collect(kb, "?cls <" + KnowledgeBase.NS + "outputName> ?out"
                + " FILTER(isIRI(?cls) && STRSTARTS(STR(?out), \"class:\"))");
        Map<String, List<String>> out = new TreeMap<>();
        names.forEach((cls, n) -> {
            String output = outputOf.get(cls);
            if (output != null) {
                out.put(output, List.copyOf(n));
            }
        });
        return out;
    }

    /**
     * The classes above the scored ones that are not scored themselves, by every name each goes by
     * ({@link #of}), with the outputs of the scored classes below it, in a fixed order:
     * {@code "Footwear" → [class:sandal, class:sneaker]}. A folder named after one is a group of
     * labels, not a label, and can be told so.
     */
    public static Map<String, List<String>> aboveOutputs(KnowledgeBase kb) {
        String scored = "?sub <" + KnowledgeBase.NS + "outputName> ?out FILTER(isIRI(?sub) && STRSTARTS(STR(?out), \"class:\"))";
        String unscored = "FILTER(isIRI(?cls) && ?cls != ?sub) FILTER NOT EXISTS { ?cls <" + KnowledgeBase.NS + "outputName> ?o"
                + " FILTER(STRSTARTS(STR(?o), \"class:\")) }";
        Map<String, Set<String>> below = new TreeMap<>();
        for (Map<String, String> row : kb.select("SELECT DISTINCT ?cls ?out WHERE { " + scored + " ?sub " + Subclassing.UP
                + "+ ?cls " + unscored + " } ORDER BY ?cls ?out")) {
            below.computeIfAbsent(row.get("cls"), c -> new java.util.TreeSet<>()).add(row.get("out"));
        }
        if (below.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> byName = new TreeMap<>();
        // the names of the classes found, asked of those alone (not by walking the hierarchy again)
        collect(kb, "VALUES ?cls { " + below.keySet().stream().map(c -> "<" + c + ">")
                .collect(java.util.stream.Collectors.joining(" ")) + " }")
                .forEach((cls, names) -> names.forEach(name -> byName.computeIfAbsent(name, n -> new java.util.TreeSet<>())
                        .addAll(below.getOrDefault(cls, Set.of()))));
        Map<String, List<String>> out = new TreeMap<>();
        byName.forEach((name, outputs) -> out.put(name, List.copyOf(outputs)));
        return out;
    }

    /**
     * One line for each class the graph scores as an output yet marks {@code owl:deprecated true}
     * (an ontology's way to say "no longer use this term"), with the class it names as the
     * replacement when it names one ({@code dcterms:isReplacedBy}, or OBO's "term replaced by").
     */
    public static List<String> deprecatedScored(KnowledgeBase kb) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> row : kb.select("""
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                PREFIX k: <%s>
                SELECT DISTINCT ?cls ?out (SAMPLE(?by) AS ?instead) WHERE {
                  ?cls k:outputName ?out ; owl:deprecated ?d .
                  FILTER(isIRI(?cls) && STRSTARTS(STR(?out), "class:") && STR(?d) IN ("true", "1"))
                  OPTIONAL { ?cls <http://purl.org/dc/terms/isReplacedBy>|<http://purl.obolibrary.org/obo/IAO_0100001> ?by }
                } GROUP BY ?cls ?out ORDER BY ?out""".formatted(KnowledgeBase.NS))) {
            out.add(row.get("out") + " is <" + row.get("cls") + ">, which the ontology marks owl:deprecated (a term no"
                    + " longer to be used)" + (row.get("instead") == null ? "" : "; it names <" + row.get("instead")
                    + "> instead") + ": it is scored all the same, so check that this label is the class you mean");
        }
        return out;
    }

    /**
     * One line for each pair of named classes stated equivalent that the graph nevertheless scores
     * as two outputs (each described on its own): Kenning reads an equivalent class as another name
     * of a class, not as the same class, so the two would be told apart though the ontology says
     * they are one.
     */
    public static List<String> scoredApart(KnowledgeBase kb) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> row : kb.select("""
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                PREFIX k: <%s>
                SELECT DISTINCT ?a ?oa ?b ?ob WHERE {
                  ?a owl:equivalentClass ?b . FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b)
                  ?a k:outputName ?oa . ?b k:outputName ?ob .
                  FILTER(STRSTARTS(STR(?oa), "class:") && STRSTARTS(STR(?ob), "class:"))
                } ORDER BY ?a ?b""".formatted(KnowledgeBase.NS))) {
            out.add("<" + row.get("a") + "> owl:equivalentClass <" + row.get("b") + ">, yet each is described on its own and"
                    + " scored as a class of its own (" + row.get("oa") + ", " + row.get("ob") + "): Kenning reads a named"
                    + " class stated equivalent to another as another name of it, not as the same class. Describe the class"
                    + " on one of them (attributes, superclasses, disjointness), and the other names it in folders and specs");
        }
        return out;
    }

    private static Map<String, Set<String>> collect(KnowledgeBase kb, String classes) {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Map<String, String> row : kb.select(NAMES.formatted(classes))) {
            Set<String> n = names.computeIfAbsent(row.get("cls"), c -> new LinkedHashSet<>());
            n.add(localName(row.get("same")));
            if (row.get("name") != null) {
                labels.computeIfAbsent(row.get("cls"), c -> new ArrayList<>()).add(row.get("name"));
            }
        }
        labels.forEach((cls, l) -> names.get(cls).addAll(l));
        return names;
    }

    /**
     * What follows an IRI's last '/', '#' or ':' (as outputs.rq names a class without a label),
     * percent-encoding decoded as UTF-8 ({@code Sand%C3%A4lchen}: {@code Sandälchen}), as an IRI
     * writes the letters a URI cannot hold; kept as it is where it is no UTF-8.
     */
    static String localName(String iri) {
        String local = iri.replaceFirst("^.*[/#:]", "");
        return local.indexOf('%') < 0 ? local : percentDecoded(local);
    }

    private static String percentDecoded(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && java.util.HexFormat.isHexDigit(text.charAt(i + 1))
                    && java.util.HexFormat.isHexDigit(text.charAt(i + 2))) {
                bytes.write(java.util.HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                int end = text.indexOf('%', i + 1);
                end = end < 0 ? text.length() : end;
                bytes.writeBytes(text.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return text;
        }
    }
}
