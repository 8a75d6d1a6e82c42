package dev.kenning.workbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A workspace store reads a knowledge file again only when the file is not what it last read, in a real TDB2 store. */
class KnowledgeStoreSourcesTest {

    @TempDir
    Path dir;

    private KnowledgeStore open() {
        return Workbench.create(WorkbenchConfig.notRecording()).openWorkspace(dir.resolve("ws"));
    }

    private static boolean hasClass(KnowledgeStore kb, String local) {
        return kb.ask("ASK { <http://example.org/s#" + local + "> a <http://www.w3.org/2002/07/owl#Class> }");
    }

    @Test
    void unchangedFilesAreNotReadAgain() throws IOException {
        Path a = Files.writeString(dir.resolve("a.ttl"), "<http://example.org/s#A> a <http://www.w3.org/2002/07/owl#Class> .\n");
        Path b = Files.writeString(dir.resolve("b.ttl"), "<http://example.org/s#B> a <http://www.w3.org/2002/07/owl#Class> .\n");
        try (KnowledgeStore kb = open()) {
            assertEquals(List.of(a, b), kb.loadChanged(List.of(a, b)));
            assertTrue(hasClass(kb, "A") && hasClass(kb, "B"));
            assertEquals(List.of(), kb.loadChanged(List.of(a, b)));
        }
        Files.writeString(b, "<http://example.org/s#C> a <http://www.w3.org/2002/07/owl#Class> .\n");
        try (KnowledgeStore kb = open()) {
            assertEquals(List.of(b), kb.loadChanged(List.of(a, b)), "the record outlives the store's closing; b changed");
            assertTrue(hasClass(kb, "C") && !hasClass(kb, "B"));

            // a SPARQL update may have changed any graph: every file is read again
            kb.update("DROP GRAPH <" + KnowledgeStore.graphFor(a) + ">");
            assertEquals(List.of(a, b), kb.loadChanged(List.of(a, b)));
            assertTrue(hasClass(kb, "A"));
        }
    }
}
