package dev.kenning.workbench.registry;

import dev.kenning.core.InputError;
import dev.kenning.core.Sha256;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.CliRun;
import dev.kenning.workbench.cli.Kenning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs recorded as PROV-O in a real TDB2 workspace and read back with SPARQL. */
class RunRegistryTest {
    @TempDir
    Path dir;

    /** A completed run folder with knowledge hashes and a model file, as Workbench writes it. */
    private Path run(String folder, int seed, double labelFree, String ontologyHash) throws IOException {
        Path run = RunsCompareTest.run(dir, folder, "free-fall", seed, labelFree, 0.98);
        Files.writeString(run.resolve("constraints.json"), """
                { "constraints" : [],
                  "ontologies_sha256" : { "/k/physics.ttl" : "%s" },
                  "rules_sha256" : { "/k/physics.drl" : "%s" } }""".formatted(ontologyHash, "b".repeat(64)));
        Files.writeString(run.resolve("status.json"), """
                { "status" : "completed", "finished" : "2026-11-27T04:44:44Z", "wall_seconds" : 300.0 }""");
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("model/label_free.sdz"), "weights of " + folder);
        return run;
    }

    /**
     * Two runs that used the same bytes from two places (a sweep's copy on a worker): each shows the
     * place it read them from, not every place any run read those bytes from.
     */
    @Test
    void aRunShowsWhereItReadItsFilesNotWhereOthersDid() throws IOException {
        Path a = run("here", 1, 0.97, "a".repeat(64));
        Path b = run("there", 2, 0.95, "a".repeat(64));
        Files.writeString(b.resolve("constraints.json"), Files.readString(b.resolve("constraints.json"))
                .replace("/k/physics.ttl", "/worker/kenning-inputs/physics.ttl"));
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            RunRegistry registry = new RunRegistry(kb);
            registry.record(a);
            registry.record(b);
            List<String> ontologies = registry.show("here").used().stream().filter(u -> u.get("kind").equals("Ontology"))
                    .map(u -> u.get("location")).toList();
            assertEquals(List.of("/k/physics.ttl"), ontologies);
            assertEquals(1, registry.show("here").generated().size());
        }
    }

    /**
     * A sweep recorded as running reads so only while a live process holds its folder's lock: one
     * whose driver was killed (SIGKILL leaves its record running) reads as interrupted, as a run
     * does; and a second sweep into a held folder is refused, naming the process holding it.
     */
    @Test
    void aSweepRecordedAsRunningWhoseDriverIsGoneReadsAsInterrupted() throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), "name: tiny\n");
        Path folder = Files.createDirectories(dir.resolve("sweeps/tiny"));
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            RunRegistry registry = new RunRegistry(kb);
            registry.recordSweep(new SweepRecord(RunRegistry.SWEEP_PREFIX + "tiny-1", "tiny", "tiny", spec,
                    "training.steps=4,8", "0,1", "local[2]", "running", folder, java.time.Instant.parse("2026-12-08T01:00:00Z"),
                    null));
            assertEquals("interrupted", registry.sweeps().get(0).get("status"), "no process holds its folder");
            try (dev.kenning.core.run.LockFile held = dev.kenning.core.run.LockFile.hold(folder.resolve(RunRegistry.SWEEP_LOCK),
                    "this sweep folder")) {
                assertEquals("running", registry.sweeps().get(0).get("status"), "this process holds it");
                InputError e = assertThrows(InputError.class, () -> dev.kenning.core.run.LockFile.hold(
                        folder.resolve(RunRegistry.SWEEP_LOCK), "this sweep folder"));
                assertTrue(e.getMessage().contains("another process is writing to this sweep folder (process "
                        + ProcessHandle.current().pid() + ", since "), e.getMessage());
            }
            assertEquals("interrupted", registry.sweeps().get(0).get("status"));
            assertTrue(Files.notExists(folder.resolve(RunRegistry.SWEEP_LOCK)), "the lock file goes with its holder");
        }
    }

    @Test
    void aRecordedRunReadsBackWithWhatItUsedGeneratedAndMeasured() throws IOException {
        Path a = run("ff1", 1, 0.97, "a".repeat(64));
        Path b = run("ff2", 2, 0.95, "a".repeat(64));
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(dir.resolve("ws"))) {
            RunRegistry registry = new RunRegistry(kb);
            String iri = registry.record(a);
            registry.record(b);
            assertEquals(2, kb.graphs().stream().filter(g -> g.startsWith(RunRegistry.GRAPH_PREFIX)).count(),
                    "a named graph per run");

            RunRegistry.RecordedRun shown = registry.show("ff1");
            assertEquals(iri, shown.iri());
            assertEquals("1", shown.seed());
            assertEquals("2026-11-27T04:39:44Z", shown.started(), "finished − wall_seconds");
            assertEquals("2026-11-27T04:44:44Z", shown.ended());
            assertEquals(0.97, Double.parseDouble(shown.metrics().get("label_free.test_corr")), 1e-12);
            assertEquals(List.of("Ontology", "RulePack", "Spec"), shown.used().stream().map(u -> u.get("kind")).toList());
            assertEquals(Sha256.of(a.resolve("spec.yaml")), shown.used().get(2).get("sha256"));
            assertEquals(1, shown.generated().size());
            assertEquals(Sha256.of(a.resolve("model/label_free.sdz")), shown.generated().get(0).get("sha256"));
            assertEquals(iri, registry.show(a.toString()).iri(), "by folder path too");

            // The ontology is one entity named by its hash, so "which runs used it" is one query.
            List<Map<String, String>> users = kb.select(RunRegistry.PREFIXES + """
                    SELECT ?run WHERE { ?run prov:used <urn:sha256:%s> } ORDER BY ?run""".formatted("a".repeat(64)));
            assertEquals(2, users.size());

            // Recording again replaces the run's graph rather than adding a second set of metrics.
            Files.writeString(a.resolve("metrics.json"), "{ \"label_free.test_corr\" : 0.5 }");
            registry.record(a);
            assertEquals(0.5, Double.parseDouble(registry.show("ff1").metrics().get("label_free.test_corr")));
            assertEquals(1, registry.show("ff1").metrics().size());
            assertEquals(2, registry.list().size());

            InputError missing = assertThrows(InputError.class, () -> registry.show("ff9"));
            assertTrue(missing.getMessage().contains("ff9") && missing.getMessage().contains("kenning runs list"));
        }
    }

    @Test
    void theCommandLineRecordsListsAndShowsThroughTheWorkspace() throws IOException {
        Path a = run("ff1", 1, 0.97, "a".repeat(64));
        Path b = run("ff2", 2, 0.95, "c".repeat(64));
        String ws = dir.resolve("ws").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Kenning.execute(new String[]{"runs", "record", a.toString(), b.toString(), "--workspace", ws}, o, e),
                err.toString());
        out.reset();
        assertEquals(0, Kenning.execute(new String[]{"runs", "list", "--workspace", ws}, o, e), err.toString());
        String list = out.toString(StandardCharsets.UTF_8);
        assertTrue(list.contains("ff1") && list.contains("ff2") && list.contains("0.9700"), list);
        assertTrue(list.contains("2 run(s) recorded") && list.contains("completed"), list);
        out.reset();
        assertEquals(0, Kenning.execute(new String[]{"runs", "show", "ff2", "--workspace", ws}, o, e), err.toString());
        String show = out.toString(StandardCharsets.UTF_8);
        assertTrue(show.contains("Ontology  sha256 " + "c".repeat(64)), show);
        assertTrue(show.contains("label_free.test_corr") && show.contains("0.9500"), show);
        err.reset();
        assertEquals(2, Kenning.execute(new String[]{"runs", "list", "--workspace", dir.resolve("none").toString()}, o, e));
        assertTrue(err.toString().contains("no workspace here"), err.toString());
        assertTrue(Files.notExists(dir.resolve("none")), "listing creates no workspace");
    }

    @Test
    void infiniteMetricsListAndShow() throws IOException {
        Path a = run("ff1", 1, 0.97, "a".repeat(64));
        // An undefined or diverged score is still a metric; the graph spells its infinities INF and -INF.
        Files.writeString(a.resolve("metrics.json"),
                "{ \"label_free.test_corr\" : \"-Infinity\", \"supervised.test_corr\" : \"Infinity\", \"x\" : \"NaN\" }");
        String ws = dir.resolve("ws").toString();
        CliRun record = CliRun.of("runs", "record", a.toString(), "--workspace", ws);
        assertEquals(0, record.code(), record.err());
        CliRun list = CliRun.of("runs", "list", "--workspace", ws);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("-Infinity") && list.out().contains(" Infinity"), list.out());
        CliRun show = CliRun.of("runs", "show", "ff1", "--workspace", ws);
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().matches("(?s).*label_free\\.test_corr\\s+-Infinity\\n.*"), show.out());
        assertTrue(show.out().matches("(?s).*supervised\\.test_corr\\s+Infinity\\n.*"), show.out());
        assertTrue(show.out().matches("(?s).*x\\s+not measured\\n.*"), show.out());
    }
}
