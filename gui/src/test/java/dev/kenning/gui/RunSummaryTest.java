package dev.kenning.gui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any run kind displays from its files: status, metrics, every PNG, confusion.csv as counts. */
class RunSummaryTest {

    @Test
    void aFewShotRunSummaryReadsWithItsPlotsAndConfusionMatrix(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("status.json"), "{\"status\":\"completed\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"knowledge.acc\":0.8125,\"knowledge.ci95\":0.031,\"baseline.acc\":0.7}");
        Files.write(run.resolve("accuracy.png"), new byte[]{1});
        Files.write(run.resolve("confusion.png"), new byte[]{1});
        Files.writeString(run.resolve("confusion.csv"), "true\\pred,sandal,sneaker\nsandal,9,1\nsneaker,2,8\n");

        RunSummary r = RunSummary.read(run);

        assertEquals("completed", r.status());
        assertEquals(0.8125, r.metrics().get("knowledge.acc"));
        assertEquals(List.of("accuracy.png", "confusion.png"), r.plots().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("sandal", "sneaker"), r.confusion().classes());
        assertArrayEquals(new long[]{2, 8}, r.confusion().counts()[1]);
        assertEquals(9, r.confusion().max());
        assertTrue(r.headline().contains("knowledge.acc 0.813 ± 0.031") && r.headline().contains("baseline.acc 0.700"), r.headline());
    }

    /** One seed has no interval: its accuracy is listed alone, not "± NaN". */
    @Test
    void aRunOfOneSeedListsItsAccuracyWithoutAnInterval(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("status.json"), "{\"status\":\"completed\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"knowledge.acc\":0.905,\"knowledge.ci95\":\"NaN\",\"baseline.acc\":0.6}");

        assertEquals("knowledge.acc 0.905, baseline.acc 0.600", RunSummary.read(run).headline());
    }

    /** A tracking run lists each model's per-sequence r and window |r|, then the clock's window |r|. */
    @Test
    void aTrackingRunListsTheWindowMetricBesideTheClocks(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("status.json"), "{\"status\":\"completed\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"label_free.test_corr\":0.7023,\"label_free.window_abs_r\":0.6807,"
                + "\"label_free.global_r\":-0.38,\"supervised.test_corr\":0.81,\"supervised.window_abs_r\":0.85,"
                + "\"clock.window_abs_r\":1.0,\"clock.test_corr\":0.9999}");

        assertEquals("label_free.test_corr 0.702, label_free.window_abs_r 0.681, supervised.test_corr 0.810,"
                + " supervised.window_abs_r 0.850, clock.window_abs_r 1.000", RunSummary.read(run).headline());
    }

    @Test
    void infiniteMetricsAndAFailedRunsErrorReadAsTheRegistryReadsThem(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("status.json"), "{\"status\":\"failed\",\"error\":\"loss turned NaN\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"label_free.test_corr\":\"-Infinity\",\"supervised.test_corr\":\"NaN\"}");

        RunSummary r = RunSummary.read(run);

        assertEquals("failed", r.status());
        assertEquals("loss turned NaN", r.message());
        assertEquals(Double.NEGATIVE_INFINITY, r.metrics().get("label_free.test_corr"), "was NaN: strings other than numbers all read as NaN");
        assertTrue(Double.isNaN(r.metrics().get("supervised.test_corr")));
    }

    @Test
    void anUnreadableStatusIsUnknownAndSaysWhy(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("status.json"), "{\"status\":");
        RunSummary r = RunSummary.read(run);
        assertEquals("unknown", r.status());
        assertTrue(r.message().startsWith(run.resolve("status.json") + ": not a readable status"), r.message());
        assertTrue(r.metrics().isEmpty());
        assertEquals(List.of(), r.plots());
    }

    @Test
    void aMalformedConfusionFileNamesItsLine(@TempDir Path run) throws IOException {
        Path csv = run.resolve("confusion.csv");
        Files.writeString(csv, "true\\pred,a,b\na,1,2\nb,3,x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSummary.confusion(csv));
        assertTrue(e.getMessage().startsWith(csv + ":3: 'x' is not a count"), e.getMessage());
    }
}
