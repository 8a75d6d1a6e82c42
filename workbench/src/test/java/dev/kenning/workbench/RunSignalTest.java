package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.AtomicFile;
import dev.kenning.core.KenningJson;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.registry.RunRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose process gets SIGTERM (as Ctrl-C's SIGINT, a shutdown hook's cause) says in its folder
 * that it was stopped, where and when, keeps its model, and leaves no lock, reserve or temporary file:
 * a real process, a real signal.
 */
class RunSignalTest {

    @TempDir
    Path dir;

    @Test
    void aRunSignalledWhileTrainingIsCancelledAtItsStepAndKeepsItsModel() throws Exception {
        Path out = dir.resolve("run");
        Path workspace = dir.resolve("ws");
        signalWhen("training", out, workspace);

        JsonNode status = KenningJson.mapper().readTree(out.resolve(RunFolder.STATUS).toFile());
        assertEquals("cancelled", status.path("status").asText(), status.toString());
        assertTrue(status.path("message").asText().startsWith("stopped by a signal (Ctrl-C or SIGTERM): label_free was"
                + " cancelled at step "), status.toString());
        assertTrue(status.hasNonNull("finished"), status.toString());
        RunFolder folder = RunFolder.of(out);
        assertEquals(RunStatus.State.CANCELLED, folder.status().orElseThrow().state());
        assertTrue(Files.isRegularFile(folder.model("label_free")), "the model trained so far is kept");
        assertTrue(Files.isRegularFile(folder.historyFile()));
        assertTrue(Files.isRegularFile(folder.plot(RunFolder.LOSSES_PLOT)), "drawn while the JVM shuts down");
        assertNothingLeft(out);
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            assertEquals(List.of("cancelled"), new RunRegistry(kb).list().stream().map(r -> r.get("status")).toList());
        }
    }

    @Test
    void aRunSignalledInAStageNoCancelStopsIsRecordedAsStoppedThereAfterTheGrace() throws Exception {
        Path out = dir.resolve("run");
        Path workspace = dir.resolve("ws");
        signalWhen("deriving", out, workspace);

        JsonNode status = KenningJson.mapper().readTree(out.resolve(RunFolder.STATUS).toFile());
        assertEquals("cancelled", status.path("status").asText(), status.toString());
        assertEquals("stopped by a signal (Ctrl-C or SIGTERM) while deriving constraints from 2 ontology file(s) and 1 rule"
                + " pack(s)", status.path("message").asText());
        assertTrue(status.hasNonNull("finished"), status.toString());
        assertNothingLeft(out);
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            assertEquals(List.of("cancelled"), new RunRegistry(kb).list().stream().map(r -> r.get("status")).toList());
        }
    }

    /** Starts {@link RunUntilSignalled}, sends SIGTERM once it prints {@code line}, and waits for it to end. */
    private void signalWhen(String line, Path out, Path workspace) throws Exception {
        Path fixture = Files.createDirectories(dir.resolve("fixture"));
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), RunUntilSignalled.class.getName(),
                fixture.toString(), out.toString(), workspace.toString(), line).redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = lines.readLine(); l != null && !l.equals(line); l = lines.readLine()) {
                said.append(l).append('\n');
            }
            assertTrue(run.isAlive(), "ended before it printed " + line + ":\n" + said);
            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGTERM");
        } finally {
            run.destroyForcibly();
        }
    }

    private static void assertNothingLeft(Path out) throws Exception {
        assertFalse(Files.exists(out.resolve(RunFolder.LOCK)), "lock released");
        assertFalse(Files.exists(out.resolve(RunDirectory.RESERVE)), "reserve given back");
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(AtomicFile::isTemporary).toList(), "no temporary file left");
        }
    }
}
