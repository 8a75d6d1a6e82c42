package dev.kenning.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A write that fails half-way (here: the disk "fills up" after some bytes) leaves the old file and no temporary one. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aStreamThatFailsHalfWayLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("metrics.json");
        AtomicFile.write(file, "{\"old\": 1}".getBytes());
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write("{\"new\": ".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("{\"old\": 1}", Files.readString(file));
        assertEquals(1, entries(), "no temporary file left");
    }

    @Test
    void aLibraryWritingToAPathThatFailsLeavesTheOldFile() throws IOException {
        Path model = dir.resolve("label_free.sdz");
        AtomicFile.writeVia(model, tmp -> Files.writeString(tmp, "good weights"));
        assertThrows(IllegalStateException.class, () -> AtomicFile.writeVia(model, tmp -> {
            Files.writeString(tmp, "half of the ");
            throw new IllegalStateException("No space left on device");
        }));
        assertEquals("good weights", Files.readString(model));
        assertEquals(1, entries(), "no temporary file left");
    }

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
