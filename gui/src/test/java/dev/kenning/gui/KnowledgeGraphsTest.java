package dev.kenning.gui;

import dev.kenning.workbench.KnowledgeStore;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Knowledge view's questions to a real TDB2 workspace, without the window. */
class KnowledgeGraphsTest {
    static final String EX = "http://example.org/wardrobe#";

    @TempDir
    Path dir;

    /** Siblings in the order a person reads them: numbers by value, case aside; the index answers every class. */
    @Test
    void classesAreInNaturalOrderUnderTheirParents() {
        java.util.Map<String, KnowledgeGraphs.OntClass> classes = new java.util.TreeMap<>();
        java.util.Map<String, Set<String>> parents = new java.util.HashMap<>();
        classes.put(EX + "root", new KnowledgeGraphs.OntClass(EX + "root", "Root"));
        for (String label : List.of("part10", "part2", "Part1", "part02b", "apple", "Zebra", "part2a")) {
            classes.put(EX + label, new KnowledgeGraphs.OntClass(EX + label, label));
            parents.put(EX + label, Set.of(EX + "root"));
        }
        KnowledgeGraphs.Hierarchy tree = KnowledgeGraphs.Hierarchy.of(classes, parents, 0);

        assertEquals(List.of("Root"), tree.roots().stream().map(KnowledgeGraphs.OntClass::label).toList());
        assertEquals(List.of("apple", "Part1", "part2", "part2a", "part02b", "part10", "Zebra"), tree.children(EX + "root").stream()
                .map(KnowledgeGraphs.OntClass::label).toList());
        assertEquals(List.of(), tree.children(EX + "part10"));
    }

    /** A SKOS taxonomy loaded into the workspace shows in the class tree as the hierarchy it states, by its labels. */
    @Test
    void aSkosTaxonomyIsAClassTree() throws IOException {
        Path ttl = Files.writeString(dir.resolve("wear.ttl"), """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                @prefix : <http://example.org/wardrobe#> .
                :top a skos:Concept ; skos:prefLabel "Top"@en .
                :shirt a skos:Concept ; skos:prefLabel "Shirt"@en ; skos:broader :top .
                :top skos:narrower :pullover . :pullover a skos:Concept ; skos:prefLabel "Pullover"@en .
                """);
        try (KnowledgeStore kb = Workbench.create(WorkbenchConfig.notRecording()).openWorkspace(dir.resolve("ws"))) {
            kb.load(ttl);

            KnowledgeGraphs.Hierarchy tree = KnowledgeGraphs.hierarchy(kb, false);
            assertEquals(List.of("Top"), tree.roots().stream().map(KnowledgeGraphs.OntClass::label).toList());
            assertEquals(List.of("Pullover", "Shirt"), tree.children(EX + "top").stream()
                    .map(KnowledgeGraphs.OntClass::label).toList());
        }
    }

    /**
     * Protégé states a class defined as a union of others (and a disjoint union) without any
     * rdfs:subClassOf on the members, and a defined class ({@code ≡ Footwear ⊓ ∃hasPart.Laces})
     * without one on itself; the rules count them as subclasses, so the class tree and the
     * inherited attributes count them too.
     */
    @Test
    void unionMembersAndDefinedClassesSitUnderTheirSuperclassAndInheritItsAttributes() throws IOException {
        Path ttl = Files.writeString(dir.resolve("wardrobe.ttl"), """
                @prefix : <http://example.org/wardrobe#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix k: <https://kenning.dev/ns#> .
                :Item a owl:Class .
                :Footwear a owl:Class ; rdfs:subClassOf :Item ; k:hasAttribute :sole ;
                    owl:equivalentClass [ a owl:Class ; owl:unionOf ( :Sandal :Boot ) ] .
                :Sandal a owl:Class .
                :Boot a owl:Class .
                :Sneaker a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :Footwear
                    [ a owl:Restriction ; owl:onProperty :hasPart ; owl:someValuesFrom :Laces ] ) ] .
                :Top a owl:Class ; rdfs:subClassOf :Item ; owl:disjointUnionOf ( :Shirt :Pullover ) .
                :Shirt a owl:Class ; rdfs:label "Hemd"@de , "Shirt"@en .
                :Pullover a owl:Class .
                :sole a k:Attribute ; rdfs:label "sole" .
                """);
        try (KnowledgeStore kb = Workbench.create(WorkbenchConfig.notRecording()).openWorkspace(dir.resolve("ws"))) {
            kb.load(ttl);

            KnowledgeGraphs.Hierarchy stated = KnowledgeGraphs.hierarchy(kb, false);
            assertEquals(List.of("Item"), stated.roots().stream().map(KnowledgeGraphs.OntClass::label).toList());
            assertEquals(Set.of(EX + "Footwear"), stated.parents().get(EX + "Sandal"));
            assertEquals(Set.of(EX + "Footwear"), stated.parents().get(EX + "Boot"));
            // of labels in two languages, the English one
            assertEquals(List.of("Pullover", "Shirt"), stated.children(EX + "Top").stream()
                    .map(KnowledgeGraphs.OntClass::label).toList());
            assertEquals(Set.of(EX + "Footwear"), stated.parents().get(EX + "Sneaker"));
            assertEquals(List.of("Boot", "Sandal", "Sneaker"), KnowledgeGraphs.hierarchy(kb, true).children(EX + "Footwear").stream()
                    .map(KnowledgeGraphs.OntClass::label).toList());

            KnowledgeGraphs.OntClass sandal = stated.classes().get(EX + "Sandal");
            assertEquals(List.of(EX + "sole"), KnowledgeGraphs.detail(kb, sandal, true).attributes());
            assertTrue(KnowledgeGraphs.detail(kb, sandal, false).attributes().isEmpty());
            assertEquals(List.of(EX + "sole"), KnowledgeGraphs.detail(kb, stated.classes().get(EX + "Sneaker"), true).attributes());
        }
    }

    /** Attributes in a hierarchy: the inferred attributes of a margherita with mozzarella include cheese, not the topping above. */
    @Test
    void theInferredAttributesIncludeTheBroaderKindsOfAStatedOne() throws IOException {
        Path ttl = Files.writeString(dir.resolve("pizza.ttl"), """
                @prefix : <http://example.org/wardrobe#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix k: <https://kenning.dev/ns#> .
                :Margherita a owl:Class ; k:hasAttribute :Mozzarella .
                :Cheesy a owl:Class ; k:hasAttribute :Cheese .
                :Mozzarella a k:Attribute ; rdfs:subClassOf :Cheese .
                :Cheese a k:Attribute ; rdfs:subClassOf :Topping .
                :Topping a owl:Class .
                """);
        try (KnowledgeStore kb = Workbench.create(WorkbenchConfig.notRecording()).openWorkspace(dir.resolve("ws"))) {
            kb.load(ttl);
            KnowledgeGraphs.OntClass margherita = KnowledgeGraphs.hierarchy(kb, false).classes().get(EX + "Margherita");
            assertEquals(List.of(EX + "Cheese", EX + "Mozzarella"), KnowledgeGraphs.detail(kb, margherita, true).attributes());
            assertEquals(List.of(EX + "Mozzarella"), KnowledgeGraphs.detail(kb, margherita, false).attributes());
        }
    }
}
