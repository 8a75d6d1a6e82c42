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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // a run a worker wrote exports here as any run does, and its bundle scores the run's test set as the run did
        RunOutcome run = result.outcomes().get(0);
        try (var bundle = Workbench.create(WorkbenchConfig.notRecording()).exportBundle(run.folder(), null,
                dir.resolve("a/bundle"), true)) {
            assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("a/bundle/model.onnx")));
            assertEquals(run.metrics().get("label_free.test_corr"), bundle.int8Check().float32(), 1e-5,
                    "the exported model in SameDiff against the run's own score");
        }
    }

    /**
     * A zero-shot image task whose knowledge lies in files the spec does not name: an ontology
     * imports its classes from a sibling folder through Protégé's catalog, a predicate matrix takes
     * its names from files a folder above it, and the unseen classes come from a file. On the
     * workers each run derives the knowledge the driver derives (the same files read, by hash, and
     * no note of a missing import) and scores as the same run alone.
     */
    @Test
    @Order(2)
    void aZeroShotTaskWhoseKnowledgeReadsFilesTheSpecDoesNotNameRunsOnTheWorkersAsAlone() throws Exception {
        Path c = java.nio.file.Files.createDirectories(dir.resolve("c"));
        dev.kenning.workbench.ShapeFolder.writeImages(c.resolve("shapes"), "train", 12, 1);
        dev.kenning.workbench.ShapeFolder.writeImages(c.resolve("shapes"), "test", 6, 2);
        Path k = java.nio.file.Files.createDirectories(c.resolve("knowledge/awa"));
        java.nio.file.Files.createDirectories(c.resolve("knowledge/shapes"));
        java.nio.file.Files.createDirectories(c.resolve("knowledge/common"));
        java.nio.file.Files.writeString(c.resolve("knowledge/shapes/main.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                <http://example.org/shapes> a owl:Ontology ; owl:imports <http://example.org/shape-classes> .
                """);
        java.nio.file.Files.writeString(c.resolve("knowledge/common/classes.ttl"), """
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix s:   <http://example.org/shape-classes#> .
                <http://example.org/shape-classes> a owl:Ontology .
                s:hbar a owl:Class . s:vbar a owl:Class . s:cross a owl:Class . s:dot a owl:Class .
                [] a owl:AllDisjointClasses ; owl:members ( s:hbar s:vbar s:cross s:dot ) .
                """);
        java.nio.file.Files.writeString(c.resolve("knowledge/shapes/catalog-v001.xml"),
                "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">"
                        + "<uri name=\"http://example.org/shape-classes\" uri=\"../common/classes.ttl\"/></catalog>\n");
        java.nio.file.Files.writeString(c.resolve("knowledge/classes.txt"), "1\thbar\n2\tvbar\n3\tcross\n4\tdot\n");
        java.nio.file.Files.writeString(c.resolve("knowledge/predicates.txt"), "1\thorizontal\n2\tvertical\n3\tround\n");
        java.nio.file.Files.writeString(k.resolve("predicate-matrix-binary.txt"), "1 0 0\n0 1 0\n1 1 0\n0 0 1\n");
        java.nio.file.Files.writeString(c.resolve("knowledge/testclasses.txt"), "cross\ndot\n");
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path spec = java.nio.file.Files.writeString(c.resolve("zs.yaml"), """
                name: shapes
                task: zero-shot
                knowledge:
                  ontologies: [knowledge/shapes/main.ttl, knowledge/awa/predicate-matrix-binary.txt]
                  rules: [%s, %s, %s]
                data:
                  dataset: folder
                  path: shapes
                  image_size: 12
                  held_out: knowledge/testclasses.txt
                model:
                  conv_channels: [4]
                training:
                  steps: 4
                  batch: 8
                evaluation:
                  seeds: 1
                """.formatted(root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/attributes.drl"),
                root.resolve("rules/packs/labels.drl")));
        Path ws = c.resolve("ws");
        SweepResult result = sweep(spec, ws, c.resolve("sweep"), Map.of(), new Recording(new ArrayList<>(), null));
        assertEquals(4, result.outcomes().size());
        assertEquals(0, result.failed(), () -> result.comparison().table() + cluster.logs());
        // What the driver's own derivation reads: the spec's two files, the import, the matrix's two names files.
        var derived = Workbench.create(WorkbenchConfig.notRecording()).derive(dev.kenning.workbench.spec.SpecFile.load(spec, Map.of()));
        assertEquals(5, derived.ontologyHashes().size(), derived.ontologyHashes().toString());
        assertFalse(derived.notes().toString().contains("imports"), derived.notes().toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (RunOutcome o : result.outcomes()) {
            var read = json.readTree(o.folder().resolve("constraints.json").toFile());
            List<String> hashes = new ArrayList<>();
            read.get("ontologies_sha256").forEach(h -> hashes.add(h.asText()));
            assertEquals(derived.ontologyHashes().values().stream().sorted().toList(), hashes.stream().sorted().toList(),
                    o.run().label() + " read other files on its worker: " + read.get("ontologies_sha256"));
            assertEquals(derived.constraints().size(), read.get("constraints").size(), o.run().label());
            assertFalse(read.path("knowledge_notes").toString().contains("imports"), read.path("knowledge_notes").toString());
        }
        assertEquals(4, SweepRegistry.assertEachRunAsAlone(spec, ws, result.iri(), c));
    }

    @Test
    @Order(3)
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
