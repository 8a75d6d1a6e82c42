package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.registry.RunRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run folder belongs to one run: claimed before any work, and read as interrupted (by the folder
 * and by the workspace's list of runs) once its process is gone.
 */
class RunFolderClaimTest {

    @TempDir
    Path dir;

    @Test
    void aSecondClaimOnTheSameFolderIsRefusedNamingTheHolder() {
        Path out = dir.resolve("run");
        RunDirectory first = RunDirectory.claim(out);
        InputError second = assertThrows(InputError.class, () -> RunDirectory.claim(out));
        assertTrue(second.getMessage().contains("another run is writing to this folder (process "
                + ProcessHandle.current().pid() + ", since "), second.getMessage());
        assertEquals(RunStatus.State.RUNNING, RunFolder.of(out).status().orElseThrow().state(), "the holder is alive");

        first.markCompleted(1.0);
        first.release();
        assertFalse(Files.exists(out.resolve(RunFolder.LOCK)));
        assertThrows(InputError.class, () -> RunDirectory.claim(out), "a finished run's folder is not empty");
    }

    @Test
    void aClaimGivenUpLeavesNoFolder() {
        Path out = dir.resolve("refused");
        RunDirectory.claim(out).abandon();
        assertFalse(Files.exists(out));
    }

    @Test
    void aRunWhoseProcessWasKilledReadsAsInterruptedAndItsMetricsAreNotACompletedRun() throws Exception {
        Path out = dir.resolve("killed");
        Path workspace = dir.resolve("workspace");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldRunFolder.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("claimed", lines.readLine());
            assertEquals(RunStatus.State.RUNNING, RunFolder.of(out).status().orElseThrow().state());
            assertThrows(InputError.class, () -> RunDirectory.claim(out), "held by the other process");
            try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
                new RunRegistry(kb).recordStarted(out); // as Workbench.run does once spec.yaml is written
                assertEquals(List.of("running"), statuses(kb));
            }

            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no last word
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            assertEquals(List.of("interrupted"), statuses(kb), "listed, and not as completed");
            // and shown, by name or folder, as listed
            RunRegistry.RecordedRun shown = new RunRegistry(kb).show("killed");
            assertEquals("interrupted", shown.status());
            assertEquals(null, shown.ended());
            assertEquals(shown.iri(), new RunRegistry(kb).show(out.toString()).iri());
        }
        // killed just after writing its metrics, before saying it completed
        Files.writeString(out.resolve(RunFolder.METRICS), "{\"test_corr\": 0.9}");
        RunFolder folder = RunFolder.of(out);
        assertEquals(RunStatus.State.INTERRUPTED, folder.status().orElseThrow().state());
        assertEquals("interrupted", folder.status().orElseThrow().word());
        assertFalse(folder.isCompleted());
        InputError notCompleted = assertThrows(InputError.class, folder::metrics);
        assertTrue(notCompleted.getMessage().contains("not a completed run: its status.json says interrupted"),
                notCompleted.getMessage());
    }

    @Test
    void aRunKilledBeforeItsStartRecordIsListedFromTheWorkspacesClaimedFolders() throws Exception {
        Path out = dir.resolve("killed-early");
        Path workspace = dir.resolve("workspace");
        Process holder = holder(out, workspace);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("claimed", lines.readLine());
            // the workspace's store is made only now, beside the list the holder wrote
            try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
                assertEquals(List.of("killed-early running"), labelsAndStatuses(kb), "no record, yet listed");
            }
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            RunRegistry.RecordedRun shown = new RunRegistry(kb).show("killed-early");
            assertEquals(null, shown.iri(), "never recorded");
            assertEquals("interrupted", shown.status());
            assertEquals(out.toAbsolutePath().normalize().toString(), shown.folder());
        }
        // a folder a refused run gave back, one never made, and a recorded run's folder noted too
        Path refused = dir.resolve("refused");
        new dev.kenning.workbench.registry.RunCompletion(workspace).claiming(refused, RunListener.SILENT);
        RunDirectory.claim(refused).abandon();
        new dev.kenning.workbench.registry.RunCompletion(workspace).claiming(dir.resolve("never-made"), RunListener.SILENT);
        Path recorded = dir.resolve("recorded");
        new dev.kenning.workbench.registry.RunCompletion(workspace).claiming(recorded, RunListener.SILENT);
        RunDirectory done = RunDirectory.claim(recorded);
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            new RunRegistry(kb).recordStarted(recorded);
            done.markFailed(new IllegalStateException("stopped by the test"));
            done.release();
            new RunRegistry(kb).recordFailed(recorded);
            assertEquals(List.of("killed-early interrupted", "recorded failed"), labelsAndStatuses(kb),
                    "the killed run as interrupted, the recorded one once, no other folder");
        }
    }

    private Process holder(Path out, Path workspace) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldRunFolder.class.getName(), out.toString(), workspace.toString())
                .redirectErrorStream(true).start();
    }

    private static List<String> labelsAndStatuses(KnowledgeBase kb) {
        return new RunRegistry(kb).list().stream().map(r -> r.get("label") + " " + r.get("status")).toList();
    }

    private static List<String> statuses(KnowledgeBase kb) {
        return new RunRegistry(kb).list().stream().map(r -> r.get("status")).toList();
    }
}
