package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notebooks shrink an experiment for CI by overriding spec values; they must act as the file's own. */
class SpecOverridesTest {
    private static final Path FREE_FALL = Path.of("..", "experiments", "free-fall.yaml");

    @Test
    void overridesReplaceAndAddValuesBeforeValidation() {
        ExperimentSpec plain = ExperimentSpec.load(FREE_FALL);
        ExperimentSpec small = ExperimentSpec.load(FREE_FALL, Map.of("training.steps", "30",
                "data.train_videos", "16", "evaluation.plot_videos", "2", "training.checkpoint_every", "7"));
        assertEquals(400, plain.training().steps());
        assertEquals(30, small.training().steps());
        assertEquals(16, small.data().trainVideos());
        assertEquals(2, small.evaluation().plotVideos());
        assertEquals(7, small.training().checkpointEvery()); // not in the file: added
        assertEquals(plain.data().testVideos(), small.data().testVideos());
        assertEquals(plain.knowledge(), small.knowledge());
    }

    @Test
    void aBadOverrideIsReportedAsTheFileItselfWouldBe() {
        InputError range = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("training.steps", "0")));
        assertTrue(range.getMessage().contains("'training.steps' must be between 1 and"), range.getMessage());
        assertTrue(range.getMessage().contains("with overrides {training.steps=0}"), range.getMessage());

        InputError unknown = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("training.stepz", "10")));
        assertTrue(unknown.getMessage().contains("unknown key 'training.stepz'"), unknown.getMessage());

        InputError notSection = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("seed.value", "3")));
        assertTrue(notSection.getMessage().contains("'seed' holds a value, not a section"), notSection.getMessage());
    }
}
