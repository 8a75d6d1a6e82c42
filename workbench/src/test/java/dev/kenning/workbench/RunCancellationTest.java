package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.KenningJson;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.registry.RunRegistry;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run its listener cancels stops early and reads as cancelled, on disk and in the registry, not as failed. */
class RunCancellationTest {

    @Test
    void aCancelledRunIsRecordedAsCancelled(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("steps: 20", "steps: 200");
        Path workspace = tmp.resolve("ws");
        Path out = tmp.resolve("run");
        RunListener cancelAfterFirstLog = new RunListener() {
            private volatile boolean logged;

            @Override
            public void onStage(String stage) {
            }

            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                logged = true;
            }

            @Override
            public boolean cancelled() {
                return logged;
            }
        };
        RunCancelledException e = assertThrows(RunCancelledException.class,
                () -> Workbench.create(WorkbenchConfig.recordingIn(workspace)).run(ExperimentSpec.load(f.spec), out,
                        cancelAfterFirstLog));
        assertTrue(e.getMessage().startsWith("label_free was cancelled at step"), e.getMessage());

        var status = KenningJson.mapper().readTree(out.resolve("status.json").toFile());
        assertEquals("cancelled", status.path("status").asText());
        assertFalse(Files.exists(out.resolve("metrics.json")), "a cancelled run has no metrics");
        // what it trained is kept, as a completed run keeps it: the curve up to the cancel
        assertTrue(Files.readAllLines(out.resolve("history.csv")).get(1).startsWith("label_free,"));
        assertTrue(Files.isRegularFile(out.resolve("losses.png")));
        // what it had measured is kept apart from a completed run's metrics: here, the frame step before training
        assertTrue(Files.readString(out.resolve("metrics-so-far.json")).contains("\"frame_step\""));
        // the model it saved when the cancel came can be exported, the bundle saying how the run ended
        Path bundle = tmp.resolve("bundle");
        CliRun export = CliRun.of("export", out.toString(), "--out", bundle.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("note: the run did not complete (cancelled: label_free was cancelled at step"),
                export.out());
        assertTrue(Files.readString(bundle.resolve("manifest.json")).contains("\"source_run_incomplete\" : \"cancelled:"));
        // its supervised phase never ran: said so
        CliRun none = CliRun.of("export", out.toString(), "--phase", "supervised", "--out", tmp.resolve("b2").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("this run has no supervised model (it did not complete: cancelled"), none.err());
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            List<Map<String, String>> runs = new RunRegistry(kb).list();
            assertEquals(1, runs.size());
            assertEquals("cancelled", runs.get(0).get("status"));
        }
    }
}
