package dev.kenning.workbench.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics a run prints: each on its line, a family of one per attribute (CUB's 312) as one. */
class MetricLinesTest {
    @Test
    void aFamilyOfManyMetricsIsOneLineInItsPlace() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("knowledge-s0.train_seconds", 9.5);
        for (int a = 0; a < 20; a++) {
            metrics.put("attributes.agreement_held_out.colour-" + a, 0.5 + a / 100.0);
        }
        metrics.put("attributes.agreement_base", 0.7);
        metrics.put("knowledge.ci95", Double.NaN);
        List<String> lines = Kenning.metricLines(metrics);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("knowledge-s0.train_seconds", lines.get(0).trim().split(" +")[0]);
        assertTrue(lines.get(1).matches(" +attributes\\.agreement_held_out\\.\\* +20 values, mean 0\\.5950, min 0\\.5000,"
                + " max 0\\.6900 \\(each in metrics\\.json\\)"), lines.get(1));
        assertTrue(lines.get(2).matches(" +attributes\\.agreement_base +0\\.7000"), lines.get(2));
        assertTrue(lines.get(3).matches(" +knowledge\\.ci95 +not measured"), lines.get(3));
    }

    @Test
    void aFamilyOfSixteenIsListedInFull() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int a = 0; a < Kenning.MAX_FAMILY_LINES; a++) {
            metrics.put("attributes.agreement_base.part-" + a, 0.6);
        }
        List<String> lines = Kenning.metricLines(metrics);
        assertEquals(16, lines.size());
        assertTrue(lines.get(15).matches(" +attributes\\.agreement_base\\.part-15 +0\\.6000"), lines.get(15));
    }
}
