package dev.kenning.kg;

/**
 * Which of a term's labels to show when it has several, as ontologies in several languages give
 * them ({@code "shirt"@en, "Hemd"@de}): one without a language tag, else an English one, else any;
 * the alphabetically first of those. The same choice names a model's outputs (the attribute
 * mapping) and titles the GUI's classes, so both say "shirt".
 */
public final class Labelling {

    private Labelling() {
    }

    /**
     * A SPARQL aggregate over the label variable {@code var} (say {@code "?l"}) of a query grouped
     * by the labelled term: {@code SELECT ?c (PREFERRED AS ?label) WHERE { ?c rdfs:label ?l } GROUP BY ?c}.
     * Unbound where the term has no label.
     */
    public static String preferred(String var) {
        String rank = "IF(LANG(%1$s) = \"\", \"0\", IF(LANGMATCHES(LANG(%1$s), \"en\"), \"1\", \"2\"))".formatted(var);
        return "SUBSTR(MIN(CONCAT(" + rank + ", STR(" + var + "))), 2)";
    }
}
