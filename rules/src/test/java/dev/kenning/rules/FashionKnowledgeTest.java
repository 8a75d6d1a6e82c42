package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.wordnet.WordNetHypernyms;
import dev.kenning.rules.facts.ClassFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the three class packs derive from the shipped Fashion-MNIST attribute ontology. */
class FashionKnowledgeTest {

    static final Path FASHION = Path.of("../kg/ontology/fashion-attributes.ttl");
    static final Path VOCABULARY = Path.of("../kg/ontology/kenning.ttl");

    static List<ConstraintSpec> specs;

    @BeforeAll
    static void derive() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(VOCABULARY);
        kb.load(FASHION);
        RuleBook book = RuleBook.compile(List.of(Path.of("packs/taxonomy.drl"), Path.of("packs/disjointness.drl"),
                Path.of("packs/attributes.drl"), Path.of("packs/labels.drl")));
        specs = book.derive(ClassFacts.extract(kb));
    }

    @Test
    void theTenClassesComeOutPairwiseExclusive() {
        Set<Set<String>> pairs = new HashSet<>();
        of("mutually-exclusive").forEach(s -> pairs.add(Set.copyOf(s.bindings())));

        assertEquals(45, of("mutually-exclusive").size());
        assertEquals(45, pairs.size(), "no pair twice");
        assertTrue(pairs.contains(Set.of("class:sandal", "class:shirt")));
    }

    @Test
    void inheritedAttributesReachTheClassConstraints() {
        assertEquals(33, of("class-implies-attribute").size());
        ConstraintSpec bootSole = of("class-implies-attribute").stream()
                .filter(s -> s.bindings().equals(List.of("class:ankle-boot", "attr:sole"))).findFirst().orElseThrow();
        assertTrue(bootSole.provenance().triples().containsAll(List.of(
                new SourceTriple("fa:Footwear", "k:hasAttribute", "fa:sole"),
                new SourceTriple("fa:AnkleBoot", "rdfs:subClassOf", "fa:Footwear"))),
                bootSole.provenance().triples().toString());
    }

    @Test
    void whatADescriptionLeavesOutTheClassLacks() {
        // 10 classes x 18 scored attributes, less the 33 they have and the 9 they may have
        assertEquals(10 * 18 - 33 - 9, of("class-excludes-attribute").size());
        assertTrue(of("class-excludes-attribute").stream().noneMatch(s -> s.bindings().equals(List.of("class:sandal", "attr:heel"))),
                "some sandals have heels (k:mayHaveAttribute)");
        assertTrue(of("class-excludes-attribute").stream().anyMatch(s -> s.bindings().equals(List.of("class:sandal", "attr:laces"))));
        assertTrue(of("class-excludes-attribute").stream().noneMatch(s -> s.bindings().equals(List.of("class:sandal", "attr:straps"))));
    }

    @Test
    void theTenDisjointLabelsGiveExactlyOneInLabelOrder() {
        List<ConstraintSpec> one = of("exactly-one");
        assertEquals(1, one.size());
        assertEquals(List.of("class:tshirt-top", "class:trouser", "class:pullover", "class:dress", "class:coat",
                "class:sandal", "class:shirt", "class:sneaker", "class:bag", "class:ankle-boot"), one.get(0).bindings());
        assertTrue(one.get(0).provenance().triples().contains(new SourceTriple("fa:Bag", "k:labelIndex", "8")),
                one.get(0).provenance().triples().toString());
    }

    @Test
    void labelsThatMayOverlapGiveNoExactlyOne() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(VOCABULARY);
        kb.load(FASHION);
        kb.update("DELETE WHERE { GRAPH ?g { <https://kenning.dev/fashion#Coat> <http://www.w3.org/2002/07/owl#disjointWith>"
                + " <https://kenning.dev/fashion#Shirt> } }");
        List<ConstraintSpec> derived = RuleBook.compile(List.of(Path.of("packs/disjointness.drl"), Path.of("packs/labels.drl")))
                .derive(ClassFacts.extract(kb));
        assertTrue(derived.stream().noneMatch(s -> s.kind().equals("exactly-one")), "a coat may be a shirt: no exactly-one");
    }

    @Test
    void everyClassButTheTShirtHasAProfileOnlyItShows() {
        List<String> identified = of("attributes-imply-class").stream()
                .map(s -> s.bindings().get(s.bindings().size() - 1)).sorted().toList();

        // A T-shirt's {upper body, sleeves} is also every pullover's, coat's and shirt's.
        assertEquals(List.of("class:ankle-boot", "class:bag", "class:coat", "class:dress", "class:pullover",
                "class:sandal", "class:shirt", "class:sneaker", "class:trouser"), identified);
        ConstraintSpec sandal = of("attributes-imply-class").stream()
                .filter(s -> s.bindings().contains("class:sandal")).findFirst().orElseThrow();
        assertEquals(List.of("attr:sole", "attr:straps", "attr:worn-on-feet", "class:sandal"), sandal.bindings());
    }

    @Test
    void wordNetAboveScoredSuperclassesYieldsImplications() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(FASHION);
        try (WordNetHypernyms wordNet = WordNetHypernyms.open()) {
            kb.importModel(wordNet.hierarchy(Map.of("Sandal", "https://kenning.dev/fashion#Sandal",
                    "Sneaker", "https://kenning.dev/fashion#Sneaker"), "artifact").model(), "urn:kenning:wordnet");
        }
        // Score WordNet's footwear as a superclass output: Sandal ⊑ sandal ⊑ shoe ⊑ footwear, shoe unscored.
        kb.update("""
                INSERT DATA { GRAPH <urn:g:outputs> {
                  <https://kenning.dev/wordnet/3.1/footwear.n.02>
                      <https://kenning.dev/ns#outputName> "class:footwear" } }""");

        List<ConstraintSpec> implies = RuleBook.compile(List.of(Path.of("packs/taxonomy.drl")))
                .derive(ClassFacts.extract(kb));

        assertEquals(List.of(List.of("class:sandal", "class:footwear"), List.of("class:sneaker", "class:footwear")),
                implies.stream().map(ConstraintSpec::bindings).toList());
        assertTrue(implies.get(0).provenance().triples().contains(
                new SourceTriple("wn:sandal.n.01", "rdfs:subClassOf", "wn:shoe.n.01")), implies.get(0).toString());
    }

    private static List<ConstraintSpec> of(String kind) {
        return specs.stream().filter(s -> s.kind().equals(kind)).toList();
    }
}
