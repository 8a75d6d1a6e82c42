package dev.kenning.kg;

/**
 * "A class is directly below another" as a SPARQL property path, however an ontology states it:
 * {@code rdfs:subClassOf}; membership of a class defined as the union of others
 * ({@code :Footwear owl:equivalentClass [ owl:unionOf ( :Sandal :Boot ) ]}, as Protégé writes it) or
 * of a disjoint union ({@code owl:disjointUnionOf}): each member is a subclass there though no
 * {@code rdfs:subClassOf} is stated; and the named classes of an intersection a class is defined
 * as or stated below ({@code :Sandal owl:equivalentClass [ owl:intersectionOf ( :Footwear
 * [ owl:onProperty :hasPart ; owl:someValuesFrom :Straps ] ) ]}, Protégé's defined class): the
 * class is below each. The rules read these links the same way (their class facts), so the views
 * that draw the hierarchy show the classes the rules see. Full IRIs only, so it needs no prefixes
 * of the query it joins; {@code (UP)*} and {@code (UP)+} chain it. A step may end on a class
 * expression (a blank node): filter with {@code isIRI} where only named classes count.
 */
public final class Subclassing {

    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    private static final String OWL = "http://www.w3.org/2002/07/owl#";
    private static final String MEMBER_OF_LIST = "^<" + RDF + "first>/^<" + RDF + "rest>*";
    private static final String LIST_MEMBER = "<" + RDF + "rest>*/<" + RDF + "first>";

    /**
     * From a class to its direct superclasses: {@code ?c UP ?parent}. Built by a call, not a
     * constant expression, so the modules that use it are not compiled with an old copy inlined.
     */
    public static final String UP = "(" + String.join("|",
            "<" + RDFS + "subClassOf>",
            MEMBER_OF_LIST + "/^<" + OWL + "unionOf>/^<" + OWL + "equivalentClass>",
            MEMBER_OF_LIST + "/^<" + OWL + "disjointUnionOf>",
            "(<" + OWL + "equivalentClass>|<" + RDFS + "subClassOf>)/<" + OWL + "intersectionOf>/" + LIST_MEMBER) + ")";

    private Subclassing() {
    }
}
