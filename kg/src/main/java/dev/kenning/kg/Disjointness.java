package dev.kenning.kg;

/**
 * "Two classes are stated disjoint" as a SPARQL group pattern, however an ontology states it:
 * {@code owl:disjointWith} either way round, both as members of one {@code owl:AllDisjointClasses}
 * (what Protégé writes for three or more classes made disjoint), or both in one class's
 * {@code owl:disjointUnionOf}. Full IRIs only, so it needs no prefixes of the query it joins.
 */
public final class Disjointness {

    private static final String OWL = "http://www.w3.org/2002/07/owl#";
    private static final String MEMBER = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*"
            + "/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>";

    private Disjointness() {
    }

    /**
     * The pattern binding or testing {@code a} and {@code b}: each a variable ({@code ?x}) or an
     * IRI in angle brackets. Its own variables start with {@code ?disjoint_}.
     */
    public static String stated(String a, String b) {
        return ("{ %1$s <" + OWL + "disjointWith> %2$s } UNION { %2$s <" + OWL + "disjointWith> %1$s }"
                + " UNION { ?disjoint_axiom a <" + OWL + "AllDisjointClasses> ; <" + OWL + "members> ?disjoint_list ."
                + " ?disjoint_list " + MEMBER + " %1$s , %2$s . FILTER(isIRI(%1$s) && isIRI(%2$s) && %1$s != %2$s) }"
                + " UNION { ?disjoint_axiom <" + OWL + "disjointUnionOf> ?disjoint_list ."
                + " ?disjoint_list " + MEMBER + " %1$s , %2$s . FILTER(isIRI(%1$s) && isIRI(%2$s) && %1$s != %2$s) }")
                .formatted(a, b);
    }
}
