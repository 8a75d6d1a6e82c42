package dev.kenning.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** predict's default output never replaces a file already there: the next free name is taken. */
class PredictCommandTest {
    @Test
    void theDefaultOutputTakesTheNextFreeName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("predictions.csv");
        assertEquals(csv, PredictCommand.unused(csv));
        Files.writeString(csv, "a user's own table\n");
        assertEquals(dir.resolve("predictions-2.csv"), PredictCommand.unused(csv));
        Files.writeString(dir.resolve("predictions-2.csv"), "");
        assertEquals(dir.resolve("predictions-3.csv"), PredictCommand.unused(csv));
        assertEquals("a user's own table\n", Files.readString(csv));
    }
}
