package dev.kenning.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A CSV that cannot be written says why (predictions.csv on a full disk), and leaves no half file. */
class CsvTest {

    @Test
    void aWriteThatFailsSaysWhy(@TempDir Path dir) {
        Path file = dir.resolve("predictions.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Csv.write(file, w -> {
            w.write("image,class\n");
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + file + ": No space left on device", e.getMessage());
        assertFalse(Files.exists(file));
    }
}
