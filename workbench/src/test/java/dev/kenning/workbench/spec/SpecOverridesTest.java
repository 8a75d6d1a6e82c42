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
    void anAliasBombAndNonUtf8BytesAreOneMessageEach(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int k = 0; k < 9; k++) {
                bomb.append(k == 0 ? "" : ",").append('*').append(p);
            }
            bomb.append("]\n");
        }
        Path bombFile = java.nio.file.Files.writeString(dir.resolve("bomb.yaml"), bomb);
        InputError aliases = assertThrows(InputError.class, () -> SpecFile.load(bombFile));
        assertTrue(aliases.getMessage().startsWith(bombFile + ": not a spec Kenning reads: "), aliases.getMessage());

        Path latin1 = java.nio.file.Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        InputError bytes = assertThrows(InputError.class, () -> SpecFile.load(latin1));
        assertEquals(latin1 + ": not UTF-8 text; save the spec as UTF-8", bytes.getMessage());
    }

    /**
     * {@code frame_step: auto} on a generator is decided when the spec is read: at 15 fps it starts
     * from 5, and windows of 8 frames in clips of 16 hold every 2nd frame at most; the spec as run
     * still says auto. A list given as an override is a list.
     */
    @Test
    void frameStepAutoOnAGeneratorFitsItsClips() {
        Path walking = Path.of("..", "experiments", "walking.yaml");
        ExperimentSpec auto = ExperimentSpec.load(walking, Map.of("data.frame_step", "auto", "model.conv_channels", "[8, 16]"));
        assertEquals(2, auto.data().frameStep());
        assertTrue(auto.data().autoStep());
        assertEquals("auto", ((Map<?, ?>) auto.resolved().get("data")).get("frame_step"));
        assertEquals(java.util.List.of(8, 16), auto.model().convChannels());
        ExperimentSpec longer = ExperimentSpec.load(walking, Map.of("data.frame_step", "auto", "data.frames", "60"));
        assertEquals(5, longer.data().frameStep(), "a third of a second at 15 fps, as the clips are long enough");
        assertEquals(1, dev.kenning.datasets.Windows.stepFitting(5, 8, 8), "never below 1");
        assertEquals(3, ExperimentSpec.Data.autoStepCap(10));
    }

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
        // a section the file lacks is added, placed at its parent's line for any message about it
        ExperimentSpec stopping = ExperimentSpec.load(FREE_FALL, Map.of("training.early_stopping.held_out", "0.2",
                "training.restarts", "2", "training.restarts_combine", "average"));
        assertEquals(25, stopping.training().earlyStopping().every());
        InputError inNew = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("training.early_stopping.every", "0")));
        assertTrue(inNew.getMessage().contains("'training.early_stopping.every' must be between 1"), inNew.getMessage());
    }

    @Test
    void aBadOverrideIsReportedAsTheFileItselfWouldBe() {
        InputError range = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("training.steps", "0")));
        assertTrue(range.getMessage().contains("'training.steps' must be between 1 and"), range.getMessage());
        assertEquals("--set training.steps=0", range.where(), "the override, not a line of the file, which does not say 0");

        InputError unknown = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("training.stepz", "10")));
        assertTrue(unknown.getMessage().contains("unknown key 'training.stepz'"), unknown.getMessage());

        InputError notSection = assertThrows(InputError.class,
                () -> ExperimentSpec.load(FREE_FALL, Map.of("seed.value", "3")));
        assertTrue(notSection.getMessage().contains("'seed' holds a value, not a section"), notSection.getMessage());
    }
}
