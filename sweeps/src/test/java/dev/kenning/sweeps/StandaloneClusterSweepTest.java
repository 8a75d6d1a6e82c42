package dev.kenning.sweeps;

import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.sweep.RunOutcome;
import dev.kenning.workbench.sweep.SweepPlan;
import dev.kenning.workbench.sweep.SweepProgress;
import dev.kenning.workbench.sweep.SweepRequest;
import dev.kenning.workbench.sweep.SweepResult;
import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep on a real standalone Spark cluster (a master and two one-core workers, separate JVMs on
 * 127.0.0.1) whose Spark is stock Spark, so Kenning and its libraries travel as the application's
 * jars: every run recorded once with the metrics the same spec and seed give when run alone
 * in this JVM, bit for bit (timings aside); then again with one worker killed (SIGKILL, with its
 * executor) while both are running: Spark runs the lost run again on the other, and each run is
 * still recorded exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterSweepTest {
    private static final List<String> SET = List.of("0.001", "0.003");
    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir, 2);
        try (var jars = java.nio.file.Files.list(cluster.home.resolve("jars"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("spark-core_2.13-3.5.6.jar"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.matches("(kenning|nd4j|jena|drools|logicng|onnxruntime).*")),
                    "the workers' Spark is stock Spark: " + names);
        }
        // The driver (this JVM) on loopback too; executors small, as the workers are.
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.executor.memory", "2g");
        System.setProperty("spark.home", cluster.home.toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (String p : List.of("spark.driver.host", "spark.driver.bindAddress", "spark.executor.memory", "spark.home")) {
            System.clearProperty(p);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static SweepResult sweep(Path spec, Path ws, Path out, Map<String, List<String>> extra, SweepProgress progress) {
        Map<String, List<String>> grid = new java.util.LinkedHashMap<>(extra);
        grid.put("training.learning_rate", SET);
        return Workbench.create(WorkbenchConfig.recordingIn(ws)).sweep(
                SweepRequest.of(spec, grid, List.of(0L, 1L), cluster.masterUrl, 1, out, null), progress);
    }

    @Test
    @Order(1)
    void fourRunsOnTwoWorkersAreRecordedWithTheMetricsOfRunsAlone() throws Exception {
        Path spec = TinySpec.write(java.nio.file.Files.createDirectories(dir.resolve("a")), "");
        Path ws = dir.resolve("a/ws");
        List<String> where = Collections.synchronizedList(new ArrayList<>());
        SweepResult result = sweep(spec, ws, dir.resolve("a/sweep"), Map.of(), new Recording(where, null));
        assertEquals(4, result.outcomes().size());
        assertEquals(0, result.failed(), () -> result.comparison().table() + cluster.logs());
        // The workers' Spark had none of Kenning's libraries: the executors fetched them from the driver.
        String executors = cluster.executorLogs();
        // (Kenning's modules built in place are packed as workbench-classes-TAG.jar, installed ones are kenning-workbench-V.jar.)
        for (String library : List.of("(kenning-workbench|workbench-classes)-", "nd4j-native-", "jena-arq-", "drools-mvel-",
                "commons-lang3-3\\.19")) {
            assertTrue(executors.matches("(?s).*Fetching spark://[^ ]*/jars/" + library + "[^ ]*\\.jar.*"),
                    library + " fetched by the executors:\n" + executors);
        }
        assertTrue(where.stream().map(w -> w.replaceAll(".*executor (\\d+).*", "$1")).distinct().count() >= 2,
                "runs went to both workers' executors: " + where);
        assertEquals(4, SweepRegistry.assertEachRunAsAlone(spec, ws, result.iri(), dir.resolve("a")));
    }

    @Test
    @Order(2)
    void aWorkerKilledMidSweepLosesNoRunAndRecordsNoneTwice() throws Exception {
        Path spec = TinySpec.write(java.nio.file.Files.createDirectories(dir.resolve("b")), "");
        Path ws = dir.resolve("b/ws");
        List<String> where = Collections.synchronizedList(new ArrayList<>());
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killed = new AtomicBoolean();
        // Longer runs, so both workers are busy when one dies.
        SweepResult result = sweep(spec, ws, dir.resolve("b/sweep"), Map.of("training.steps", List.of("150")),
                new Recording(where, notes) {
                    final AtomicInteger started = new AtomicInteger();

                    @Override
                    public void onRunStarted(SweepPlan.PlannedRun run, String on, Counts c) {
                        super.onRunStarted(run, on, c);
                        if (started.incrementAndGet() == 2 && killed.compareAndSet(false, true)) {
                            new Thread(() -> {
                                try {
                                    cluster.killWorker(0);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }).start();
                        }
                    }
                });
        assertTrue(killed.get());
        assertEquals(4, result.outcomes().size());
        assertEquals(0, result.failed(), () -> result.comparison().table() + notes + cluster.logs());
        assertTrue(notes.stream().anyMatch(n -> n.contains("task lost")), "the lost run was noticed: " + notes);
        assertTrue(where.size() >= 5, "the lost run started again elsewhere: " + where);
        assertEquals(4, SweepRegistry.runsOf(ws, result.iri()).size());
        assertEquals(4, SweepRegistry.allRuns(ws), "every run recorded exactly once");
    }

    /** Keeps where each run started and the engine's notes. */
    private static class Recording implements SweepProgress {
        private final List<String> where;
        private final List<String> notes;

        Recording(List<String> where, List<String> notes) {
            this.where = where;
            this.notes = notes;
        }

        @Override
        public void onStart(SweepPlan plan, Counts counts) {
        }

        @Override
        public void onRunStarted(SweepPlan.PlannedRun run, String on, Counts counts) {
            where.add(run.label() + " on " + on);
        }

        @Override
        public void onRunFinished(RunOutcome outcome, Counts counts) {
        }

        @Override
        public void onNote(String line) {
            if (notes != null) {
                notes.add(line);
            }
        }
    }
}
