package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.rdf.model.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default store: TDB2 in a folder on disk, with imports, queries, updates and inference. */
class WorkspaceStoreTest {

    private static final String PREFIXES = """
            PREFIX k: <https://kenning.dev/ns#>
            PREFIX ex: <https://example.org/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            """;

    @TempDir
    Path dir;

    Path store;
    KnowledgeBase kb;

    @BeforeEach
    void open() {
        store = dir.resolve("workspace");
        kb = KnowledgeBase.openWorkspace(store);
    }

    @AfterEach
    void close() {
        kb.close();
    }

    @Test
    void aMalformedTurtleImportNamesLineAndColumnAndLeavesTheStoreExactlyAsItWas() throws IOException {
        kb.load(Path.of("ontology/physics.ttl"));
        kb.update(PREFIXES + "INSERT DATA { ex:a ex:b ex:c }");
        String before = dump(kb);
        Path bad = write("half.ttl", """
                @prefix ex: <https://example.org/> .
                @prefix new: <https://example.org/new#> .
                ex:x1 ex:y ex:z .
                ex:x2 ex:y ex:z .
                ex:x3 ex:y ex:z
                ex:x4 ex:y ex:z .
                """);

        InputError e = assertThrows(InputError.class, () -> kb.importFile(bad, "urn:g:half"));

        // The missing '.' shows at the fourth statement's subject: line 6, column 1.
        assertEquals(bad + ":6:1", e.where(), e.getMessage());
        assertEquals(before, dump(kb));
        assertFalse(kb.ask("ASK { <https://example.org/x1> ?p ?o }"), "streamed statements must be rolled back");
        assertFalse(kb.<Boolean>read(m -> m.getNsPrefixMap().containsKey("new")), "prefixes roll back too");
        // And on disk: the store reopened from its folder is the same.
        kb.close();
        kb = KnowledgeBase.openWorkspace(store);
        assertEquals(before, dump(kb));
    }

    @Test
    void importsEachSyntaxIntoItsOwnNamedGraph() throws IOException {
        Path ttl = write("a.ttl", "@prefix ex: <https://example.org/> .\nex:s ex:p \"turtle\" .\n");
        Path nt = write("b.nt", "<https://example.org/s> <https://example.org/p> \"ntriples\" .\n");
        Path xml = write("c.rdf", """
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
                  <rdf:Description rdf:about="https://example.org/s"><ex:p>rdfxml</ex:p></rdf:Description>
                </rdf:RDF>
                """);
        Path json = write("d.jsonld", """
                {"@id": "https://example.org/s", "https://example.org/p": "jsonld"}
                """);
        Path nq = write("e.nq", """
                <https://example.org/s> <https://example.org/p> "nquads-default" .
                <https://example.org/s> <https://example.org/p> "nquads-named" <urn:g:inside> .
                """);

        for (Path file : List.of(ttl, nt, xml, json, nq)) {
            kb.load(file);
        }

        assertEquals(List.of(KnowledgeBase.graphFor(ttl), KnowledgeBase.graphFor(nt), KnowledgeBase.graphFor(xml),
                KnowledgeBase.graphFor(json), KnowledgeBase.graphFor(nq), "urn:g:inside"), kb.graphs());
        List<Map<String, String>> rows = kb.select(PREFIXES + """
                SELECT ?g ?v WHERE { GRAPH ?g { ex:s ex:p ?v } } ORDER BY ?v""");
        assertEquals(List.of(
                Map.of("g", KnowledgeBase.graphFor(json), "v", "jsonld"),
                Map.of("g", KnowledgeBase.graphFor(nq), "v", "nquads-default"),
                Map.of("g", "urn:g:inside", "v", "nquads-named"),
                Map.of("g", KnowledgeBase.graphFor(nt), "v", "ntriples"),
                Map.of("g", KnowledgeBase.graphFor(xml), "v", "rdfxml"),
                Map.of("g", KnowledgeBase.graphFor(ttl), "v", "turtle")), rows);
        // Without GRAPH, a query sees the union.
        assertEquals(6, kb.select(PREFIXES + "SELECT ?v WHERE { ex:s ex:p ?v }").size());
    }

    @Test
    void reimportingAFileReplacesItsGraph() throws IOException {
        Path file = write("scene.ttl", "@prefix ex: <https://example.org/> .\nex:ball ex:colour ex:red .\n");
        kb.load(file);
        write("scene.ttl", "@prefix ex: <https://example.org/> .\nex:ball ex:colour ex:blue .\n");

        kb.load(file);

        assertEquals(List.of(Map.of("c", "https://example.org/blue")),
                kb.select(PREFIXES + "SELECT ?c WHERE { ex:ball ex:colour ?c }"));
    }

    @Test
    void theSameStatementInTwoGraphsCountsOnce() throws IOException {
        String turtle = "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n";
        kb.importFile(write("one.ttl", turtle), "urn:g:1");
        kb.importFile(write("two.ttl", turtle), "urn:g:2");

        assertEquals(1, kb.size());
        assertEquals(1, kb.select("SELECT * WHERE { ?s ?p ?o }").size());
    }

