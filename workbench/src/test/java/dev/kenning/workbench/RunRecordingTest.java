package dev.kenning.workbench;

import dev.kenning.core.Sha256;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.cli.Kenning;
import dev.kenning.workbench.registry.RunRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every completed run is recorded in the workspace graph, and a locked workspace never fails a run. */
class RunRecordingTest {

    private static int kenning(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Kenning.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aRunIsRecordedAndALockedWorkspaceOnlyWarns(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path workspace = tmp.resolve("ws");
        Path run = tmp.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Another process holds the store, as kenning kg serve does while it shares it.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Kenning.class.getName(),
                "kg", "serve", "--workspace", workspace.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("serving")) {
                // skip the server's start-up log
            }
            assertTrue(line != null, "kg serve did not start");
            assertEquals(0, kenning(out, err, "run", f.spec.toString(), "--out", run.toString(), "--workspace",
                    workspace.toString()), err.toString());
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("warning: run not recorded in the workspace " + workspace), log);
        assertTrue(log.contains("kenning runs record " + run), "says how to catch up: " + log);
        assertTrue(Files.readString(run.resolve("status.json")).contains("completed"));
        assertTrue(Files.isRegularFile(run.resolve("report.html")));

        // Once the store is free, the same run records from its folder alone.
        out.reset();
        assertEquals(0, kenning(out, err, "runs", "record", run.toString(), "--workspace", workspace.toString()),
                err.toString());
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            RunRegistry.RecordedRun recorded = new RunRegistry(kb).show(run.toString());
            assertEquals("tiny", recorded.experiment());
            assertEquals("5", recorded.seed());
            assertEquals(2, recorded.generated().size(), "label_free.sdz and supervised.sdz");
            assertEquals(Sha256.of(f.rules), recorded.used().stream()
                    .filter(u -> u.get("kind").equals("RulePack")).findFirst().orElseThrow().get("sha256"));
            assertTrue(recorded.metrics().containsKey("supervised.test_corr"));
        }
    }

    @Test
    void aCompletedRunRecordsItselfInTheWorkspace(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("steps: 20", "steps: 4");
        f.replaceInSpec("log_every: 10", "log_every: 2");
        Path workspace = tmp.resolve("ws");
        Path run = tmp.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Kenning.execute(new String[]{"run", f.spec.toString(), "--out", run.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                WorkbenchConfig.recordingIn(workspace)), err.toString());
        assertTrue(err.toString().contains("recorded as <urn:kenning:run:run-"), err.toString());
        out.reset();
        assertEquals(0, kenning(out, err, "runs", "list", "--workspace", workspace.toString()));
        assertTrue(out.toString().contains("1 run(s) recorded") && out.toString().contains("tiny"), out.toString());
    }
}
