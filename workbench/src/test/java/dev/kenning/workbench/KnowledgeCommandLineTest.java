package dev.kenning.workbench;

import dev.kenning.workbench.cli.Kenning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kenning kg ...} and {@code kenning rules check ...} against a workspace store on disk. */
class KnowledgeCommandLineTest {

    static final String FASHION = "../kg/ontology/fashion-attributes.ttl";
    static final String VOCABULARY = "../kg/ontology/kenning.ttl";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome kenning(String... args) {
        String[] withWorkspace = new String[args.length + 2];
        System.arraycopy(args, 0, withWorkspace, 0, args.length);
        withWorkspace[args.length] = "--workspace";
        withWorkspace[args.length + 1] = dir.resolve("ws").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Kenning.execute(withWorkspace, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importQueryAndListGraphs() {
        Outcome imported = kenning("kg", "import", VOCABULARY, FASHION);
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("fashion-attributes.ttl: "), imported.out());

        Outcome query = kenning("kg", "query", """
                PREFIX k: <https://kenning.dev/ns#>
                SELECT ?cls ?out WHERE { ?cls k:labelIndex 5 ; k:outputName ?out }""");
        assertEquals(0, query.code(), query.err());
        assertTrue(query.out().contains("fa:Sandal  class:sandal"), query.out());
        assertTrue(query.out().contains("(1 row, "), query.out());

        Outcome graphs = kenning("kg", "graphs");
        assertEquals(2, graphs.out().lines().filter(l -> l.contains("<file:")).count(), graphs.out());
        assertEquals("true\n", kenning("kg", "query", "ASK { ?s ?p ?o }").out());
    }

    @Test
    void anAttributeTableImportsIntoTheStoreWithOutputsForItsTermsAndABadCellChangesNothing() throws IOException {
        Path table = dir.resolve("birds.csv");
        Files.writeString(table, "species;\"wings, feathered\";webbed feet;hooked beak\npuffin;1;1;0\nowl;1;0;1\nkiwi;0;;0.25\n");
        CliRun imported = CliRun.of("kg", "import-table", table.toString(), "--namespace", "https://example.org/birds#",
                "--workspace", dir.resolve("ws").toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("3 classes × 3 attributes, 8 cells stated"), imported.out());
        CliRun query = CliRun.of("kg", "query", """
                PREFIX k: <https://kenning.dev/ns#>
                SELECT ?name ?index WHERE { ?c k:lacksAttribute ?a ; k:outputName ?name ; k:labelIndex ?index .
                  ?a k:outputName "attr:hooked-beak" } ORDER BY ?index""", "--workspace", dir.resolve("ws").toString());
        assertTrue(query.out().contains("class:puffin"), query.out());
        assertTrue(query.out().contains("(1 row, "), query.out());
        CliRun soft = CliRun.of("kg", "query", """
                PREFIX k: <https://kenning.dev/ns#>
                SELECT ?d WHERE { ?c k:outputName "class:kiwi" ; k:attributeDegree [ k:attribute ?a ; k:degree ?d ] }""",
                "--workspace", dir.resolve("ws").toString());
        assertTrue(soft.out().contains("0.25"), soft.out());
        long before = Long.parseLong(CliRun.of("kg", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--workspace",
                dir.resolve("ws").toString()).out().replaceAll("(?s).*?\\b(\\d+)\\b.*", "$1"));

        Files.writeString(table, "species;wings;webbed feet\npuffin;1;1\nowl;1;maybe\n");
        CliRun bad = CliRun.of("kg", "import-table", table.toString(), "--namespace", "https://example.org/birds#",
                "--workspace", dir.resolve("ws").toString());
        assertEquals(2, bad.code());
        assertEquals("error: " + table + ":3:7: 'maybe' under 'webbed feet': expected 1 (has it), 0 (lacks it), a degree between"
                + " them (0.4, 0,4 or 40%), or an empty cell (unknown); yes/no, true/false and NA are read too\n",
                bad.err());
        long after = Long.parseLong(CliRun.of("kg", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--workspace",
                dir.resolve("ws").toString()).out().replaceAll("(?s).*?\\b(\\d+)\\b.*", "$1"));
        assertEquals(before, after, "the store is as it was");

        Files.writeString(table, "species,wings\npuffin,70\n");
        CliRun scale = CliRun.of("kg", "import-table", table.toString(), "--namespace", "https://example.org/birds#",
                "--workspace", dir.resolve("ws").toString());
        assertTrue(scale.err().startsWith("error: " + table + ":2:8: '70' under 'wings'"), scale.err());
        assertTrue(scale.err().contains("divided by its maximum"), scale.err());
    }

    /** A Protégé ontology split into modules is imported whole from its main file; an import found nowhere is a note. */
    @Test
    void importingAnOntologyImportsWhatItImportsFromBesideIt() throws IOException {
        Path main = Files.writeString(dir.resolve("shop.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                <http://example.org/shop> a owl:Ontology ;
                    owl:imports <http://example.org/parts> , <http://purl.obolibrary.org/obo/bfo.owl> .
                """);
        Files.writeString(dir.resolve("parts.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                <http://example.org/parts> a owl:Ontology .
                <http://example.org/shop#Sole> a owl:Class .
                """);

        Outcome imported = kenning("kg", "import", main.toString());

        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("parts.ttl: imported by owl:imports"), imported.out());
        assertTrue(imported.out().contains("note: " + main + " imports <http://purl.obolibrary.org/obo/bfo.owl>"), imported.out());
        assertEquals("true\n", kenning("kg", "query", "ASK { <http://example.org/shop#Sole> ?p ?o }").out());
    }

    /**
     * A SKOS taxonomy imported into the store is read as a class hierarchy there too (the GUI's
     * class tree shows it), and a concept scheme imported in two files keeps both files' concepts.
     */
    @Test
    void aSkosSchemeImportedInPartsIsOneClassHierarchyInTheStore() throws IOException {
        Path top = Files.writeString(dir.resolve("garments.ttl"), """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                @prefix ex: <https://example.org/wear#> .
                ex:top a skos:Concept ; skos:prefLabel "Top"@en .
                ex:shoe a skos:Concept ; skos:prefLabel "Shoe"@en .
                """);
        Path leaves = Files.writeString(dir.resolve("garment-kinds.ttl"), """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                @prefix ex: <https://example.org/wear#> .
                ex:shirt a skos:Concept ; skos:prefLabel "Shirt"@en ; skos:broader ex:top .
                ex:sneaker a skos:Concept ; skos:prefLabel "Sneaker"@en ; skos:broader ex:shoe .
                """);

        Outcome first = kenning("kg", "import", top.toString());
        Outcome second = kenning("kg", "import", leaves.toString());
        kenning("kg", "import", VOCABULARY);

        assertEquals(0, second.code(), second.err());
        assertTrue(first.out().contains("note: 2 SKOS concept(s) read as classes"), first.out());
        assertTrue(second.out().contains("note: 4 SKOS concept(s) read as classes"), second.out());
        String ask = """
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                ASK { <https://example.org/wear#shirt> rdfs:subClassOf <https://example.org/wear#top> .
                      <https://example.org/wear#sneaker> rdfs:subClassOf <https://example.org/wear#shoe> .
                      <https://example.org/wear#top> a owl:Class ; rdfs:label "Top"@en . }""";
        assertEquals("true\n", kenning("kg", "query", ask).out());
    }

    @Test
    void aMalformedImportNamesLineAndColumnAndChangesNothing() throws IOException {
        kenning("kg", "import", VOCABULARY);
        String before = kenning("kg", "graphs").out();
        Path bad = dir.resolve("bad.ttl");
        Files.writeString(bad, "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n");

        Outcome o = kenning("kg", "import", bad.toString());

        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: " + bad + ":3:"), o.err());
        assertEquals(before, kenning("kg", "graphs").out());
    }

    /**
     * Several files are imported all or nothing: a good file before a bad one is not stored, and
     * what the store held (an earlier version of the good file among it) is there statement for
     * statement, graph for graph.
     */
    @Test
    void aMultiFileImportWithABadFileChangesNothing() throws IOException {
        Path good = dir.resolve("good.ttl");
        Files.writeString(good, "@prefix ex: <https://example.org/> .\nex:old ex:said ex:before .\n");
        Path other = Files.writeString(dir.resolve("other.ttl"), "@prefix ex: <https://example.org/> .\nex:kept ex:in ex:other .\n");
        kenning("kg", "import", other.toString(), good.toString());
        Path before = dir.resolve("before.nq");
        assertEquals(0, kenning("kg", "export", before.toString()).code());
        String graphsBefore = kenning("kg", "graphs").out();
        Files.writeString(good, """
                @prefix ex: <https://example.org/> .
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                ex:new ex:said ex:after .
                ex:Boot a skos:Concept ; skos:prefLabel "Boot" .
                """);
        Path bad = dir.resolve("bad.ttl");
        Files.writeString(bad, "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n");

        Outcome o = kenning("kg", "import", good.toString(), bad.toString());

        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: " + bad + ":3:"), o.err());
        Path after = dir.resolve("after.nq");
        assertEquals(0, kenning("kg", "export", after.toString()).code());
        assertEquals(sortedLines(before), sortedLines(after));
        assertEquals(graphsBefore, kenning("kg", "graphs").out());
        assertTrue(sortedLines(after).stream().anyMatch(l -> l.contains("https://example.org/before")), "the old good.ttl is kept");
        assertFalse(o.out().contains("good.ttl"), "nothing is reported stored: " + o.out());
    }

    private static List<String> sortedLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.sorted().toList();
        }
    }

    @Test
    void validationListsEachViolation() throws IOException {
        Path shoes = dir.resolve("shoes.ttl");
        Files.writeString(shoes, """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/> .
                ex:heel a k:Attribute ; k:outputName "heel" .
                """);
        kenning("kg", "import", VOCABULARY, FASHION, shoes.toString());

        Outcome o = kenning("kg", "validate");

        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.out().startsWith("2 result(s) against kenning-shapes.ttl:"), o.out());
        assertTrue(o.out().contains("Violation ex:heel rdfs:label: an attribute needs an rdfs:label"), o.out());
        assertTrue(o.out().contains("Violation ex:heel k:outputName: an attribute's k:outputName is one string "
                + "starting with \"attr:\" (value \"heel\")"), o.out());
    }

    @Test
    void theShippedFashionOntologyConformsAndInfers() {
        kenning("kg", "import", VOCABULARY, FASHION);

        Outcome valid = kenning("kg", "validate");
        assertEquals(0, valid.code(), valid.out());
        assertTrue(valid.out().startsWith("conforms to kenning-shapes.ttl"), valid.out());

        Outcome inferred = kenning("kg", "infer", "rdfs");
        assertEquals(0, inferred.code(), inferred.err());
        assertTrue(inferred.out().startsWith("rdfs: "), inferred.out());
        assertEquals("true\n", kenning("kg", "query", """
                ASK { GRAPH <urn:kenning:graph:inferred> {
                  <https://kenning.dev/fashion#Sandal>
                      <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://kenning.dev/fashion#FashionItem> } }""")
                .out());
    }

    @Test
    void aQueryFileWithAnErrorIsNamedWithLineAndColumn() throws IOException {
        Path query = dir.resolve("shoes.rq");
        Files.writeString(query, "SELECT * WHERE {\n  ?s ?p \n}\n");

        Outcome o = kenning("kg", "query", query.toString());

        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: " + query + ":3:1: "), o.err());
    }

    /** 'off' means no store to kenning run; to the commands that work on a store it is refused, not a folder named off. */
    @Test
    void workspaceOffIsRefusedByTheCommandsThatNeedAStore() {
        for (String[] args : List.of(new String[]{"kg", "graphs"}, new String[]{"rules", "check", "../rules/packs/physics.drl",
                "--derive"}, new String[]{"runs", "list"})) {
            String[] withOff = Stream.concat(Arrays.stream(args), Stream.of("--workspace", "off")).toArray(String[]::new);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Kenning.execute(withOff, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);

            assertEquals(2, code, String.join(" ", args) + ": " + message);
            assertTrue(message.startsWith("error: --workspace off: kenning " + args[0]) && message.contains("give its folder"),
                    message);
            assertTrue(Files.notExists(Path.of("off")), "no store made in a folder named off");
        }
    }

    @Test
    void anUnknownSubcommandIsRefusedBeforeAnyStoreIsCreated() {
        Outcome o = kenning("kg", "imprt", FASHION);

        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: kenning kg imprt: unknown subcommand"), o.err());
        assertTrue(Files.notExists(dir.resolve("ws")), "no workspace folder for a typo");
    }

    @Test
    void exportThenImportRoundTrips() {
        kenning("kg", "import", FASHION);
        Path nq = dir.resolve("all.nq");

        assertEquals(0, kenning("kg", "export", nq.toString()).code());
        Outcome o = kenning("kg", "import", nq.toString(), "--graph", "urn:g:copy");

        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("all.nq: "), o.out());
    }

    @Test
    void aFailedExportLeavesTheFileItWouldReplaceAsItWas() throws IOException {
        kenning("kg", "import", FASHION);
        Path dump = dir.resolve("dump.nt");
        Files.writeString(dump, "<urn:a> <urn:b> <urn:c> .\n");

        // N-Triples holds one graph: exporting the whole store fails once writing has begun
        Outcome failed = kenning("kg", "export", dump.toString());
        assertEquals(2, failed.code());
        assertEquals("<urn:a> <urn:b> <urn:c> .\n", Files.readString(dump), "the old dump is untouched");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(), "no leftovers");
        }
        String graph = "file://" + Path.of(FASHION).toAbsolutePath().normalize().toString();
        assertEquals(0, kenning("kg", "export", dump.toString(), "--graph", graph).code());
        assertTrue(Files.readString(dump).contains("kenning.dev/fashion#Sandal"), "replaced once complete");
    }

    /** Deriving from a workspace that is not there says so, rather than making one and deriving nothing from it. */
    @Test
    void rulesCheckDeriveWithoutAWorkspaceSaysWhatToDo() {
        Outcome o = kenning("rules", "check", "../rules/packs/attributes.drl", "--derive");
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().startsWith("error: " + dir.resolve("ws") + ": no workspace here to derive from: import knowledge into"
                + " it first (kenning kg import FILE --workspace " + dir.resolve("ws") + ")"), o.err());
        assertTrue(Files.notExists(dir.resolve("ws")), "no store made");
    }

    @Test
    void rulesCheckListsRulesAndDerivesFromTheWorkspace() {
        kenning("kg", "import", VOCABULARY, FASHION);

        Outcome o = kenning("rules", "check", "../rules/packs/attributes.drl", "--derive");

        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("attributes.drl: 16 rule(s)"), o.out());
        assertTrue(o.out().contains("class-implies-attribute  on [class:ankle-boot, attr:heel]"), o.out());
        assertTrue(o.out().contains("  because:  fa:Footwear k:hasAttribute fa:sole"), o.out());
        // the fashion knowledge states no degrees: that rule is said to have made nothing here
        assertTrue(o.out().matches("(?s).*rule\\(s\\) made no constraint from this knowledge .*'class shows an attribute to a"
                + " degree'.*"), o.out());
    }

    /** A scene that leaves the frame rate to the spec derives its law here with the camera's, given as --fps. */
    @Test
    void rulesCheckDerivesAWalkersLawWithTheCamerasFrameRate() {
        kenning("kg", "import", "../kg/ontology/physics.ttl", "../experiments/walking-scene.ttl");

        Outcome without = kenning("rules", "check", "../rules/packs/physics.drl", "--derive");
        assertEquals(0, without.code(), without.err());
        assertTrue(without.out().contains("0 constraint(s) derived"), without.out());
        assertTrue(without.out().contains("1 observation(s) state no k:frameRate (ex:walker)")
                && without.out().contains("give the camera's with --fps FPS"), without.out());

        Outcome with = kenning("rules", "check", "../rules/packs/physics.drl", "--derive", "--fps", "30");
        assertEquals(0, with.code(), with.err());
        assertTrue(with.out().lines().anyMatch(l -> l.startsWith("constant-velocity ")), with.out());
        assertTrue(with.out().contains("because:  ex:walker k:frameRate 30.0"), with.out());
        assertFalse(with.out().contains("state no k:frameRate"), with.out());

        Outcome bad = kenning("rules", "check", "../rules/packs/physics.drl", "--derive", "--fps", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--fps: must be the camera's frames per second, a number above 0, got '0'"), bad.err());
        Outcome alone = kenning("rules", "check", "../rules/packs/physics.drl", "--fps", "30");
        assertEquals(2, alone.code());
        assertTrue(alone.err().contains("--fps: applies to --derive only") && alone.out().isEmpty(), alone.out() + alone.err());
    }

    @Test
    void rulesCheckNamesTheDrlErrorsFileAndLine() throws IOException {
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, "package x\n\nrule \"r\"\nwhen\n    String( length > )\nthen\nend\n");

        Outcome o = kenning("rules", "check", drl.toString());

        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: " + drl + ":5:21: "), o.err());
    }

    @Test
    void wordNetImportsAHierarchyForClassNames() {
        Outcome o = kenning("kg", "wordnet", "Sandal", "Ankle boot", "--namespace", "https://example.org/c#");

        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Sandal -> wn:sandal.n.01: a shoe consisting of a sole fastened by straps"),
                o.out());
        assertTrue(o.out().contains("Ankle boot -> wn:boot.n.01 (a kind of)"), o.out());
        assertEquals("true\n", kenning("kg", "query", """
                ASK { <https://example.org/c#AnkleBoot> <http://www.w3.org/2000/01/rdf-schema#subClassOf>+
                      <https://kenning.dev/wordnet/3.1/footwear.n.02> }""").out());
    }
}
