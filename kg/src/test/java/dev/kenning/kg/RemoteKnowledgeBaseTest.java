package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A knowledge base read from a SPARQL endpoint over HTTP: queries work, changes are refused. */
class RemoteKnowledgeBaseTest {

    static SparqlEndpointStub endpoint;
    static KnowledgeBase kb;

    @BeforeAll
    static void serve() throws IOException {
        endpoint = SparqlEndpointStub.serving("""
                @prefix ex: <https://example.org/> .
                @prefix k: <https://kenning.dev/ns#> .
                ex:a ex:p 1 .
                <urn:g:one> { ex:Sandal a ex:Shoe ; k:outputName "class:sandal" . }
                """);
        kb = KnowledgeBase.remote(endpoint.url());
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    @Test
    void answersQueriesOverHttp() {
        assertEquals(List.of(Map.of("o", "class:sandal")),
                kb.select("SELECT ?o WHERE { GRAPH ?g { ?s <https://kenning.dev/ns#outputName> ?o } }"));
        assertTrue(kb.ask("ASK { <https://example.org/a> ?p 1 }"));
        assertEquals(List.of("urn:g:one"), kb.graphs());
        assertEquals(3, kb.size());
    }

    @Test
    void modelReadersSeeEveryGraphWithTheKenningPrefix() {
        String shortName = kb.read(m -> m.listSubjectsWithProperty(
                m.createProperty(KnowledgeBase.NS, "outputName")).next().getURI());

        assertEquals("https://example.org/Sandal", shortName);
        assertEquals("k:outputName", kb.read(m -> m.shortForm(KnowledgeBase.NS + "outputName")));
    }

    @Test
    void changesAreRefusedNamingTheEndpoint() {
        assertTrue(kb.isReadOnly());
        for (Runnable change : List.<Runnable>of(
                () -> kb.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
                () -> kb.importFile(Path.of("ontology/physics.ttl"), "urn:g:x"),
                () -> kb.infer(Entailment.RDFS))) {
            InputError e = assertThrows(InputError.class, change::run);
            assertEquals(endpoint.url(), e.where());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    @Test
    void anUnreachableEndpointIsOneClearMessage() throws IOException {
        SparqlEndpointStub gone = SparqlEndpointStub.serving("");
        KnowledgeBase unreachable = KnowledgeBase.remote(gone.url());
        gone.close();

        InputError e = assertThrows(InputError.class, () -> unreachable.ask("ASK { ?s ?p ?o }"));

        assertEquals(gone.url() + ": SPARQL endpoint failed: cannot connect (ConnectException)", e.getMessage());
    }
}
