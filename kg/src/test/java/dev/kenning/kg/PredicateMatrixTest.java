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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Class × attribute matrices as AwA2 and CUB-200-2011 ship them, and the labels a table makes. */
class PredicateMatrixTest {

    private static final String K = "PREFIX k: <https://kenning.dev/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
            + " PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
            + " PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ";

    @TempDir
    Path dir;

    private static AttributeTable.Read read(KnowledgeBase kb, Path file) {
        AttributeTable.Read read = AttributeTable.read(file, "https://example.org/zs#", kb);
        kb.importModel(read.model(), KnowledgeBase.graphFor(file));
        return read;
    }

    /** The terms a table makes are named in provenance by a prefix from its file name, not by their file IRIs. */
    @Test
    void aTablesTermsGetAPrefixFromItsFileName() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        Path animals = Files.writeString(dir.resolve("animals.csv"), "class,stripes\nzebra,1\nhorse,0\n");
        AttributeTable.Read read = AttributeTable.read(animals, AttributeTable.defaultNamespace(animals), kb);
        assertEquals(AttributeTable.defaultNamespace(animals), read.model().getNsPrefixURI("animals"));
        kb.importModel(read.model(), KnowledgeBase.graphFor(animals));
        assertEquals("animals:zebra", kb.read(m -> m.shortForm(AttributeTable.defaultNamespace(animals) + "zebra")));
        // a second table of that name elsewhere is numbered; a long name is "table"
        Path again = Files.createDirectories(dir.resolve("other")).resolve("animals.csv");
        Files.writeString(again, "class,stripes\nzebra,1\nhorse,0\n");
        assertEquals(AttributeTable.defaultNamespace(again),
                AttributeTable.read(again, AttributeTable.defaultNamespace(again), kb).model().getNsPrefixURI("animals2"));
        assertEquals("table", AttributeTable.prefixFor(Path.of("class_attribute_labels_continuous.txt"), java.util.Map.of()));
        assertEquals("awa2-predicates", AttributeTable.prefixFor(Path.of("2 AwA2 predicates.csv"), java.util.Map.of()));
    }

    /**
     * What a list of knowledge files to choose from offers as tables: a class × attribute CSV or
     * TSV and a predicate matrix, not a Drools decision table, a matrix's names files, a list of
     * test classes or a text file of prose.
     */
    @Test
    void tablesAreToldFromDecisionTablesAndNamesFiles() throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("animals.csv", "\uFEFFclass;stripes;hooves\nzebra;1;1\n");
        files.put("animals.tsv", "# from the paper\nclass\tstripes\nzebra\t1\n");
        files.put("predicate-matrix-continuous.txt", "\n -1.00 0.00 37.5 1e2\n");
        files.put("laws.csv", "\"RuleSet\",dev.kenning.rules.laws,,\n");
        files.put("imports.csv", "Import,java.util.List\n");
        files.put("classes.txt", "1\tzebra\n");
        files.put("testclasses.txt", "zebra\nhorse\n");
        files.put("readme.txt", "Animals with Attributes 2, 2017\n");
        files.put("empty.csv", "");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        List<String> tables = files.keySet().stream().filter(n -> AttributeTable.looksLikeTable(dir.resolve(n))).toList();
        assertEquals(List.of("animals.csv", "animals.tsv", "predicate-matrix-continuous.txt"), tables);
    }

    /**
     * A table as a spreadsheet exports it: a German Excel's semicolons, decimal commas and CRLF
     * with a byte-order mark, percentages, TRUE/FALSE and yes/no, pandas' missing-value marks; a
     * cell that is none of those is named at its line and column with what is read.
     */
    @Test
    void aSpreadsheetsExportReadsAsItWritesIt() throws IOException {
        Path table = dir.resolve("animals.csv");
        Files.writeString(table, "\uFEFFclass;stripes;hooves;spots;water\r\n"
                + "zebra;WAHR;1;0,25;NA\r\n"
                + "\"horse; wild\";FALSE;yes;12.5 %;?\r\n"
                + "whale;no;n;0;TRUE\r\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError german = assertThrows(InputError.class, () -> read(kb, table));
            assertTrue(german.getMessage().startsWith(table + ":2:7: 'WAHR' under 'stripes': expected 1 (has it), 0 (lacks it),"
                    + " a degree between them (0.4, 0,4 or 40%), or an empty cell (unknown); yes/no, true/false and NA are read"
                    + " too"), german.getMessage());
        }
        Files.writeString(table, Files.readString(table).replace("WAHR", "true"));
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            AttributeTable.Read read = read(kb, table);
            assertEquals(List.of(3, 4, 10), List.of(read.classes(), read.attributes(), read.cells()));
            assertEquals(List.of("horse; wild=hooves", "whale=water", "zebra=hooves", "zebra=stripes"), pairs(kb, "k:hasAttribute"));
            assertEquals(List.of("horse; wild=stripes", "whale=hooves", "whale=spots", "whale=stripes"), pairs(kb, "k:lacksAttribute"));
            assertEquals(List.of("horse; wild=spots=0.125", "zebra=spots=0.25"), kb.select(K + "SELECT ?c ?a ?d WHERE { ?x"
                    + " k:attributeDegree ?n . ?n k:attribute ?y ; k:degree ?d . ?x rdfs:label ?c . ?y rdfs:label ?a } ORDER BY ?c")
                    .stream().map(r -> r.get("c") + "=" + r.get("a") + "=" + Double.parseDouble(r.get("d"))).toList());
        }
    }

    private static List<String> pairs(KnowledgeBase kb, String property) {
        return kb.select(K + "SELECT ?c ?a WHERE { ?x " + property + " ?y . ?x rdfs:label ?c . ?y rdfs:label ?a } ORDER BY ?c ?a")
                .stream().map(r -> r.get("c") + "=" + r.get("a")).toList();
    }

    /** AwA2: numbered names after tabs and spaces, a matrix of 0 and 1; the classes it makes are disjoint labels. */
    @Test
    void awaLayoutReadsAsItsTable() throws IOException {
        Files.writeString(dir.resolve("classes.txt"), "     1\tgrizzly+bear\n     2\tdalmatian\n     3\tkiller+whale\n");
        Files.writeString(dir.resolve("predicates.txt"), "     1\tblack\n     2\twhite\n     3\tflippers\n");
        Path matrix = dir.resolve("predicate-matrix-binary.txt");
        Files.writeString(matrix, "1 0 0\n1 1 0\n1 1 1\n");
        assertTrue(AttributeTable.isTable(matrix));

        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            AttributeTable.Read read = read(kb, matrix);
            assertEquals(List.of(3, 3, 9, 3), List.of(read.classes(), read.attributes(), read.cells(), read.made()));
            assertTrue(kb.ask(K + "ASK { ?c rdfs:label \"killer+whale\" ; k:hasAttribute ?f . ?f rdfs:label \"flippers\" }"));
            assertTrue(kb.ask(K + "ASK { ?c rdfs:label \"grizzly+bear\" ; k:lacksAttribute ?w . ?w rdfs:label \"white\" }"));
            assertEquals("3", kb.select(K + "SELECT (COUNT(?m) AS ?n) WHERE { ?d a owl:AllDisjointClasses ;"
                    + " owl:members/rdf:rest*/rdf:first ?m }").get(0).get("n"));
            assertTrue(read.disjointnessNote(matrix).contains("the 3 classes it names and the graph lacks"), read.disjointnessNote(matrix));
        }
    }

    /**
     * CUB-200-2011: the matrix two folders below its attribute names, one below its class names;
     * percentages read as degrees (0 lacks, 100 has), a negative cell unknown, and a numbered class
     * name also goes by the rest of it.
     */
    @Test
    void cubLayoutReadsPercentagesAndNumberedNames() throws IOException {
        Path cub = Files.createDirectories(dir.resolve("CUB_200_2011/attributes"));
        Files.writeString(dir.resolve("attributes.txt"), "1 has_bill_shape::curved_(up_or_down)\n2 has_wing_color::blue\n");
        Files.writeString(dir.resolve("CUB_200_2011/classes.txt"), "1 001.Black_footed_Albatross\n2 002.Laysan_Albatross\n");
        Path matrix = cub.resolve("class_attribute_labels_continuous.txt");
        Files.writeString(matrix, "0.000000 37.5\n100 -1\n");

        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            AttributeTable.Read read = read(kb, matrix);
            assertEquals(3, read.cells(), "the negative cell states nothing");
            assertTrue(kb.ask(K + "ASK { ?c skos:altLabel \"Black_footed_Albatross\" ; k:attributeDegree [ k:degree ?d ] ."
                    + " FILTER(?d = 0.375) }"));
            assertTrue(kb.ask(K + "ASK { ?c rdfs:label \"001.Black_footed_Albatross\" ; k:lacksAttribute ?a ."
                    + " ?a rdfs:label \"has_bill_shape::curved_(up_or_down)\" }"));
            assertTrue(kb.ask(K + "ASK { ?c rdfs:label \"002.Laysan_Albatross\" ; k:hasAttribute ?a }"));
            assertEquals(1, kb.select(K + "SELECT ?c WHERE { ?c k:hasAttribute|k:lacksAttribute|k:attributeDegree ?a ;"
                    + " rdfs:label \"002.Laysan_Albatross\" }").size());
            AttributeMapping.nameOutputs(kb, List.of(), "test");
            assertEquals(List.of(Map.of("o", "attr:has-bill-shape-curved-up-or-down")), kb.select(K
                    + "SELECT ?o WHERE { ?a rdfs:label \"has_bill_shape::curved_(up_or_down)\" ; k:outputName ?o }"));
            List<String> names = ClassNames.of(kb, kb.select(K + "SELECT ?c WHERE { ?c rdfs:label \"001.Black_footed_Albatross\" }")
                    .get(0).get("c"));
            assertTrue(names.contains("Black_footed_Albatross"), names.toString());
        }
    }

    @Test
    void aMatrixIsCheckedAgainstItsNamesWhereItIsWrong() throws IOException {
        Path matrix = dir.resolve("predicate-matrix-binary.txt");
        Files.writeString(matrix, "1 0\n0 1\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError noNames = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(matrix.toString(), noNames.where());
            assertTrue(noNames.getMessage().contains("classes.txt is neither beside it nor in the two folders above"),
                    noNames.getMessage());

            Files.writeString(dir.resolve("classes.txt"), "1 zebra\n2 horse\n");
            Files.writeString(dir.resolve("predicates.txt"), "1 stripes\n2 hooves\n3 mane\n");
            InputError columns = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(matrix + ":1:1", columns.where());
            assertTrue(columns.getMessage().contains("has 2 numbers where"), columns.getMessage());

            Files.writeString(matrix, "1 0 1\n0 yes 1\n");
            InputError word = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(matrix + ":2:3", word.where());

            Files.writeString(matrix, "1 0 1\n0 1 1\n1 1 1\n");
            InputError rows = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(matrix + ":3:1", rows.where());
            assertTrue(rows.getMessage().contains("one row more than the 2 classes"), rows.getMessage());

            Files.writeString(matrix, "1 0 50\n0 1 101\n");
            InputError percent = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(matrix + ":2:5", percent.where());
            assertTrue(percent.getMessage().contains("from 0 to 100"), percent.getMessage());

            Files.writeString(dir.resolve("classes.txt"), "1 zebra\n2 Zebra\n");
            Files.writeString(matrix, "1 0 1\n0 1 1\n");
            InputError twice = assertThrows(InputError.class, () -> read(kb, matrix));
            assertEquals(dir.resolve("classes.txt") + ":2:3", twice.where());
            assertTrue(twice.getMessage().contains("as 'zebra' at " + dir.resolve("classes.txt") + ":1:3"), twice.getMessage());
            InputError names = assertThrows(InputError.class, () -> read(kb, dir.resolve("classes.txt")));
            assertTrue(names.getMessage().contains("name the matrix itself"), names.getMessage());
            assertEquals(0, kb.size(), "nothing was read into the store");
        }
    }

    /** A table describing the graph's own classes makes none, so it states no disjointness: the ontology's stands. */
    @Test
    void aTableOfTheGraphsClassesStatesNoDisjointness() throws IOException {
        Path onto = dir.resolve("horses.ttl");
        Files.writeString(onto, "@prefix ex: <http://example.org/h#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                + "ex:Zebra a owl:Class . ex:Horse a owl:Class .\n");
        Path table = dir.resolve("table.csv");
        Files.writeString(table, "class,stripes\nzebra,1\nhorse,0\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(onto);
            AttributeTable.Read read = read(kb, table);
            assertEquals(0, read.made());
            assertNull(read.disjointnessNote(table));
            assertTrue(!kb.ask(K + "ASK { ?d a owl:AllDisjointClasses }"));
        }
    }
}
