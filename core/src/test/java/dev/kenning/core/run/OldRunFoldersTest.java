package dev.kenning.core.run;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run folders as the workbench wrote them before RunFolder existed (src/test/resources/runs: a
 * completed free-fall run whose metrics hold "NaN" and "-Infinity", and a cancelled few-shot
 * run) still read: status, metrics, name, seed, constraints and models.
 */
class OldRunFoldersTest {

    static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(OldRunFoldersTest.class.getResource("/runs/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCompletedRunReadsWithItsStatusMetricsNameAndSeed() {
        RunFolder run = RunFolder.of(fixture("free-fall-seed0"));

        RunStatus status = run.status().orElseThrow();
        assertEquals(RunStatus.State.COMPLETED, status.state());
        assertEquals("completed", status.word());
        assertEquals(Instant.parse("2026-11-28T19:10:42.381215Z"), status.finished());
        assertEquals(140.3, status.wallSeconds());
        assertEquals(null, status.started());
        assertEquals("", status.message());

        assertTrue(run.isCompleted());
        Metrics m = run.metrics();
        assertEquals(15, m.size());
        assertEquals(0.9738411903381348, m.get(MetricName.LABEL_FREE_TEST_CORR).orElseThrow());
        assertEquals(0.9778163433074951, m.get(MetricName.testCorr("supervised"), 0));
        assertTrue(Double.isNaN(m.get(MetricName.globalR(MetricName.SUPERVISED)).orElseThrow()), "\"NaN\" is NaN");
        assertEquals(Double.NEGATIVE_INFINITY, m.get(MetricName.testCorrMin(MetricName.SUPERVISED), 0));
        assertEquals(48.0, m.get(MetricName.TEST_SEQUENCES, 0));
        assertEquals(140.29871, m.get(MetricName.WALL_SECONDS, 0));
        assertFalse(m.contains(MetricName.KNOWLEDGE_ACC));
        assertEquals("label_free.global_r", m.names().iterator().next().toString(), "in the file's order");
        assertEquals(List.copyOf(m.asMap().keySet()), m.names().stream().map(MetricName::toString).toList());

        assertEquals("free-fall", run.name());
        assertEquals(OptionalLong.of(0), run.seed());
        assertEquals(12, ((java.util.Map<?, ?>) run.spec().get("data")).get("window"));
        assertEquals("free-fall-seed0", run.label());

        RunConstraints c = run.constraints().orElseThrow();
        assertEquals(List.of("free-fall", "range"), c.constraints().stream().map(dev.kenning.core.ConstraintSpec::kind).toList());
        assertEquals(9.81, c.constraints().get(0).param("g"));
        assertEquals(2, c.ontologies().size());
        assertEquals(List.of("/home/user/kenning/rules/packs/physics.drl"), List.copyOf(c.rules().keySet()));
        assertEquals(null, c.endpoint());

        assertEquals(List.of("label_free", "supervised"), List.copyOf(run.models().keySet()));
        assertEquals(run.model("label_free"), run.models().get("label_free"));
        assertEquals(2, run.modelFiles().size());
        assertEquals(List.of(), run.plots(), "the fixture has no plots");
    }

    @Test
    void aCancelledRunHasAStatusWithItsMessageAndNoMetrics() {
        Path folder = fixture("fewshot-cancelled");
        RunFolder run = RunFolder.of(folder);

        RunStatus status = run.status().orElseThrow();
        assertEquals(RunStatus.State.CANCELLED, status.state());
        assertEquals("knowledge was cancelled at step 120", status.message());
        assertEquals(Instant.parse("2026-11-29T08:01:02.5Z"), status.finished());
        assertTrue(Double.isNaN(status.wallSeconds()));

        assertFalse(run.isCompleted());
        InputError e = assertThrows(InputError.class, run::metrics);
        assertEquals(folder + ": not a completed run: its status.json says cancelled", e.getMessage());
        assertEquals("fewshot-fashion", run.name());
        assertEquals(OptionalLong.of(3), run.seed());
        assertTrue(run.constraints().isEmpty());
        assertEquals(List.of("knowledge"), List.copyOf(run.models().keySet()));
    }
}
