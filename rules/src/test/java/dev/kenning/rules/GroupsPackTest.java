package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.wordnet.WordNetHypernyms;
import dev.kenning.rules.facts.ClassFacts;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the groups pack scores of the Fashion-MNIST hierarchy, authored and WordNet's. */
class GroupsPackTest {

    static final List<Path> PACKS = List.of(Path.of("packs/disjointness.drl"), Path.of("packs/attributes.drl"),
            Path.of("packs/labels.drl"), Path.of("packs/groups.drl"));

    @Test
    void theAuthoredHierarchyGivesThreeGroups() {
        List<ConstraintSpec> specs = derive(false);

        assertEquals(Set.of("group:Clothing", "group:Footwear", "group:UpperBodyGarment"), groups(specs));
        assertEquals(1, of(specs, "exactly-one").size(), "scoring groups keeps the labels pairwise disjoint");
        // every label either implies a group or excludes it: 10 labels x 3 groups
        assertEquals(30, groupStatements(specs));
    }

    @Test
    void wordNetAddsTheSynsetsTheLabelsShareAndKeepsOneGroupPerSetOfLabels() {
        List<ConstraintSpec> specs = derive(true);

        // fa:Clothing and fa:Footwear hold the same labels as WordNet's clothing and footwear,
        // which have more superclasses; consumer goods hold clothing's labels and are above it.
        assertEquals(Set.of("group:shirt.n.01", "group:garment.n.01", "group:clothing.n.01", "group:covering.n.02",
                "group:footwear.n.02", "group:shoe.n.01", "group:UpperBodyGarment"), groups(specs));
        assertEquals(70, groupStatements(specs));
        assertTrue(has(specs, "implies", "class:tshirt-top", "group:shirt.n.01"));
        assertTrue(has(specs, "implies", "class:shirt", "group:shirt.n.01"));
        assertTrue(has(specs, "mutually-exclusive", "class:dress", "group:garment.n.01"), "WordNet: a dress is clothing, not a garment");
        assertTrue(has(specs, "implies", "class:dress", "group:clothing.n.01"));
        assertTrue(has(specs, "mutually-exclusive", "class:ankle-boot", "group:shoe.n.01"));
        assertFalse(has(specs, "implies", "class:bag", "group:covering.n.02"));

        ConstraintSpec tshirt = of(specs, "implies").stream()
                .filter(s -> s.bindings().equals(List.of("class:tshirt-top", "group:garment.n.01"))).findFirst().orElseThrow();
        assertEquals(List.of(new SourceTriple("fa:TShirtTop", "rdfs:subClassOf", "wn:jersey.n.03"),
                new SourceTriple("wn:jersey.n.03", "rdfs:subClassOf", "wn:shirt.n.01"),
                new SourceTriple("wn:shirt.n.01", "rdfs:subClassOf", "wn:garment.n.01")), tshirt.provenance().triples());
        assertEquals(1, of(specs, "exactly-one").size());
    }

    @Test
    void aGroupClassLacksNoAttributeItsSubclassesMayShow() {
        // Footwear is described by worn-on-feet and sole only; sneakers add laces. Scored as a
        // group, footwear must not be read closed-world as lacking laces.
        List<ConstraintSpec> specs = derive(false);

        assertTrue(has(specs, "class-implies-attribute", "group:Footwear", "attr:worn-on-feet"));
        assertFalse(has(specs, "class-excludes-attribute", "group:Footwear", "attr:laces"));
    }

    private static List<ConstraintSpec> derive(boolean wordNet) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(FashionKnowledgeTest.VOCABULARY);
        kb.load(FashionKnowledgeTest.FASHION);
        if (wordNet) {
            try (WordNetHypernyms hypernyms = WordNetHypernyms.open()) {
                kb.importModel(hypernyms.hierarchyOfLabels(kb, "artifact").model(), WordNetHypernyms.GRAPH);
            }
        }
        return RuleBook.compile(PACKS).derive(ClassFacts.extract(kb));
    }

    private static Set<String> groups(List<ConstraintSpec> specs) {
        Set<String> groups = new TreeSet<>();
        specs.forEach(s -> s.bindings().stream().filter(b -> b.startsWith("group:")).forEach(groups::add));
        return groups;
    }

    /**
     * Statements of a label about a group: the label implies it, or they exclude each other
     * (from this pack, or the disjointness pack where the graph states it); each pair once.
     */
    private static int groupStatements(List<ConstraintSpec> specs) {
        List<Set<String>> pairs = specs.stream()
                .filter(s -> s.kind().equals("implies") || s.kind().equals("mutually-exclusive"))
                .map(s -> Set.copyOf(s.bindings()))
                .filter(p -> p.size() == 2 && p.stream().anyMatch(b -> b.startsWith("class:"))
                        && p.stream().anyMatch(b -> b.startsWith("group:")))
                .toList();
        assertEquals(pairs.size(), Set.copyOf(pairs).size(), "no pair twice");
        return pairs.size();
    }

    /** Whether a constraint of the kind binds the two outputs (in either order for an exclusion). */
    private static boolean has(List<ConstraintSpec> specs, String kind, String first, String second) {
        return of(specs, kind).stream().anyMatch(s -> s.bindings().equals(List.of(first, second))
                || kind.equals("mutually-exclusive") && s.bindings().equals(List.of(second, first)));
    }

    private static List<ConstraintSpec> of(List<ConstraintSpec> specs, String kind) {
        return specs.stream().filter(s -> s.kind().equals(kind)).toList();
    }
}
