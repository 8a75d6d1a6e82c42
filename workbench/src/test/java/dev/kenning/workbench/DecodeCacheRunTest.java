package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second run on the same image folder reads the decoded images from the cache and gives the same run. */
class DecodeCacheRunTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunReadsTheDecodedImagesAndGivesTheSameMetrics() throws IOException {
        Path folder = dir.resolve("shapes");
        ShapeFolder.writeImages(folder, "train", 10, 1);
        ShapeFolder.writeImages(folder, "test", 4, 2);
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs.yaml"), "zero-shot", folder, ShapeFolder.TINY_ZERO_SHOT);
        CliRun first = CliRun.of("run", spec.toString(), "--out", dir.resolve("first").toString());
        CliRun second = CliRun.of("run", spec.toString(), "--out", dir.resolve("second").toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, second.code(), second.err());
        assertTrue(first.err().contains(", decoded in ") && first.err().contains("kept in the decode cache"), first.err());
        assertTrue(second.err().contains(", read from the decode cache in "), second.err());
        JsonNode a = new ObjectMapper().readTree(dir.resolve("first/metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("second/metrics.json").toFile());
        int compared = 0;
        for (var it = a.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.contains("second")) {
                assertEquals(a.get(key).asDouble(), b.get(key).asDouble(), 0.0, key);
                compared++;
            }
        }
        assertTrue(compared > 5, "compared " + compared);
    }
}
