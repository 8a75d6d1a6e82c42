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
     * Protégé also saves OWL/XML, Manchester, functional syntax and OBO, which are not RDF: each
     * reads, whatever the file is called (OWL/XML is often named .owl), as the RDF OWL 2 maps it to:
     * the same defined class, labels in two languages, disjointness and import as in Turtle.
     */
    @Test
    void ontologiesInProtegesOtherSyntaxesReadAsTheirRdf() throws IOException {
        String owlXml = """
                <?xml version="1.0"?>
                <!-- saved by Protégé as OWL/XML -->
                <Ontology xmlns="http://www.w3.org/2002/07/owl#" xml:base="http://example.org/shoes"
                     ontologyIRI="http://example.org/shoes">
                    <Prefix name="" IRI="http://example.org/shoes#"/>
                    <Prefix name="rdfs" IRI="http://www.w3.org/2000/01/rdf-schema#"/>
                    <Import>http://example.org/parts</Import>
                    <Declaration><Class IRI="#Footwear"/></Declaration>
                    <Declaration><Class IRI="#Sandal"/></Declaration>
                    <Declaration><Class IRI="#Boot"/></Declaration>
                    <Declaration><ObjectProperty IRI="#hasPart"/></Declaration>
                    <EquivalentClasses>
                        <Class IRI="#Sandal"/>
                        <ObjectIntersectionOf>
                            <Class IRI="#Footwear"/>
                            <ObjectSomeValuesFrom><ObjectProperty IRI="#hasPart"/><Class IRI="#Straps"/></ObjectSomeValuesFrom>
                        </ObjectIntersectionOf>
                    </EquivalentClasses>
                    <SubClassOf><Class IRI="#Boot"/><Class IRI="#Footwear"/></SubClassOf>
                    <DisjointClasses><Class IRI="#Boot"/><Class IRI="#Sandal"/></DisjointClasses>
                    <AnnotationAssertion>
                        <AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Sandal</IRI><Literal xml:lang="en">sandal</Literal>
                    </AnnotationAssertion>
                    <AnnotationAssertion>
                        <AnnotationProperty abbreviatedIRI="rdfs:label"/><IRI>#Sandal</IRI><Literal xml:lang="de">Sandale</Literal>
                    </AnnotationAssertion>
                </Ontology>
                """;
        String manchester = """
                # saved by Protégé as Manchester syntax
                Prefix: : <http://example.org/shoes#>
                Prefix: rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                Ontology: <http://example.org/shoes>
                Import: <http://example.org/parts>
                ObjectProperty: hasPart
                Class: Footwear
                Class: Straps
                Class: Sandal
                    Annotations: rdfs:label "sandal"@en, rdfs:label "Sandale"@de
                    EquivalentTo: Footwear and (hasPart some Straps)
                Class: Boot
                    SubClassOf: Footwear
                    DisjointWith: Sandal
                """;
        String functional = """
                Prefix(:=<http://example.org/shoes#>)
                Prefix(rdfs:=<http://www.w3.org/2000/01/rdf-schema#>)
                Ontology(<http://example.org/shoes>
                Import(<http://example.org/parts>)
                Declaration(Class(:Footwear))
                Declaration(Class(:Sandal))
                Declaration(ObjectProperty(:hasPart))
                EquivalentClasses(:Sandal ObjectIntersectionOf(:Footwear ObjectSomeValuesFrom(:hasPart :Straps)))
                SubClassOf(:Boot :Footwear)
                DisjointClasses(:Boot :Sandal)
                AnnotationAssertion(rdfs:label :Sandal "sandal"@en)
                AnnotationAssertion(rdfs:label :Sandal "Sandale"@de)
                )
                """;
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("shoes.owx", owlXml);
        files.put("shoes.owl", owlXml);
        files.put("shoes.omn", manchester);
        files.put("shoes-m.owl", manchester);
        files.put("shoes.ofn", functional);
        files.put("shoes-f.ttl", functional); // judged by what it holds, not its name
        String shoes = "PREFIX : <http://example.org/shoes#> PREFIX owl: <http://www.w3.org/2002/07/owl#>"
                + " PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
        for (var f : files.entrySet()) {
            Path file = Files.writeString(dir.resolve(f.getKey()), f.getValue());
            try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
                kb.load(file);
                for (String pattern : List.of(
                        "<http://example.org/shoes> a owl:Ontology ; owl:imports <http://example.org/parts>",
                        ":Sandal owl:equivalentClass [ owl:intersectionOf ( :Footwear"
                                + " [ owl:onProperty :hasPart ; owl:someValuesFrom :Straps ] ) ]",
                        ":Boot rdfs:subClassOf :Footwear",
                        "{ :Boot owl:disjointWith :Sandal } UNION { :Sandal owl:disjointWith :Boot }",
                        ":Sandal rdfs:label \"sandal\"@en, \"Sandale\"@de")) {
                    assertTrue(kb.ask(shoes + "ASK { " + pattern + " }"), f.getKey() + " holds " + pattern);
                }
                assertEquals("http://example.org/shoes#", kb.read(m -> m.getNsPrefixURI("")), f.getKey() + "'s prefixes kept");
            }
        }
        Path obo = Files.writeString(dir.resolve("shoes.obo"), """
                format-version: 1.2
                ontology: shoes

                [Term]
                id: SHOE:0000001
                name: footwear

                [Term]
                id: SHOE:0000002
                name: sandal
                is_a: SHOE:0000001 ! footwear
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(obo);
            assertTrue(kb.ask("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?s rdfs:label \"sandal\" ;"
                    + " rdfs:subClassOf [ rdfs:label \"footwear\" ] }"), "OBO's is_a is rdfs:subClassOf");
        }
        // Turtle's SPARQL-style prefix, in mixed case, is Turtle, not Manchester's "Prefix: : <…>"
        Path sparqlStyle = Files.writeString(dir.resolve("sparql-style.ttl"), "Prefix : <http://example.org/shoes#>\n:Boot a :Footwear .\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(sparqlStyle);
            assertEquals(1, kb.size());
        }
        Path rdfXml = Files.writeString(dir.resolve("node-root.owl"), """
                <?xml version="1.0"?>
                <owl:Ontology xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                    rdf:about="http://example.org/pets"/>
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(rdfXml);
            assertEquals(1, kb.size(), "RDF/XML whose root is one owl:Ontology node is RDF/XML");
        }
    }

    /** A mistake in one of those syntaxes is one message at the parser's file:line:col, and loads nothing. */
    @Test
    void aBrokenOntologyInAnotherSyntaxIsOneMessageWhereTheParserStopped() throws IOException {
        Map<String, String> broken = Map.of(
                "bad.omn", "Prefix: : <http://example.org/shoes#>\nOntology: <http://example.org/shoes>\nClass: Footwear\nClass: Boot\n    SubClassOf: Footwear and\n",
                "bad.ofn", "Prefix(:=<http://example.org/shoes#>)\nOntology(<http://example.org/shoes>\nSubClassOf(:Boot)\n)\n",
                "bad.owx", "<?xml version=\"1.0\"?>\n<Ontology xmlns=\"http://www.w3.org/2002/07/owl#\" ontologyIRI=\"http://example.org/s\">\n"
                        + "  <SubClassOf><Class IRI=\"#Boot\"/>\n</Ontology>\n",
                "empty.owx", "",
                "bad.obo", "format-version: 1.2\n\n[Term]\nid: SHOE:1\nis_a:\n");
        Map<String, String> stoppedAt = Map.of("bad.omn", ":6:1", "bad.ofn", ":3:18", "bad.owx", ":4:3", "empty.owx", ":1:1",
                "bad.obo", ":5:1");
        for (var f : broken.entrySet()) {
            Path file = Files.writeString(dir.resolve(f.getKey()), f.getValue());
            try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
                InputError e = assertThrows(InputError.class, () -> kb.load(file), f.getKey());
                assertTrue(e.getMessage().startsWith(file + stoppedAt.get(f.getKey()) + ": not valid "), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertEquals(0, kb.size());
            }
        }
    }

    /**
     * Manchester syntax reads a name as a class only when the file declares it: a misspelt or
     * undeclared class is said to be undeclared, with the declared name it is likely a typo of,
     * where the parser only listed what it expected ("Class name", as the name is one).
     */
    @Test
    void anUndeclaredManchesterClassIsSaidToBeUndeclared() throws IOException {
        Path file = Files.writeString(dir.resolve("undeclared.omn"), "Prefix: : <http://example.org/shoes#>\n"
                + "Ontology: <http://example.org/shoes>\nClass: Footwear\nClass: Boot\n    SubClassOf: Footwer\n");
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError e = assertThrows(InputError.class, () -> kb.load(file));
            assertTrue(e.getMessage().startsWith(file + ":5:16: not valid Manchester syntax: Encountered Footwer; expected one of:"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; 'Footwer' is not declared, and Manchester syntax reads a name only when the file"
                    + " declares it ('Class: Footwer', or ObjectProperty:, DataProperty: … for a property); did you mean Footwear?"),
                    e.getMessage());
            assertEquals(0, kb.size());
        }
        // a name far from every declared one: undeclared, no guess
        Files.writeString(file, Files.readString(file).replace("Footwer", "Sandal"));
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            InputError e = assertThrows(InputError.class, () -> kb.load(file));
            assertTrue(e.getMessage().endsWith("for a property)"), e.getMessage());
        }
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
