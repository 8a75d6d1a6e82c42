package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Class × attribute tables as CSV: the terms they make and the names they match. */
class AttributeTableTest {

    private static final String K = "PREFIX k: <https://kenning.dev/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
    private static final String NS = "https://example.org/t#";

    @TempDir
    Path dir;

    private static AttributeTable.Read read(KnowledgeBase kb, Path file) {
        AttributeTable.Read read = AttributeTable.read(file, NS, kb);
        kb.importModel(read.model(), KnowledgeBase.graphFor(file));
        return read;
    }

    /** Names in any script make terms of their own, named by their letters and digits; none is another's. */
    @Test
    void namesInAnyScriptMakeTermsOfTheirOwn() throws IOException {
        Path table = Files.writeString(dir.resolve("ja.csv"), "クラス,赤,青,丸い\nサンダル,1,0,1\nスニーカー,0,1,0\n"
                + "Größe (cm),1,1,0\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            read(kb, table);
            Map<String, String> byLabel = new java.util.TreeMap<>();
            kb.select(K + "SELECT ?t ?l WHERE { ?t rdfs:label ?l }").forEach(r -> byLabel.put(r.get("l"), r.get("t")));
            assertEquals(Map.of("赤", NS + "赤", "青", NS + "青", "丸い", NS + "丸い", "サンダル", NS + "サンダル",
                    "スニーカー", NS + "スニーカー", "Größe (cm)", NS + "Größe_cm_"), byLabel);
            assertFalse(kb.ask(K + "ASK { ?x k:hasAttribute|k:lacksAttribute ?x }"));
            assertTrue(kb.ask(K + "ASK { <" + NS + "サンダル> k:hasAttribute <" + NS + "丸い> ; k:lacksAttribute <" + NS + "青> }"));
        }
    }

    /** Two names that would make one IRI (a class and an attribute of one name) are refused, naming both cells. */
    @Test
    void twoNamesThatWouldMakeOneTermAreRefusedNamingBoth() throws IOException {
        Path table = Files.writeString(dir.resolve("ja.csv"), "クラス,赤,青\nサンダル,1,0\n赤,0,1\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError twice = assertThrows(InputError.class, () -> read(kb, table));
            assertEquals(table + ":3:1: the class '赤' would be made as <" + NS + "赤>, as the attribute '赤' at " + table
                    + ":1:5 is; rename one so that their letters or digits differ", twice.getMessage());
            assertEquals(0, kb.size());
        }
    }

    @Test
    void aLocalNameKeepsLettersAndDigitsOfAnyScript() {
        assertEquals(List.of("Schnürsenkel", "Größe_cm_", "Überzieher", "किताब", "hat_Absatz", "Stiefel_hoch"),
                List.of("Schnürsenkel", "Größe (cm)", "U\u0308berzieher", "किताब", "hat Absatz", "Stiefel, hoch").stream()
                        .map(AttributeTable::localName).toList());
    }

    /**
     * A row named as two classes of the graph are (one's English label, the other's label and local
     * name) binds to neither: it is refused at its line, naming both and how to choose; by IRI it
     * describes the one named, and a row naming a class another row names is refused.
     */
    @Test
    void aRowNamedAsTwoClassesAreIsRefusedAndChosenByIri() throws IOException {
        Path onto = Files.writeString(dir.resolve("shoes.ttl"), """
                @prefix : <https://example.org/schuh#> . @prefix b: <https://example.org/base#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Tasche a owl:Class ; rdfs:label "Tasche"@de, "bag"@en .
                b:Bag a owl:Class ; rdfs:label "bag" .
                :Stiefel a owl:Class .
                """);
        Path table = Files.writeString(dir.resolve("table.csv"), "class,heel\nStiefel,1\nbag,1\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(onto);
            long size = kb.size();
            InputError twice = assertThrows(InputError.class, () -> read(kb, table));
            assertEquals(table + ":3:1: 'bag' is a name of more than one class or attribute of the graph:"
                    + " <https://example.org/base#Bag>, <https://example.org/schuh#Tasche>; write the one meant as its IRI in"
                    + " angle brackets, or a name only it goes by", twice.getMessage());
            assertEquals(size, kb.size());

            Files.writeString(table, "class,heel\nStiefel,1\n<https://example.org/base#Bag>,1\n");
            AttributeTable.Read chosen = read(kb, table);
            assertEquals(0, chosen.made());
            assertTrue(kb.ask(K + "ASK { <https://example.org/base#Bag> k:hasAttribute ?h . ?h rdfs:label \"heel\" }"));
            assertFalse(kb.ask(K + "ASK { <https://example.org/schuh#Tasche> k:hasAttribute ?h }"));

            Files.writeString(table, "class,heel\nTasche,1\n<https://example.org/schuh#Tasche>,0\n");
            InputError again = assertThrows(InputError.class, () -> read(kb, table));
            assertEquals(table + ":3:1: the class '<https://example.org/schuh#Tasche>' is <https://example.org/schuh#Tasche>, as"
                    + " the class 'Tasche' at " + table + ":2:1 is; a table names each of its classes and attributes once",
                    again.getMessage());
            Files.writeString(table, "class,heel\n<https://example.org/schuh#Tache>,1\n");
            InputError typo = assertThrows(InputError.class, () -> read(kb, table));
            assertTrue(typo.getMessage().startsWith(table + ":2:1: <https://example.org/schuh#Tache> is no class or attribute"
                    + " of the graph"), typo.getMessage());
        }
    }

