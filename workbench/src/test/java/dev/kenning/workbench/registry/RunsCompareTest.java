package dev.kenning.workbench.registry;

import dev.kenning.workbench.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunsCompareTest {
    @TempDir
    Path dir;



    /** A completed run folder as Workbench writes it, reduced to what compare reads. */
    static Path run(Path parent, String folder, String name, int seed, double labelFree, double supervised)
            throws IOException {
        Path run = Files.createDirectories(parent.resolve(folder));
        Files.writeString(run.resolve("spec.yaml"), "# Resolved\nname: " + name + "\nseed: " + seed + "\n");
        Files.writeString(run.resolve("metrics.json"), """
                { "label_free.test_corr" : %s, "supervised.test_corr" : %s, "wall_seconds" : 1234.5,
                  "label_free.steps_per_second" : 10.5, "supervised.steps_per_second" : 20.5 }"""
                .formatted(labelFree, supervised));
        Files.writeString(run.resolve("status.json"), "{\"status\":\"completed\"}");
        return run;
    }

    @Test
    void threeSeedsGetMeanAndCiAndAPairedTest() throws IOException {
        Path a = run(dir, "ff1", "free-fall", 1, 0.97, 0.98);
        Path b = run(dir, "ff2", "free-fall", 2, 0.95, 0.97);
        Path c = run(dir, "ff3", "free-fall", 3, 0.93, 0.96);
        CliRun o = CliRun.of("runs", "compare", a.toString(), b.toString(), c.toString());
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().split("\n");
        assertTrue(lines[0].matches("metric\\s+ff1\\s+ff2\\s+ff3\\s+free-fall: mean ± 95% CI \\(n=3\\)"), lines[0]);
        // mean 0.95, sd 0.02, half-width 4.3027 * 0.02 / sqrt 3 = 0.0497
        assertTrue(o.out().matches("(?s).*label_free\\.test_corr\\s+0\\.9700\\s+0\\.9500\\s+0\\.9300\\s+0\\.9500 ± 0\\.0497\\n.*"),
                o.out());
        assertTrue(o.out().contains("wall_seconds"), o.out());
        assertTrue(o.out().contains("1234.5"), o.out());
        // differences -0.01 -0.02 -0.03: mean -0.02, sd 0.01, t = -3.464 with 2 dof
        assertTrue(o.out().contains("label_free − supervised, paired by run (n=3)"), o.out());
        assertTrue(o.out().matches("(?s).*test_corr\\s+-0\\.0200 ± 0\\.0248\\s+t\\(2\\) = -3\\.464, p = 0\\.0742.*"), o.out());
        assertFalse(o.out().contains("repeat a seed"), o.out());
        // speeds and flags are listed per run, not tested as label-free against supervised
        assertFalse(o.out().matches("(?s).*paired by run.*steps_per_second.*"), o.out());

        // a sweep's configurations share the experiment's name: pooled, they repeat seeds, which is said
        Path d = run(dir, "ff1-godel", "free-fall", 1, 0.90, 0.98);
        CliRun pooled = CliRun.of("runs", "compare", a.toString(), b.toString(), d.toString());
        assertTrue(pooled.out().contains("warning: free-fall pools runs that repeat a seed (1 ×2): likely different"
                + " configurations of one spec"), pooled.out());
    }

    /** Runs of one name but other settings are pooled as one experiment: said, naming the keys and values that differ. */
    @Test
    void runsWhoseSpecsDifferAreSaidToBeOtherSettings() throws IOException {
        Path a = run(dir, "w1", "walk", 1, 0.60, 0.90);
        Path b = run(dir, "w2", "walk", 2, 0.50, 0.90);
        Path c = run(dir, "w3", "walk", 3, 0.40, 0.90);
        Files.writeString(a.resolve("spec.yaml"), "name: walk\nseed: 1\ntraining:\n  learning_rate: 0.001\n  steps: 20\n"
                + "data:\n  path: /home/me/clips\n");
        Files.writeString(b.resolve("spec.yaml"), "name: walk\nseed: 2\ntraining:\n  learning_rate: 0.005\n  steps: 20\n"
                + "data:\n  path: /tmp/spark-1/clips\n");
        Files.writeString(c.resolve("spec.yaml"), "name: walk\nseed: 3\ntraining:\n  learning_rate: 0.001\n  steps: 200\n"
                + "data:\n  path: /home/me/clips\n");
        CliRun o = CliRun.of("runs", "compare", a.toString(), b.toString(), c.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("warning: walk pools runs whose specs differ in training.learning_rate (0.001, 0.005),"
                + " training.steps (20, 200): their spread is not a seed's alone"), o.out());
        // three pairs: too few for a bootstrap interval, which would be no wider than their own range
        assertTrue(o.out().contains("bootstrap: needs 10 pairs") && !o.out().contains("bootstrap ["), o.out());
        Files.writeString(c.resolve("spec.yaml"), "name: walk\nseed: 3\ntraining:\n  learning_rate: 0.001\n  steps: 20\n");
        Files.writeString(b.resolve("spec.yaml"), "name: walk\nseed: 2\ntraining:\n  learning_rate: 0.001\n  steps: 20\n");
        assertFalse(CliRun.of("runs", "compare", a.toString(), b.toString(), c.toString()).out().contains("specs differ"));
    }

    @Test
    void twoExperimentsOnTheSameSeedsArePairedBySeed() throws IOException {
        Path a1 = run(dir, "a1", "wide", 1, 0.90, 0.95);
        Path a2 = run(dir, "a2", "wide", 2, 0.80, 0.95);
        Path b2 = run(dir, "b2", "narrow", 2, 0.70, 0.95);
        Path b1 = run(dir, "b1", "narrow", 1, 0.85, 0.95);
        CliRun o = CliRun.of("runs", "compare", a1.toString(), a2.toString(), b2.toString(), b1.toString());
        assertEquals(0, o.code(), o.err());
        // pairs by seed: 0.90-0.85, 0.80-0.70 → mean 0.075 (pairing in argument order would give 0.15 and 0)
        assertTrue(o.out().contains("wide − narrow, paired by seed"), o.out());
        assertTrue(o.out().matches("(?s).*wide − narrow.*label_free\\.test_corr\\s+0\\.0750 ± .*"), o.out());
    }

    @Test
    void anUndefinedMetricIsShownAndLeftOutOfTheMean() throws IOException {
        Path a = run(dir, "r1", "walk", 1, 0.9, 0.9);
        Path b = run(dir, "r2", "walk", 2, 0.7, 0.9);
        Path c = Files.createDirectories(dir.resolve("r3"));
        Files.writeString(c.resolve("spec.yaml"), "name: walk\nseed: 3\n");
        // As Jackson writes a NaN correlation (no labels → undefined).
        Files.writeString(c.resolve("metrics.json"), "{ \"label_free.test_corr\" : \"NaN\" }");
        CliRun o = CliRun.of("runs", "compare", a.toString(), b.toString(), c.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().matches("(?s).*label_free\\.test_corr\\s+0\\.9000\\s+0\\.7000\\s+not measured\\s+0\\.8000 ± 1\\.2706\\n.*"),
                o.out());
    }

    @Test
    void runsThatDidNotCompleteAreNamedAndTheRestCompared() throws IOException {
        Path good = run(dir, "ok", "free-fall", 1, 0.9, 0.9);
        Path other = run(dir, "ok2", "free-fall", 2, 0.8, 0.7);
        Path failed = Files.createDirectories(dir.resolve("failed"));
        Files.writeString(failed.resolve("status.json"), "{\"status\":\"failed\"}");
        // "running" with no process holding its lock: killed
        Path killed = Files.createDirectories(dir.resolve("killed"));
        Files.writeString(killed.resolve("status.json"), "{\"status\":\"running\",\"started\":\"2026-01-01T00:00:00Z\"}");
        CliRun o = CliRun.of("runs", "compare", good.toString(), failed.toString(), other.toString(), killed.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("not compared, as not completed: " + failed + " (failed), " + killed + " (interrupted)\n"),
                o.out());
        assertTrue(o.out().contains("ok2") && o.out().contains("free-fall: mean ± 95% CI (n=2)"), o.out());

        CliRun none = CliRun.of("runs", "compare", failed.toString(), killed.toString());
        assertEquals(2, none.code());
        assertEquals("error: kenning runs compare: no completed run to compare: " + failed + " (failed), " + killed
                + " (interrupted)", none.err().strip());
        CliRun notARun = CliRun.of("runs", "compare", good.toString(), Files.createDirectories(dir.resolve("empty")).toString());
        assertEquals(2, notARun.code());
        assertTrue(notARun.err().contains("not a completed run: it has no metrics.json"), notARun.err());
        assertFalse(notARun.out().contains("metric"), "nothing printed before the error");
        assertEquals(2, CliRun.of("runs", "compare").code());
        assertEquals(2, CliRun.of("runs", "frobnicate").code());
    }

    @Test
    void aSweepsFolderPointsToItsComparison() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        run(sweep, "free-fall-0.001-s0", "free-fall", 0, 0.9, 0.9);
        Files.writeString(sweep.resolve("comparison.md"), "# free-fall sweep\n");
        CliRun o = CliRun.of("runs", "compare", sweep.toString());
        assertEquals(2, o.code());
        assertEquals("error: " + sweep + ": is a sweep's folder, not a run's: the comparison of its runs is in "
                + sweep.resolve("comparison.md") + " (comparison.csv and comparison.png beside it); to compare some of them,"
                + " name their folders: kenning runs compare " + sweep + "/RUN_DIR...", o.err().strip());
    }
}
