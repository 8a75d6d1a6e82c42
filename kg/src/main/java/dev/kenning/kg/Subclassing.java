package dev.kenning.kg;

/**
 * "A class is directly below another" as a SPARQL property path, however an ontology states it:
 * {@code rdfs:subClassOf}, or membership of a class defined as the union of others
 * ({@code :Footwear owl:equivalentClass [ owl:unionOf ( :Sandal :Boot ) ]}, as Protégé writes it) or
 * of a disjoint union ({@code owl:disjointUnionOf}): each member is a subclass there though no
 * {@code rdfs:subClassOf} is stated. The rules read these links the same way (their class facts),
 * so the views that draw the hierarchy show the classes the rules see. Full IRIs only, so it
 * needs no prefixes of the query it joins; {@code (UP)*} and {@code (UP)+} chain it.
 */
public final class Subclassing {

    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String OWL = "http://www.w3.org/2002/07/owl#";
    private static final String MEMBER_OF_LIST = "^<" + RDF + "first>/^<" + RDF + "rest>*";

    /** From a class to its direct superclasses: {@code ?c UP ?parent}. */
    public static final String UP = "(<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
            + "|" + MEMBER_OF_LIST + "/^<" + OWL + "unionOf>/^<" + OWL + "equivalentClass>"
            + "|" + MEMBER_OF_LIST + "/^<" + OWL + "disjointUnionOf>)";

    private Subclassing() {
    }
}
