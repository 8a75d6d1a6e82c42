package dev.kenning.rules.facts;

import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.Subclassing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The class facts the rules match on, against the hierarchy the GUI and the outputs mapping draw. */
class ClassFactsTest {

    @TempDir
    Path dir;

    /**
     * The rules' subclass links (each read with its axiom for provenance) are the ones
     * {@link Subclassing#UP} gives the GUI's class tree and the outputs mapping, in every way an
     * ontology states one: so a class sits where the rules count it. (The rules see the links above
     * scored classes, so the leaves are scored.)
     */
    @Test
    void theRulesSubclassLinksAreTheHierarchyTheViewsDraw() throws IOException {
        Path file = Files.writeString(dir.resolve("shop.ttl"), """
                @prefix : <http://example.org/shop#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix k: <https://kenning.dev/ns#> .
                :Boot k:outputName "boot" . :Sandal k:outputName "sandal" . :Shirt k:outputName "shirt" .
                :Pullover k:outputName "pullover" . :Dot k:outputName "dot" . :Cross k:outputName "cross" .
                :Footwear rdfs:subClassOf :Item , [ a owl:Restriction ; owl:onProperty :hasPart ; owl:someValuesFrom :Sole ] .
                :Top owl:equivalentClass [ owl:unionOf ( :Shirt :Pullover ) ] .
                :Mark owl:disjointUnionOf ( :Dot :Cross ) .
                :Sandal owl:equivalentClass [ owl:intersectionOf ( :Footwear
                    [ a owl:Restriction ; owl:onProperty :hasPart ; owl:someValuesFrom :Straps ] ) ] .
                :Boot rdfs:subClassOf [ owl:intersectionOf ( :Footwear :Leather ) ] .
                :Shirt rdfs:subClassOf :Top .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);

            Set<String> rules = new TreeSet<>();
            ClassFacts.extract(kb).stream().filter(SubclassOf.class::isInstance).map(SubclassOf.class::cast)
                    .forEach(s -> rules.add(local(s.child()) + " < " + local(s.parent())));
            Set<String> views = new TreeSet<>();
            kb.select("SELECT DISTINCT ?c ?p WHERE { ?c " + Subclassing.UP + " ?p FILTER(isIRI(?c) && isIRI(?p) && ?c != ?p) }")
                    .forEach(r -> views.add(local(r.get("c")) + " < " + local(r.get("p"))));

            assertEquals(Set.of("Boot < Footwear", "Boot < Leather", "Cross < Mark", "Dot < Mark", "Footwear < Item",
                    "Pullover < Top", "Sandal < Footwear", "Shirt < Top"), rules);
            assertEquals(rules, views);
        }
    }

    private static String local(String iri) {
        return iri.substring(iri.indexOf('#') + 1);
    }
}
