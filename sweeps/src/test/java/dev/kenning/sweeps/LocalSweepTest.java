package dev.kenning.sweeps;

import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.kenning.sweeps.SweepRegistry.kenning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kenning sweep} on {@code local[2]}: every run recorded once under its sweep with the
 * metrics a run alone gives, the comparison written, a failing configuration recorded as failed
 * without stopping the others, and a second sweep of the same grid running nothing again.
 */
class LocalSweepTest {

    @Test
    void aLocalSweepRecordsEveryRunOnceAndResumesWithoutRunningThemAgain(@TempDir Path tmp) throws Exception {
        Path spec = TinySpec.write(tmp, "");
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("sweep");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = kenning(o, e, "sweep", spec.toString(), "--set", "training.learning_rate=0.001,0.003",
                "--seeds", "0..1", "--master", "local[2]", "--out", out.toString(), "--workspace", ws.toString());
        String log = e.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        String table = o.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("training.learning_rate=0.003"), table);
        assertTrue(table.contains("baseline") && table.contains("(best)"), table);
        assertTrue(log.contains("4/4 done, 0 running, 0 failed"), log);
        assertTrue(Files.isRegularFile(out.resolve("comparison.md")) && Files.isRegularFile(out.resolve("comparison.png")));

        List<Map<String, String>> sweeps = SweepRegistry.sweeps(ws);
        assertEquals(1, sweeps.size());
        assertEquals("completed", sweeps.get(0).get("status"));
        List<Map<String, String>> runs = SweepRegistry.runsOf(ws, sweeps.get(0).get("sweep"));
        assertEquals(4, runs.size(), runs.toString());
        for (Map<String, String> r : runs) {
            assertEquals("completed", r.get("status"));
            String lr = r.get("configuration").replace("training.learning_rate=", "");
            long seed = Long.parseLong(r.get("seed"));
            SweepRegistry.assertSameBits(
                    SweepRegistry.runAlone(spec, Map.of("training.learning_rate", lr), seed, tmp.resolve("alone-" + lr + "-" + seed)),
                    SweepRegistry.recordedMetrics(ws, r.get("folder")), r.get("label"));
        }

        // The same grid again: every run is in the registry with the same spec hash, so none runs.
        o.reset();
        e.reset();
        assertEquals(0, kenning(o, e, "sweep", spec.toString(), "--set", "training.learning_rate=0.001,0.003",
                "--seeds", "0..1", "--master", "local[2]", "--out", tmp.resolve("again").toString(), "--workspace", ws.toString()));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("4 already completed"), e.toString());
        assertTrue(o.toString(StandardCharsets.UTF_8).contains("0 failed, 4 already done"), o.toString());
        assertEquals(4, SweepRegistry.allRuns(ws), "no run recorded twice");
    }

    @Test
    void aRunThatFailsIsRecordedAsFailedAndTheOthersFinish(@TempDir Path tmp) throws Exception {
        Path spec = TinySpec.write(tmp, "");
        Path ws = tmp.resolve("ws");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        // 30 fps loads as a spec, but the graph's frame rate is 15: the run refuses it once the knowledge is derived.
        int code = kenning(o, e, "sweep", spec.toString(), "--set", "data.fps=15,30", "--seeds", "0..1",
                "--master", "local[2]", "--out", tmp.resolve("sweep").toString(), "--workspace", ws.toString());
        String log = e.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, "a failed run makes the exit code 1: " + log);
        // the running count on the last line may lag by a run that has just ended (a progress line's race)
        assertTrue(log.matches("(?s).*4/4 done, [01] running, 2 failed.*"), log);
        assertTrue(log.contains("FAILED   data.fps=30 seed 0 in "), log);
        String table = o.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| data.fps=15 **(best)** | 2 |"), table);
        assertTrue(table.contains("| data.fps=30 | 0 | — |"), table);
        assertTrue(table.contains("Failed runs:") && table.contains("data.fps is 30.0 but the knowledge graph's frame rate"),
                table);
        List<Map<String, String>> runs = SweepRegistry.runsOf(ws, SweepRegistry.sweeps(ws).get(0).get("sweep"));
        assertEquals(List.of("completed", "completed", "failed", "failed"), runs.stream().map(r -> r.get("status")).toList());
        assertTrue(runs.get(2).get("message").contains("data.fps is 30.0"), runs.get(2).toString());
    }

    @Test
    void moreCoresPerRunThanTheLocalMasterHasIsOneMessage(@TempDir Path tmp) throws Exception {
        Path spec = TinySpec.write(tmp, "");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertEquals(2, kenning(o, e, "sweep", spec.toString(), "--seeds", "0", "--master", "local[1]", "--cores-per-task", "2",
                "--out", tmp.resolve("sweep").toString(), "--workspace", "off"));
        assertEquals("error: --cores-per-task 2: needs at least 2 cores for each run, but --master local[1] gives this"
                + " process 1; use local[2] or more", e.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void theBarNeverCountsMoreRunningThanTheMasterHasSlots(@TempDir Path tmp) throws Exception {
        Path spec = TinySpec.write(tmp, "");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertEquals(0, kenning(o, e, "sweep", spec.toString(), "--seeds", "0..3", "--master", "local[2]", "--out",
                tmp.resolve("sweep").toString(), "--workspace", "off"));
        String log = e.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().filter(l -> l.startsWith("[")).noneMatch(l -> l.contains(" 3 running") || l.contains(" 4 running")),
                log);
    }
}
