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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnowledgeBaseTest {

    private static final Path ONTOLOGY = Path.of("ontology/physics.ttl");

    @TempDir
    Path dir;

    /** Found by fuzzing: Jena's tokenizer fails inside its own error message on an escape the file's end cuts off. */
    @Test
    void aPrefixedNameEndingInAnUnfinishedEscapeIsOneMessage() throws Exception {
        for (String text : new String[]{"@prefix k: <https://kenning.dev/ns#> .\nk:a k:b k:c%", "k:a k:b k:c\\"}) {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("cut.ttl"), text);
            try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
                InputError e = assertThrows(InputError.class, () -> kb.load(file), text);
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                assertEquals(0, kb.size());
            }
        }
    }

    /** Found by fuzzing: Jena's tokenizer steps back over a directive's trailing dots into a 10-character buffer. */
    @Test
    void aWordFollowedByManyDotsIsOneMessage() throws Exception {
        for (String text : new String[]{"@prefix" + ".".repeat(11) + " k: <https://kenning.dev/ns#> .",
                "# a directive\n@base" + ".".repeat(30) + " <https://kenning.dev/> ."}) {
            Path file = Files.writeString(dir.resolve("dots.ttl"), text);
            try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
                InputError e = assertThrows(InputError.class, () -> kb.load(file), text);
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                assertEquals(0, kb.size());
            }
        }
    }

    @Test
    void jsonLdContextsAreNeverFetchedFromTheNetworkOrTheDisk() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             KnowledgeBase kb = KnowledgeBase.inMemory()) {
            listener.setSoTimeout(300);
            for (String context : List.of("http://127.0.0.1:" + listener.getLocalPort() + "/context.jsonld", "file:///etc/passwd")) {
                Path file = dir.resolve("remote.jsonld");
                Files.writeString(file, "{\"@context\": \"" + context + "\", \"@id\": \"http://example.org/a\", \"name\": \"a\"}");
                InputError e = assertThrows(InputError.class, () -> kb.load(file));
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("fetches no context"), e.getMessage());
                assertEquals(0, kb.size(), "nothing imported");
            }
            assertThrows(java.net.SocketTimeoutException.class, listener::accept, "no request reached the context's URL");

            Path inline = dir.resolve("inline.jsonld");
            Files.writeString(inline, "{\"@context\": {\"name\": \"http://xmlns.com/foaf/0.1/name\"}, \"@id\": \"http://example.org/a\","
                    + " \"name\": \"a\"}");
            kb.load(inline);
            assertEquals(1, kb.size(), "an inline context is read as before");
        }
    }

    @Test
    void loadsThePhysicsOntologyAndAnswersSparql() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(ONTOLOGY);

        assertTrue(kb.size() > 50, "expected the whole vocabulary, got " + kb.size() + " triples");
        List<Map<String, String>> rows = kb.select("""
                PREFIX k: <https://kenning.dev/ns#>
                SELECT ?g ?unit WHERE {
                  k:EarthFreeFall a k:FreeFall ; k:hasParameter ?p .
                  ?p k:symbol "g" ; k:value ?g ; k:unit ?unit .
                }""");
        assertEquals(List.of(Map.of("g", "9.81", "unit", "m/s^2")), rows);
    }

    @Test
    void theJarCarriesTheSameOntology() throws IOException {
        try (var in = KnowledgeBase.class.getResourceAsStream("/kenning/ontology/physics.ttl")) {
            assertTrue(in != null, "kenning/ontology/physics.ttl missing from the classpath");
            assertEquals(Files.readString(ONTOLOGY), new String(in.readAllBytes()));
        }
    }

    @Test
    void malformedTurtleNamesFileLineAndColumn() throws IOException {
        Path bad = dir.resolve("broken.ttl");
        Files.writeString(bad, """
                @prefix k: <https://kenning.dev/ns#> .
                k:a k:b k:c .
                k:d k:e k:f k:g .
                """);
        KnowledgeBase kb = KnowledgeBase.inMemory();

        InputError e = assertThrows(InputError.class, () -> kb.load(bad));

        // A fourth term where '.', ',' or ';' must come: line 3, column 13.
        assertEquals(bad + ":3:13", e.where());
        assertTrue(e.getMessage().contains("broken.ttl:3:13"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "one line for the user: " + e.getMessage());
    }

    @Test
    void reportsTheColumnOfTheOffendingToken() throws IOException {
        Path bad = dir.resolve("column.ttl");
        // The stray ']' is the 19th character of line 2.
        Files.writeString(bad, "@prefix k: <https://kenning.dev/ns#> .\nk:a k:b k:c , k:d ] .\n");

        InputError e = assertThrows(InputError.class, () -> KnowledgeBase.inMemory().load(bad));

        assertEquals(bad + ":2:19", e.where());
    }

    @Test
    void aFailedLoadLeavesTheGraphAsItWas() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(ONTOLOGY);
        long before = kb.size();
        Path bad = dir.resolve("half.ttl");
        // Valid statements first, so a streaming parser would already have emitted them.
        Files.writeString(bad, """
                @prefix k: <https://kenning.dev/ns#> .
                k:x1 k:y k:z .
                k:x2 k:y k:z .
                k:x3 k:y k:z
                k:x4 k:y k:z .
                """);

        assertThrows(InputError.class, () -> kb.load(bad));

        assertEquals(before, kb.size());
        assertEquals(List.of(), kb.select("SELECT * WHERE { <https://kenning.dev/ns#x1> ?p ?o }"));
    }

    @Test
    void aMissingFileIsAnInputErrorNamingIt() {
        Path missing = dir.resolve("nowhere.ttl");

        InputError e = assertThrows(InputError.class, () -> KnowledgeBase.inMemory().load(missing));

        assertEquals(missing.toString(), e.where());
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void choosesTheSyntaxByExtension() throws IOException {
        Path nt = dir.resolve("one.nt");
        Files.writeString(nt, "<https://kenning.dev/ns#a> <https://kenning.dev/ns#b> \"1\" .\n");
        Path unknown = dir.resolve("one.txt");
        Files.writeString(unknown, "whatever");
        KnowledgeBase kb = KnowledgeBase.inMemory();

        kb.load(nt);

        assertEquals(1, kb.size());
        InputError e = assertThrows(InputError.class, () -> kb.load(unknown));
        assertTrue(e.getMessage().contains("unknown RDF syntax"), e.getMessage());
    }

    /**
     * Protégé also saves OWL/XML, Manchester and functional syntax, which are not RDF: each is named,
     * with how to save it as RDF, whatever the file is called (OWL/XML is often named .owl). RDF/XML
     * whose root is one owl:Ontology node still reads as RDF.
     */
    @Test
    void owlSyntaxesThatAreNotRdfAreNamedWithHowToConvertThem() throws IOException {
        String owlXml = """
                <?xml version="1.0"?>
                <!-- saved by Protégé as OWL/XML -->
                <Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://example.org/pets">
                    <Declaration><Class IRI="#Cat"/></Declaration>
                </Ontology>
                """;
        String manchester = "# pets\nPrefix: : <http://example.org/pets#>\nOntology: <http://example.org/pets>\nClass: Cat\n";
        String functional = "Prefix(:=<http://example.org/pets#>)\nOntology(<http://example.org/pets>\nDeclaration(Class(:Cat)))\n";
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("pets.owx", owlXml);
        files.put("pets.owl", owlXml);
        files.put("pets.omn", manchester);
        files.put("pets-m.owl", manchester);
        files.put("pets.ofn", functional);
        java.util.Map<String, String> syntaxOf = java.util.Map.of("pets.owx", "OWL/XML", "pets.owl", "OWL/XML",
                "pets.omn", "Manchester syntax", "pets-m.owl", "Manchester syntax", "pets.ofn", "OWL functional syntax");
        KnowledgeBase kb = KnowledgeBase.inMemory();
        for (var f : files.entrySet()) {
            Path file = Files.writeString(dir.resolve(f.getKey()), f.getValue());
            InputError e = assertThrows(InputError.class, () -> kb.load(file));
            assertEquals(file + ": an ontology in " + syntaxOf.get(f.getKey()) + ", which is not RDF", e.getMessage().split(" and not read")[0]);
            assertTrue(e.getMessage().contains("Protégé, File > Save as... > Turtle Syntax"), e.getMessage());
        }
        assertEquals(0, kb.size(), "nothing loaded");
        Path rdfXml = Files.writeString(dir.resolve("node-root.owl"), """
                <?xml version="1.0"?>
                <owl:Ontology xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                    rdf:about="http://example.org/pets"/>
                """);
        kb.load(rdfXml);
        assertEquals(1, kb.size());
    }

    @Test
    void prefixesOfLoadedFilesAreKept() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(Path.of("../experiments/free-fall-scene.ttl"));

        String shortForm = kb.read(m -> m.shortForm("https://kenning.dev/experiments/free-fall#thrownObject"));

        assertEquals("ex:thrownObject", shortForm);
    }

    @Test
    void aBadQueryIsAnInputErrorWithItsPosition() {
        InputError e = assertThrows(InputError.class,
                () -> KnowledgeBase.inMemory().select("SELECT * WHERE {\n  ?s ?p ?o )\n}"));

        assertEquals("sparql:2:12", e.where(), e.getMessage());
    }

    @Test
    void theModelReadersSeeIsReadOnly() {
        KnowledgeBase kb = KnowledgeBase.inMemory();

        assertThrows(RuntimeException.class, () -> kb.read(
                model -> model.add(model.createResource("urn:a"), model.createProperty("urn:b"), "c")));
        assertEquals(0, kb.size());
    }
}
