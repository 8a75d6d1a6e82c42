package dev.kenning.kg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes imported as Turtle or RDF/XML end in the one {@link InputError} (or import), never
 * another exception, and leave the store as it was when refused. In the build it runs over the
 * inputs under {@code RdfImportFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes it
 * (docs/reliability.md, Fuzzing).
 */
class RdfImportFuzzTest {
    private static final Path DIR = scratch();

    static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("kenning-fuzz-rdf");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void turtle(byte[] bytes) throws IOException {
        importRefusedOrWhole(bytes, "input.ttl");
    }

    @FuzzTest(maxDuration = "5m")
    void rdfXml(byte[] bytes) throws IOException {
        importRefusedOrWhole(bytes, "input.rdf");
    }

    private static void importRefusedOrWhole(byte[] bytes, String name) throws IOException {
        Path file = Files.write(DIR.resolve(name), bytes);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            try {
                kb.importFile(file, "urn:fuzz");
            } catch (InputError refused) {
                if (kb.size() != 0) {
                    throw new AssertionError("a refused import left " + kb.size() + " triples behind");
                }
            }
        }
    }
}