    @Test
    void exportsOneGraphOrTheWholeStoreAndReadsItBack() throws IOException {
        kb.load(Path.of("ontology/physics.ttl"));
        kb.importFile(write("x.ttl", "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n"), "urn:g:x");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream one = new ByteArrayOutputStream();

        kb.export(all, RdfSyntax.N_QUADS, null);
        kb.export(one, RdfSyntax.TURTLE, "urn:g:x");

        Path quads = write("all.nq", all.toString(StandardCharsets.UTF_8));
        try (KnowledgeBase copy = KnowledgeBase.inMemory()) {
            copy.importFile(quads, "urn:g:unused");
            assertEquals(kb.graphs(), copy.graphs());
            assertEquals(kb.size(), copy.size());
        }
        assertTrue(one.toString(StandardCharsets.UTF_8).contains("ex:a"), one.toString(StandardCharsets.UTF_8));
        assertFalse(one.toString(StandardCharsets.UTF_8).contains("FreeFall"));
        InputError e = assertThrows(InputError.class,
                () -> kb.export(new ByteArrayOutputStream(), RdfSyntax.TURTLE, null));
        assertTrue(e.getMessage().contains(".nq or .trig"), e.getMessage());
    }

    @Test
    void askConstructAndUpdate() {
        kb.update(PREFIXES + """
                INSERT DATA { GRAPH <urn:g:pets> { ex:rex a ex:Dog . ex:Dog rdfs:subClassOf ex:Animal } }""");

        assertTrue(kb.ask(PREFIXES + "ASK { ex:rex a ex:Dog }"));
        Model built = kb.construct(PREFIXES + "CONSTRUCT { ?x ex:kind ?c } WHERE { ?x a ?c }");
        assertEquals(1, built.size());
        assertEquals(List.of("urn:g:pets"), kb.graphs());
        kb.update(PREFIXES + "DELETE WHERE { GRAPH ?g { ex:rex ?p ?o } }");
        assertFalse(kb.ask(PREFIXES + "ASK { ex:rex ?p ?o }"));
    }

    @Test
    void aFailingUpdateChangesNothing() {
        kb.update(PREFIXES + "INSERT DATA { ex:a ex:b ex:c }");
        long before = kb.size();

        // The first operation succeeds, the second cannot: LOAD of a file that does not exist.
        InputError e = assertThrows(InputError.class, () -> kb.update(PREFIXES
                + "INSERT DATA { ex:d ex:e ex:f } ;\nLOAD <file:///nowhere/missing.ttl>"));

        assertTrue(e.getMessage().startsWith("sparql: update failed, nothing changed"), e.getMessage());
        assertEquals(before, kb.size());
    }

    @Test
    void aBadUpdateNamesItsPosition() {
        InputError e = assertThrows(InputError.class, () -> kb.update("INSERT DATA {\n  <urn:a> <urn:b> }"));

        // The '}' where the object should be is the 19th character of line 2.
        assertEquals("sparql:2:19", e.where(), e.getMessage());
    }

    @Test
    void rdfsInferenceIsStoredInItsOwnGraphAndRecomputedOnDemand() {
        kb.update(PREFIXES + """
                INSERT DATA { GRAPH <urn:g:t> {
                  ex:Sandal rdfs:subClassOf ex:Shoe . ex:Shoe rdfs:subClassOf ex:Footwear .
                  ex:s1 a ex:Sandal } }""");

        long entailed = kb.infer(Entailment.RDFS);

        assertTrue(kb.ask(PREFIXES + "ASK { GRAPH <" + KnowledgeBase.INFERRED_GRAPH + "> { ex:s1 a ex:Footwear } }"));
        assertTrue(kb.ask(PREFIXES + "ASK { ex:Sandal rdfs:subClassOf ex:Footwear }"));
        assertFalse(kb.ask(PREFIXES + "ASK { ex:Sandal rdfs:subClassOf ex:Sandal }"), "reflexive links are noise");
        assertFalse(kb.ask("ASK { GRAPH <" + KnowledgeBase.INFERRED_GRAPH + "> { ?s a "
                + "<http://www.w3.org/2000/01/rdf-schema#Resource> } }"));
        // Sandal ⊑ Footwear; s1 a Shoe, Footwear; plus the classes typed rdfs:Class by the subclass links.
        assertEquals(6, entailed, kb.select("SELECT * { GRAPH <" + KnowledgeBase.INFERRED_GRAPH + "> { ?s ?p ?o } }")
                .toString());

        kb.update(PREFIXES + "DELETE DATA { GRAPH <urn:g:t> { ex:Shoe rdfs:subClassOf ex:Footwear } }");
        kb.infer(Entailment.RDFS);
        assertFalse(kb.ask(PREFIXES + "ASK { ex:s1 a ex:Footwear }"), "a stale entailment must not survive");
    }

