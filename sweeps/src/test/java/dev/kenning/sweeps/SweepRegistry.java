package dev.kenning.sweeps;

import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.cli.Kenning;
import dev.kenning.workbench.registry.RunRegistry;
import dev.kenning.workbench.spec.SpecFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the sweep tests check a sweep against: the registry's records, and runs made one by one. */
final class SweepRegistry {
    private SweepRegistry() {
    }

    /** {@code kenning ARGS} in this process; stdout and stderr in the two buffers. */
    static int kenning(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Kenning.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), WorkbenchConfig.notRecording());
    }

    /** The sweeps recorded in {@code workspace}, newest first. */
    static List<Map<String, String>> sweeps(Path workspace) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            return new RunRegistry(kb).sweeps();
        }
    }

    static List<Map<String, String>> runsOf(Path workspace, String sweep) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            return new RunRegistry(kb).sweepRuns(sweep);
        }
    }

    /** Every k:Run recorded, whichever sweep (or none) it belongs to. */
    static int allRuns(Path workspace) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            return kb.select("PREFIX k: <https://kenning.dev/ns#> SELECT ?r WHERE { GRAPH ?g { ?r a k:Run } }").size();
        }
    }

    /** Metrics that time the run (wall, training seconds, steps per second): no two runs share them. */
    static boolean isTiming(String metric) {
        return metric.endsWith("seconds") || metric.endsWith("steps_per_second");
    }

    /** A recorded run's metrics, parsed back to doubles, without the timings. */
    static Map<String, Double> recordedMetrics(Path workspace, String folder) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            Map<String, Double> m = new TreeMap<>();
            new RunRegistry(kb).show(folder).metrics().forEach((k, v) -> m.put(k, Double.parseDouble(v)));
            m.keySet().removeIf(SweepRegistry::isTiming);
            return m;
        }
    }

    /** The same spec and seed run as {@code kenning run --seed} runs it, with the sweep's values put in. */
    static Map<String, Double> runAlone(Path spec, Map<String, String> values, long seed, Path out) {
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        Map<String, Double> m = new TreeMap<>(workbench.run(SpecFile.load(spec, values).withSeed(seed), out,
                RunListener.SILENT).metrics());
        m.keySet().removeIf(SweepRegistry::isTiming);
        return m;
    }

    /**
     * Each run of a sweep over {@code training.learning_rate} against the same spec, value and seed
     * run alone in this JVM ({@link #runAlone}, folders under {@code scratch}): metrics bit-equal,
     * timings aside. Returns how many runs the sweep recorded.
     */
    static int assertEachRunAsAlone(Path spec, Path workspace, String sweep, Path scratch) throws Exception {
        List<Map<String, String>> runs = runsOf(workspace, sweep);
        for (Map<String, String> r : runs) {
            String lr = r.get("configuration").replace("training.learning_rate=", "");
            long seed = Long.parseLong(r.get("seed"));
            assertSameBits(runAlone(spec, Map.of("training.learning_rate", lr), seed, scratch.resolve("alone-" + lr + "-" + seed)),
                    recordedMetrics(workspace, r.get("folder")), r.get("label"));
        }
        return runs.size();
    }

    static void assertSameBits(Map<String, Double> expected, Map<String, Double> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        assertTrue(expected.size() >= 4, "the runs report their scores: " + expected);
        expected.forEach((k, v) -> assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(actual.get(k)),
                what + ": " + k + " " + v + " vs " + actual.get(k)));
    }
}
