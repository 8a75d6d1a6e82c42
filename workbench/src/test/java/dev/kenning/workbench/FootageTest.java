package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.KenningJson;
import dev.kenning.datasets.VideoFolderWriter;
import dev.kenning.datasets.WalkingVideoConfig;
import dev.kenning.datasets.WalkingVideoGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The footage path end to end: frames saved to disk, read back by experiments/footage-walking.yaml. */
class FootageTest {


    /** The shipped footage spec, made small: fewer steps and smaller images, same knowledge and split. */
    private static Path smallFootageSpec(Path dir) throws Exception {
        Path root = ExperimentFixture.ROOT;
        String spec = Files.readString(root.resolve("experiments/footage-walking.yaml"))
                .replace("../kg/", root.resolve("kg") + "/")
                .replace("../rules/", root.resolve("rules") + "/")
                .replace("- walking-scene.ttl", "- " + root.resolve("experiments/walking-scene.ttl"))
                .replace("steps: 400", "steps: 10")
                .replace("image_size: 32", "image_size: 16")
                .replace("log_every: 25", "log_every: 5");
        Path file = dir.resolve("footage.yaml");
        Files.writeString(file, spec);
        return file;
    }

    @Test
    void trainsOnSavedFramesAndEvaluatesAgainstLabels(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(14, 15, 40, 30, 3)).generate(8, 0, 4), footage);
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        int code = r.code();
        String log = r.err();
        assertEquals(0, code, log);
        assertTrue(log.contains("4 sequences from"), log);
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(4, m.get("test_sequences").asInt(), "one test half per sequence");
        assertEquals(4 * 7, m.get("labelled_test_frames").asInt(), "second halves of 14 frames are labelled");
        for (String key : List.of("label_free.test_corr", "label_free.window_abs_r", "label_free.global_r")) {
            assertTrue(m.has(key) && m.get(key).asDouble() >= -1 && m.get(key).asDouble() <= 1, key + " in " + m);
        }
    }

    @Test
    void footageWithoutLabelsTrainsAndSaysSo(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Files.delete(footage.resolve("labels.csv"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(0, m.get("labelled_test_frames").asInt());
        assertFalse(m.has("supervised.test_corr"), "no supervised baseline without labels");
    }

    @Test
    void anEmptyFootageFolderIsOneClearError(@TempDir Path tmp) throws Exception {
        Path footage = Files.createDirectories(tmp.resolve("empty"));
        assertBadFootage(tmp, footage, "error: " + footage, "no sequences");
    }

    @Test
    void anUnreadableFrameIsNamed(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Path broken = footage.resolve("walking-s9-1").resolve("frame_003.png");
        Files.writeString(broken, "truncated");
        assertBadFootage(tmp, footage, "error: " + broken, "not a readable PNG or JPEG image");
    }

    @Test
    void labelsForMissingFramesNameTheCsvLine(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Files.writeString(footage.resolve("labels.csv"), "sequence,frame,value\nwalking-s9-0,frame_000.png,1.5\nwalking-s9-7,frame_000.png,2\n");
        assertBadFootage(tmp, footage, "error: " + footage.resolve("labels.csv") + ":3", "walking-s9-7");
    }

    private static void assertBadFootage(Path tmp, Path footage, String where, String what) throws Exception {
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", tmp.resolve("run").toString());
        int code = r.code();
        String log = r.err();
        assertEquals(2, code, log);
        assertTrue(log.contains(where) && log.contains(what), log);
        assertFalse(Files.exists(tmp.resolve("run")), "no run folder for bad footage");
    }
}
