package dev.kenning.kg.wordnet;

import dev.kenning.core.knowledge.WordNetMatch;
import dev.kenning.core.InputError;
import dev.kenning.kg.KnowledgeBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real WordNet 3.1 hypernyms for the Fashion-MNIST class names. */
class WordNetHypernymsTest {

    static final String FA = "https://kenning.dev/fashion#";

    static WordNetHypernyms wordNet;
    static WordNetHierarchy fashion;

    @BeforeAll
    static void open() {
        wordNet = WordNetHypernyms.open();
        Map<String, String> classes = new LinkedHashMap<>();
        for (String[] c : new String[][]{{"T-shirt/top", "TShirtTop"}, {"Trouser", "Trouser"},
                {"Pullover", "Pullover"}, {"Dress", "Dress"}, {"Coat", "Coat"}, {"Sandal", "Sandal"},
                {"Shirt", "Shirt"}, {"Sneaker", "Sneaker"}, {"Bag", "Bag"}, {"Ankle boot", "AnkleBoot"}}) {
            classes.put(c[0], FA + c[1]);
        }
        fashion = wordNet.hierarchy(classes, "artifact");
    }

    @AfterAll
    static void close() {
        wordNet.close();
    }

    @Test
    void eachNameFindsItsGarmentSense() {
        Map<String, String> synsets = new LinkedHashMap<>();
        fashion.matches().forEach(m -> synsets.put(m.name(), m.synset()));

        assertEquals(Map.of("T-shirt/top", "jersey.n.03", "Trouser", "trouser.n.01", "Pullover", "pullover.n.01",
                "Dress", "dress.n.01", "Coat", "coat.n.01", "Sandal", "sandal.n.01", "Shirt", "shirt.n.01",
                "Sneaker", "gym_shoe.n.01", "Bag", "bag.n.01", "Ankle boot", "boot.n.01"), synsets);
        WordNetMatch ankleBoot = fashion.matches().get(9);
        assertTrue(ankleBoot.viaHeadWord(), "'ankle boot' is not in WordNet; it is a kind of boot");
        assertTrue(fashion.matches().get(5).gloss().contains("sole fastened by straps"), fashion.matches().get(5).gloss());
    }

    @Test
    void aClassNamedByItsHeadWordIsASubclassOfThatSynset() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.importModel(fashion.model(), "urn:kenning:wordnet");

        assertTrue(kb.ask("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX wn: <https://kenning.dev/wordnet/3.1/>
                ASK { <https://kenning.dev/fashion#AnkleBoot> rdfs:subClassOf wn:boot.n.01 .
                      wn:boot.n.01 rdfs:label "boot" ; rdfs:subClassOf+ wn:footwear.n.02 }"""));
        assertEquals("wn:shoe.n.01", kb.read(m -> m.shortForm(WordNetHypernyms.NS + "shoe.n.01")));
    }

    /**
     * WordNet is English: of a class's labels in several languages, the English one is looked up.
     * In a TDB2 store, where any label would come first ("Hemd" did).
     */
    @Test
    void aClassLabelledInSeveralLanguagesIsLookedUpByItsEnglishLabel(@TempDir Path store) {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(store)) {
            kb.update("""
                    PREFIX k: <https://kenning.dev/ns#>
                    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                    INSERT DATA {
                      <%1$sShirt> k:labelIndex 0 ; rdfs:label "Hemd"@de , "camisa"@es , "shirt"@en , "koszula"@pl .
                      <%1$sSandal> k:labelIndex 1 ; rdfs:label "sandal"@en , "Sandale"@de .
                    }""".formatted(FA));

            List<WordNetMatch> matches = wordNet.hierarchyOfLabels(kb, "artifact").matches();

            assertEquals(List.of("sandal", "shirt"), matches.stream().map(WordNetMatch::name).toList());
            assertEquals(List.of("sandal.n.01", "shirt.n.01"), matches.stream().map(WordNetMatch::synset).toList());
        }
    }

    @Test
    void aNameWordNetDoesNotKnowIsAnInputErrorNamingIt() {
        InputError e = assertThrows(InputError.class,
                () -> wordNet.hierarchy(Map.of("Qwzxyv", FA + "Qwzxyv"), "artifact"));

        assertEquals("Qwzxyv", e.where());
        assertTrue(e.getMessage().contains("no noun"), e.getMessage());
    }

    @Test
    void theAnchorPicksTheSenseUnderIt() {
        // "Bow": the first noun sense is a knot; anchored to weapons, the archer's bow.
        WordNetMatch plain = wordNet.hierarchy(Map.of("Bow", FA + "Bow"), null).matches().get(0);
        WordNetMatch weapon = wordNet.hierarchy(Map.of("Bow", FA + "Bow"), "weapon").matches().get(0);

        assertTrue(!plain.synset().equals(weapon.synset()), plain + " / " + weapon);
        assertTrue(weapon.gloss().contains("arrow"), weapon.toString());
    }

    @Test
    void sandalIsAShoeIsFootwear() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.importModel(fashion.model(), "urn:kenning:wordnet");

        List<Map<String, String>> chain = kb.select("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT ?label WHERE { <https://kenning.dev/fashion#Sandal> rdfs:subClassOf+ ?c . ?c rdfs:label ?label }""");
        List<String> labels = chain.stream().map(r -> r.get("label")).toList();
        assertTrue(labels.containsAll(List.of("shoe", "footwear", "artifact", "entity")), labels.toString());
    }

    /**
     * ImageNet's class folders (Imagenette's among them) are WordNet 3.0 noun offsets, which 3.1
     * renumbered: each id reaches its 3.1 synset through a sense key, and its class goes by the
     * synset's words. An id outside the anchor, or at no noun, is refused naming it.
     */
    @Test
    void anImageNetIdIsItsWordNet30SynsetFoundIn31() {
        String ns = "https://example.org/imagenette#";
        WordNetHierarchy h = wordNet.hierarchy(Map.of("n01440764", ns + "n01440764", "n03028079", ns + "n03028079",
                "N03417042", ns + "n03417042"), "entity");
        Map<String, String> synsets = new LinkedHashMap<>();
        h.matches().forEach(m -> synsets.put(m.name(), m.synset()));
        assertEquals(Map.of("n01440764", "tench.n.01", "n03028079", "church.n.02", "N03417042", "garbage_truck.n.01"), synsets);

        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.importModel(h.model(), "urn:kenning:wordnet");
        List<String> names = kb.select("""
                SELECT ?name WHERE { <https://example.org/imagenette#n03028079> <http://www.w3.org/2004/02/skos/core#altLabel> ?name }
                ORDER BY ?name""").stream().map(r -> r.get("name")).toList();
        assertEquals(List.of("church", "church building"), names);

        InputError outside = assertThrows(InputError.class, () -> wordNet.hierarchy(Map.of("n01440764", ns + "t"), "artifact"));
        assertEquals("n01440764", outside.where());
        assertTrue(outside.getMessage().contains("tench.n.01") && outside.getMessage().contains("entity"), outside.getMessage());
        InputError none = assertThrows(InputError.class, () -> wordNet.hierarchy(Map.of("n00000001", ns + "x"), null));
        assertTrue(none.getMessage().contains("no noun at offset 00000001"), none.getMessage());
    }
}