    /**
     * A table as a spreadsheet exports it: empty columns after the last attribute, a quoted cell
     * running over two lines (RFC 4180); a later cell's error still names its own line.
     */
    @Test
    void emptyTrailingColumnsAndQuotedLineBreaksAreRead() throws IOException {
        Path table = Files.writeString(dir.resolve("shoes.csv"), "class;heel;\"open,\nairy\";;\r\n"
                + "sandal;0;1;;\r\n\"boot,\r\nhigh\";1;0;;\r\n\r\nsneaker;0;maybe;;\r\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError later = assertThrows(InputError.class, () -> read(kb, table));
            assertTrue(later.getMessage().startsWith(table + ":7:11: 'maybe' under 'open,\nairy'"), later.getMessage());
            Files.writeString(table, Files.readString(table).replace("maybe", "1"));
            AttributeTable.Read read = read(kb, table);
            assertEquals(List.of(3, 2, 6), List.of(read.classes(), read.attributes(), read.cells()));
            assertTrue(kb.ask(K + "ASK { ?b rdfs:label \"boot,\\nhigh\" ; k:hasAttribute ?h . ?h rdfs:label \"heel\" }"));
        }
        Files.writeString(table, "class,heel,,\nsandal,0,,yes\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError unnamed = assertThrows(InputError.class, () -> read(kb, table));
            assertEquals(table + ":2:11: 'yes' is in a column the header names no attribute for; name it in the header or"
                    + " leave its cells empty", unnamed.getMessage());
            Files.writeString(table, "class,heel,,laces\nsandal,0,1,1\n");
            InputError gap = assertThrows(InputError.class, () -> read(kb, table));
            assertEquals(table + ":1:12: an attribute needs a name with a letter or digit", gap.getMessage());
            Files.writeString(table, "class,\"heel\nsandal,0\n");
            InputError open = assertThrows(InputError.class, () -> read(kb, table));
            assertTrue(open.getMessage().startsWith(table + ":1:7: a quoted cell is not closed before the end of the file"),
                    open.getMessage());
        }
    }

    /** A decomposed name (as macOS writes it) is the graph's composed one, and a term a table makes is named composed. */
    @Test
    void aDecomposedNameMatchesTheComposedOneAndMakesOneComposedTerm() throws IOException {
        Path onto = Files.writeString(dir.resolve("coats.ttl"), """
                @prefix : <https://example.org/wear#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Coat a owl:Class ; rdfs:label "\u00DCberzieher"@de .
                """);
        Path table = Files.writeString(dir.resolve("table.csv"), "class,Kno\u0308pfe\nU\u0308berzieher,1\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(onto);
            assertEquals(0, read(kb, table).made());
            assertTrue(kb.ask(K + "ASK { <https://example.org/wear#Coat> k:hasAttribute <" + NS + "Kn\u00F6pfe> }"));
            AttributeMapping.nameOutputs(kb, List.of(), "test");
            assertEquals(List.of(Map.of("o", "attr:kn\u00F6pfe")), kb.select(K + "SELECT ?o WHERE { <" + NS
                    + "Kn\u00F6pfe> k:outputName ?o }"), "the label's letters composed, as the term is named, not 'kno-pfe'");
        }
    }
}
