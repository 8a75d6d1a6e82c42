package dev.kenning.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What RunFolder writes reads back the same, in the JSON shapes readers have always seen; bad files are named. */
class RunFolderTest {

    /** A write that fails says why (the full-disk probe's "No space left on device"), not only which file. */
    @Test
    void aStatusThatCannotBeWrittenSaysWhy(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("run"), "a file where the run folder should be");
        RunFolder run = RunFolder.of(notAFolder);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> run.writeStatus(RunStatus.running(Instant.now())));
        assertTrue(e.getMessage().startsWith("cannot write " + run.statusFile() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Not a directory"), e.getMessage());
    }

    @Test
    void metricsWriteSortedAndReadBackWithNaN(@TempDir Path dir) throws IOException {
        RunFolder run = RunFolder.of(dir);
        Map<String, Double> written = new LinkedHashMap<>();
        written.put("wall_seconds", 12.5);
        written.put("label_free.test_corr", Double.NaN);
        written.put("knowledge.acc_5way1shot", 0.75);
        run.writeMetrics(Metrics.of(written));

        JsonNode json = KenningJson.mapper().readTree(run.metricsFile().toFile());
        assertEquals(List.of("knowledge.acc_5way1shot", "label_free.test_corr", "wall_seconds"),
                iterate(json.fieldNames()), "keys sorted, as KenningJson has always written them");
        assertEquals("NaN", json.get("label_free.test_corr").asText());
        Metrics read = run.metrics();
        assertEquals(Metrics.of(written).values().keySet(), read.values().keySet());
        assertTrue(Double.isNaN(read.get(MetricName.LABEL_FREE_TEST_CORR, 0)));
        assertEquals(0.75, read.get(MetricName.KNOWLEDGE_ACC.setting("5way1shot"), 0));
        assertEquals(List.of(), leftovers(dir), "no temporary files stay behind");
    }

    @Test
    void statusWritesTheKeysEachStateHasAlwaysHad(@TempDir Path dir) throws IOException {
        RunFolder run = RunFolder.of(dir);
        Instant t = Instant.parse("2026-12-03T12:00:00.123Z");

        run.writeStatus(RunStatus.running(t));
        assertEquals(Map.of("status", "running", "started", "2026-12-03T12:00:00.123Z"), json(run.statusFile()));
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(run.lockFile(),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = lock.lock()) {
            assertEquals(RunStatus.running(t), run.status().orElseThrow(), "a live process holds the run");
        }
        assertEquals(RunStatus.running(t).interrupted(), run.status().orElseThrow(), "no process holds it any more");
        assertEquals("interrupted", run.status().orElseThrow().word());

        run.writeStatus(RunStatus.completed(t, 12.345));
        assertEquals(Map.of("status", "completed", "finished", "2026-12-03T12:00:00.123Z", "wall_seconds", 12.3),
                json(run.statusFile()));
        assertEquals(12.3, run.status().orElseThrow().wallSeconds());

        run.writeStatus(RunStatus.cancelled(t, "stopped at step 3"));
        assertEquals(Map.of("status", "cancelled", "finished", "2026-12-03T12:00:00.123Z", "message", "stopped at step 3"),
                json(run.statusFile()));
        assertEquals("stopped at step 3", run.status().orElseThrow().message());

        run.writeStatus(RunStatus.failed(t, null));
        assertEquals(Map.of("status", "failed", "finished", "2026-12-03T12:00:00.123Z", "error", "null"), json(run.statusFile()));
        assertEquals(RunStatus.State.FAILED, run.status().orElseThrow().state());
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aMissingFolderOrAnUnfinishedRunSaysWhatIsMissing(@TempDir Path dir) {
        Path none = dir.resolve("nowhere");
        InputError e = assertThrows(InputError.class, () -> RunFolder.of(none).metrics());
        assertEquals(none + ": no such run folder", e.getMessage());

        InputError unfinished = assertThrows(InputError.class, () -> RunFolder.of(dir).metrics());
        assertEquals(dir + ": not a completed run: it has no metrics.json", unfinished.getMessage(),
                "without status.json there is nothing to point at");
        assertTrue(RunFolder.of(dir).status().isEmpty());
        assertEquals(dir.getFileName().toString(), RunFolder.of(dir).name(), "no spec.yaml: the folder's name");
        assertEquals(OptionalLong.empty(), RunFolder.of(dir).seed());
        InputError spec = assertThrows(InputError.class, () -> RunFolder.of(dir).spec());
        assertEquals(dir.resolve("spec.yaml") + ": not found", spec.getMessage());
    }

    @Test
    void unreadableFilesAreNamed(@TempDir Path dir) throws IOException {
        RunFolder run = RunFolder.of(dir);
        Files.writeString(run.statusFile(), "{\"status\": \"paused\"}");
        InputError status = assertThrows(InputError.class, run::status);
        assertTrue(status.getMessage().startsWith(run.statusFile() + ": not a readable status: unknown status 'paused'"),
                status.getMessage());

        Files.delete(run.statusFile());
        Files.writeString(run.metricsFile(), "{\"a.b\": \"fast\"}");
        InputError metric = assertThrows(InputError.class, run::metrics);
        assertEquals(run.metricsFile() + ": metric 'a.b' is not a number: \"fast\"", metric.getMessage());
        Files.writeString(run.metricsFile(), "[1, 2]");
        assertEquals(run.metricsFile() + ": expected a JSON object of metric name → number",
                assertThrows(InputError.class, run::metrics).getMessage());
        Files.writeString(run.metricsFile(), "{\"a\": ");
        assertTrue(assertThrows(InputError.class, run::metrics).getMessage().startsWith(run.metricsFile() + ": not readable JSON"));

        Files.writeString(run.specFile(), "name: [unclosed\n");
        assertTrue(assertThrows(InputError.class, run::name).getMessage()
                .startsWith(run.specFile() + ": cannot read the run's spec"));
        Files.writeString(run.specFile(), "- a list\n");
        assertEquals(run.specFile() + ": is not a YAML mapping", assertThrows(InputError.class, run::spec).getMessage());
        assertEquals(dir.getFileName().toString(), run.name(), "a spec that is no mapping names nothing");

        Files.writeString(run.constraintsFile(), "{");
        assertTrue(assertThrows(InputError.class, run::constraints).getMessage()
                .startsWith(run.constraintsFile() + ": not readable JSON"));
    }

    @Test
    void theLayoutNamesEveryFile(@TempDir Path dir) throws IOException {
        RunFolder run = RunFolder.of(dir);
        assertEquals(dir.resolve("model/label_free.sdz"), run.model("label_free"));
        assertEquals(dir.resolve("checkpoints/knowledge-s0-step200.sdz"), run.checkpoint("knowledge-s0-step200"));
        assertEquals(dir.resolve("history.csv"), run.historyFile());
        assertEquals(dir.resolve("report.html"), run.reportFile());
        assertEquals(dir.resolve("confusion.csv"), run.confusionFile());
        assertTrue(run.models().isEmpty(), "no model/ folder, no models");
        Files.write(dir.resolve("losses.png"), new byte[]{1});
        Files.write(dir.resolve("Accuracy.PNG"), new byte[]{1});
        Files.writeString(dir.resolve("confusion.csv"), "");
        assertEquals(List.of(dir.resolve("Accuracy.PNG"), dir.resolve("losses.png")), run.plots());
        assertFalse(run.isCompleted());
    }

    private static Map<String, Object> json(Path file) throws IOException {
        return KenningJson.mapper().readValue(file.toFile(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** A folder's name tells the time in UTC, as status.json does: at Kathmandu's +05:45 the same instant, the same name. */
    @Test
    void folderNamesTellTheTimeInUtcWhateverTheTimeZone() {
        java.util.TimeZone was = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kathmandu"));
        try {
            Instant at = Instant.parse("2026-12-07T22:57:40Z");
            assertEquals("20261207-225740", RunFolder.stamp(at));
        } finally {
            java.util.TimeZone.setDefault(was);
        }
    }
}
