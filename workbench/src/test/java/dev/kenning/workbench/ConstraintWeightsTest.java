package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.learner.LossTerm;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** knowledge.weights in a spec replaces the weight the rules gave each constraint kind's loss term. */
class ConstraintWeightsTest {
    @TempDir
    Path tmp;

    private static Map<String, Double> weights(ExperimentSpec spec) {
        List<LossTerm> terms = new SequenceRegressionTask(spec).lossTerms(
                Workbench.create(WorkbenchConfig.notRecording()).derive(spec).derived(), "height");
        return terms.stream().collect(Collectors.toMap(LossTerm::name, LossTerm::weight));
    }

    @Test
    void aSpecWeightReplacesTheRulesWeightForThatKindOnly() throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Map<String, Double> ruled = weights(ExperimentSpec.load(f.spec));
        assertTrue(ruled.containsKey("free-fall") && ruled.containsKey("spread"), ruled.toString());

        f.replaceInSpec("  rules: [physics.drl]\n", "  rules: [physics.drl]\n  weights:\n    spread: 0.25\n");
        ExperimentSpec spec = ExperimentSpec.load(f.spec);
        assertEquals(Map.of("spread", 0.25), spec.knowledge().weights());
        Map<String, Double> weighted = weights(spec);
        assertEquals(0.25, weighted.get("spread"), 1e-12);
        assertEquals(ruled.get("free-fall"), weighted.get("free-fall"), 1e-12);
        assertEquals(Map.of("spread", 0.25), ((Map<?, ?>) spec.resolved().get("knowledge")).get("weights"));
    }

    @Test
    void aNegativeWeightOrAKindTheRulesDoNotDeriveIsRefusedByName() throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("  rules: [physics.drl]\n", "  rules: [physics.drl]\n  weights:\n    spread: -1\n");
        InputError negative = assertThrows(InputError.class, () -> ExperimentSpec.load(f.spec));
        assertTrue(negative.getMessage().startsWith(f.spec + ":" + ExperimentFixture.lineOf(f.spec, "spread: -1"))
                && negative.getMessage().contains("'knowledge.weights.spread' must be between 0.0"), negative.getMessage());

        f.replaceInSpec("spread: -1", "harmonic: 2");
        ExperimentSpec spec = ExperimentSpec.load(f.spec);
        InputError unknown = assertThrows(InputError.class, () -> weights(spec));
        assertTrue(unknown.getMessage().contains("'knowledge.weights' gives a weight to 'harmonic'")
                && unknown.getMessage().contains("free-fall"), unknown.getMessage());
    }
}
