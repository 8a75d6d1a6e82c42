package dev.kenning.workbench;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.workbench.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Knowledge flows into the loss: the graph's g decides the derived constraint and the loss value. */
class KnowledgeToLossTest {
    private static final Workbench WORKBENCH = Workbench.create(WorkbenchConfig.notRecording());

    @Test
    void changingGInTheOntologyChangesTheConstraintAndTheLoss(@TempDir Path tmp) throws Exception {
        ExperimentFixture earth = new ExperimentFixture(Files.createDirectories(tmp.resolve("earth")));
        ExperimentFixture moon = new ExperimentFixture(Files.createDirectories(tmp.resolve("moon")));
        ExperimentFixture.replace(moon.ontology, "\"9.81\"^^xsd:double", "\"1.62\"^^xsd:double");

        ExperimentSpec earthSpec = ExperimentSpec.load(earth.spec);
        ExperimentSpec moonSpec = ExperimentSpec.load(moon.spec);
        ConstraintSpec earthLaw = freeFall(WORKBENCH.derive(earthSpec).constraints());
        ConstraintSpec moonLaw = freeFall(WORKBENCH.derive(moonSpec).constraints());
        assertEquals(9.81, earthLaw.param("g"), 1e-12);
        assertEquals(1.62, moonLaw.param("g"), 1e-12);
        assertEquals("m/s^2", moonLaw.params().get("g").unit());
        assertTrue(moonLaw.provenance().triples().stream().anyMatch(t -> t.object().equals("1.62")),
                "provenance must cite the triple that holds g: " + moonLaw.provenance());

        List<Video> batch = new FreeFallVideoGenerator(new FreeFallVideoConfig(8, 15, 16, 16, 3.0, 9.81)).generate(1, 0, 4);
        double earthLoss = lossOn(batch, new SequenceRegressionTask(earthSpec).lossTerms(WORKBENCH.derive(earthSpec).derived(), "height"));
        double moonLoss = lossOn(batch, new SequenceRegressionTask(moonSpec).lossTerms(WORKBENCH.derive(moonSpec).derived(), "height"));
        assertNotEquals(earthLoss, moonLoss, 1e-3 * Math.abs(earthLoss));
    }

    private static double lossOn(List<Video> batch, List<LossTerm> terms) {
        SequenceRegressor model = SequenceRegressor.create(new ModelSpec(List.of(8, 8), 16, "height", 1.5), 3, 16, 16, 11);
        return SequenceTraining.measure(model, batch, terms).get("free-fall");
    }

    private static ConstraintSpec freeFall(List<ConstraintSpec> cs) {
        return cs.stream().filter(c -> c.kind().equals("free-fall")).findFirst().orElseThrow();
    }
}
