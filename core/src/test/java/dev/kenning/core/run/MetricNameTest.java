package dev.kenning.core.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every metric name the workbench writes is spelled exactly as metrics.json has always spelled it. */
class MetricNameTest {

    @Test
    void factoriesSpellTheKeysRunsWrite() {
        assertEquals("label_free.test_corr", MetricName.of("label_free", "test_corr").toString());
        assertEquals(List.of("supervised.test_corr", "supervised.test_corr_min", "supervised.window_abs_r",
                        "supervised.global_r", "supervised.train_seconds", "supervised.steps_per_second"),
                List.of(MetricName.testCorr("supervised"), MetricName.testCorrMin("supervised"),
                        MetricName.windowAbsR("supervised"), MetricName.globalR("supervised"),
                        MetricName.trainSeconds("supervised"), MetricName.stepsPerSecond("supervised"))
                        .stream().map(MetricName::toString).toList());
        assertEquals(List.of("wall_seconds", "labelled_test_frames", "test_sequences", "episodes", "chance", "seeds",
                        "usable_attributes", "label_free.test_corr", "supervised.test_corr", "knowledge.acc",
                        "knowledge.ci95", "baseline.acc", "baseline.ci95"),
                List.of(MetricName.WALL_SECONDS, MetricName.LABELLED_TEST_FRAMES, MetricName.TEST_SEQUENCES,
                        MetricName.EPISODES, MetricName.CHANCE, MetricName.SEEDS, MetricName.USABLE_ATTRIBUTES,
                        MetricName.LABEL_FREE_TEST_CORR, MetricName.SUPERVISED_TEST_CORR, MetricName.KNOWLEDGE_ACC,
                        MetricName.KNOWLEDGE_CI95, MetricName.BASELINE_ACC, MetricName.BASELINE_CI95)
                        .stream().map(MetricName::toString).toList());
        assertEquals("knowledge.acc_5way1shot", MetricName.KNOWLEDGE_ACC.setting("5way1shot").toString());
        assertEquals("difference.p_labels100", MetricName.p("difference").setting("labels100").toString());
        assertEquals("shuffled_knowledge.ci95_5way5shot", MetricName.ci95("shuffled_knowledge").setting("5way5shot").toString());
        assertEquals("knowledge.acc_seed3", MetricName.acc("knowledge").seed(3).toString());
        assertEquals("knowledge-s3.train_seconds", MetricName.trainSeconds("knowledge-s3").toString());
    }

    @Test
    void parseKeepsTheTextAndSplitsAtTheFirstDot() {
        for (String key : List.of("wall_seconds", "label_free.test_corr", "attributes.agreement_held_out.has_sleeves")) {
            MetricName n = MetricName.parse(key);
            assertEquals(key, n.toString());
            assertEquals(n, MetricName.parse(key));
            assertEquals(n.hashCode(), MetricName.parse(key).hashCode());
        }
        MetricName deep = MetricName.parse("attributes.agreement_held_out.has_sleeves");
        assertEquals("attributes", deep.group());
        assertEquals("agreement_held_out.has_sleeves", deep.measure());
        assertEquals("", MetricName.WALL_SECONDS.group());
        assertEquals("wall_seconds", MetricName.WALL_SECONDS.measure());
        assertEquals(MetricName.SUPERVISED_TEST_CORR, MetricName.LABEL_FREE_TEST_CORR.inGroup("supervised"));
        assertThrows(IllegalArgumentException.class, () -> MetricName.parse(""));
        assertThrows(IllegalArgumentException.class, () -> MetricName.of("", "acc"));
    }
}