    @Test
    void inferenceReadsAcrossEveryImportedGraph() {
        kb.load(Path.of("ontology/kenning.ttl"));
        kb.load(Path.of("ontology/fashion-attributes.ttl"));

        kb.infer(Entailment.RDFS);

        assertTrue(kb.ask("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX fa: <https://kenning.dev/fashion#>
                PREFIX k: <https://kenning.dev/ns#>
                ASK { GRAPH <urn:kenning:graph:inferred> {
                  fa:Sandal rdfs:subClassOf fa:FashionItem . fa:FashionMnistClassification a k:Task } }"""));
    }

    @Test
    void owlMicroUsesEquivalenceAndInverses() {
        kb.update(PREFIXES + """
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                INSERT DATA {
                  ex:Sneaker owl:equivalentClass ex:TrainingShoe .
                  ex:worn owl:inverseOf ex:wears .
                  ex:s1 a ex:Sneaker . ex:ann ex:wears ex:s1 }""");

        kb.infer(Entailment.OWL_MICRO);

        assertTrue(kb.ask(PREFIXES + "ASK { ex:s1 a ex:TrainingShoe }"));
        assertTrue(kb.ask(PREFIXES + "ASK { ex:s1 ex:worn ex:ann }"));
        assertFalse(kb.ask("ASK { GRAPH <" + KnowledgeBase.INFERRED_GRAPH + "> { ?s ?p ?o "
                + "FILTER(STRSTARTS(STR(?s), 'http://www.w3.org/')) } }"), "vocabulary axioms are left out");
    }

    @Test
    void aFileWhereAFolderIsExpectedIsAnInputError() throws IOException {
        Path file = write("not-a-folder", "x");

        InputError e = assertThrows(InputError.class, () -> KnowledgeBase.openWorkspace(file));

        assertTrue(e.getMessage().contains("must be a folder"), e.getMessage());
    }

    @Test
    void aStoreWhoseBlocksWereNeverWrittenIsSaidToBeDamagedAndWhatToDo() throws IOException {
        kb.update(PREFIXES + "INSERT DATA { GRAPH ex:g { ex:a ex:b ex:c } }");
        kb.close();
        // as a disk that filled up while the store was made leaves it: the index and data files all zeros
        try (var files = Files.walk(store)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".dat") || f.toString().endsWith(".idn")).toList()) {
                long size = Files.size(f);
                Files.write(f, new byte[0]);
                try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(size);
                }
            }
        }
        kb = KnowledgeBase.inMemory();

        InputError e = assertThrows(InputError.class, () -> {
            try (KnowledgeBase damaged = KnowledgeBase.openWorkspace(store)) {
                damaged.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }");
            }
        });

        assertEquals(store + ": the workspace is damaged (No known block type for 0; a disk that filled up while it was"
                + " written leaves it so): move it aside (mv " + store + " " + store + ".damaged), then record your runs in a"
                + " new one with kenning runs record RUN_DIR... and import your knowledge again with kenning kg import",
                e.getMessage());
    }

    @Test
    void aFaultInTheStoresMappedFilesIsAFullDiskAndAnyOtherErrorIsNotAFaultOfTheFiles() {
        // what the JVM throws when a write to a memory-mapped file finds no room (SIGBUS)
        InputError full = WorkspaceFault.of(store, new InternalError("a fault occurred in a recent unsafe memory access"
                + " operation in compiled Java code")).orElseThrow();
        assertTrue(full.getMessage().startsWith(store + ": cannot write the workspace: its disk is full ("), full.getMessage());
        assertTrue(full.getMessage().endsWith("MB free): free some space, or name another workspace (--workspace DIR or"
                + " KENNING_WORKSPACE=DIR; off records nothing)"), full.getMessage());
        assertTrue(WorkspaceFault.of(store, new java.io.UncheckedIOException(new IOException("No space left on device")))
                .orElseThrow().getMessage().contains("its disk is full"));
        assertEquals(java.util.Optional.empty(), WorkspaceFault.of(store, new IllegalArgumentException("a bad query")));
        // a transaction the store refuses is no fault of its files: never told to move the workspace aside
        assertEquals(java.util.Optional.empty(), WorkspaceFault.of(store,
                new org.apache.jena.dboe.transaction.txn.TransactionException("Can't promote a read transaction")));
        assertEquals(java.util.Optional.empty(), WorkspaceFault.of(store,
                new org.apache.jena.dboe.base.file.AlreadyLocked("Location is already locked by a process")),
                "another process holding the store is said by its own message");
    }

    /** The store as sorted N-Quads plus its prefixes: equal strings mean an identical store. */
    private static String dump(KnowledgeBase kb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        kb.export(out, RdfSyntax.N_QUADS, null);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().sorted().toList();
        return String.join("\n", lines) + "\n" + kb.read(Model::getNsPrefixMap);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
