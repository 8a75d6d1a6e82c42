package dev.kenning.learner;

import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.normalise: frame}: a change of a whole frame's brightness or contrast reaches the network as nothing. */
class InputNormTest {
    private static Video video;
    private static Video relit;

    @BeforeAll
    static void videos() {
        NativeBackend.select();
        video = new FreeFallVideoGenerator(new FreeFallVideoConfig(6, 15, 16, 16, 3.0, 9.81)).generate(1, 0, 1).get(0);
        // each frame darker or brighter and flatter or steeper by its own amount, as a light switched mid-clip does
        float[] pixels = video.pixels().clone();
        int size = video.frameSize();
        for (int f = 0; f < video.frames(); f++) {
            float scale = 0.5f + 0.1f * f;
            float offset = 0.05f * (f % 3);
            for (int i = f * size; i < (f + 1) * size; i++) {
                pixels[i] = pixels[i] * scale + offset;
            }
        }
        relit = new Video(video.id(), video.frames(), video.channels(), video.height(), video.width(), pixels, video.truth());
    }

    private static SequenceRegressor model(InputNorm norm) {
        return SequenceRegressor.create(new ModelSpec(List.of(4, 8), List.of(3, 3), 16, Init.HE, "height", 1.5, norm), 3, 16, 16, 7);
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aFrameRelitPredictsAsBeforeOnlyWhenStandardised() {
        SequenceRegressor standardised = model(InputNorm.FRAME);
        double[] before = standardised.predict(List.of(video))[0];
        double[] after = standardised.predict(List.of(relit))[0];
        assertTrue(maxDifference(before, after) < 1e-4, Arrays.toString(before) + " vs " + Arrays.toString(after));
        // the outputs vary between frames, so agreeing is not agreeing on a constant
        assertTrue(Arrays.stream(before).max().orElseThrow() - Arrays.stream(before).min().orElseThrow() > 1e-4,
                Arrays.toString(before));

        SequenceRegressor raw = model(InputNorm.NONE);
        assertTrue(maxDifference(raw.predict(List.of(video))[0], raw.predict(List.of(relit))[0]) > 1e-3,
                "without it the same change moves the output");
    }

    @Test
    void aFrameOfOneColourGivesAFiniteOutput() {
        float[] grey = new float[video.pixels().length];
        Arrays.fill(grey, 0.3f);
        Video flat = new Video("flat", video.frames(), 3, 16, 16, grey, video.truth());
        for (double y : model(InputNorm.FRAME).predict(List.of(flat))[0]) {
            assertTrue(Double.isFinite(y), "output " + y);
        }
    }

    @Test
    void standardisingAddsNoWeights() {
        assertEquals(SequenceRegressor.parameters(model(InputNorm.FRAME).spec(), 3, 16, 16),
                SequenceRegressor.parameters(model(InputNorm.NONE).spec(), 3, 16, 16));
        assertEquals(model(InputNorm.FRAME).graph().variables().stream()
                        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE).count(),
                model(InputNorm.NONE).graph().variables().stream()
                        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE).count());
    }

    @Test
    void anUnknownNormIsRefusedNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputNorm.of("batch"));
        assertTrue(e.getMessage().contains("[none, frame]") && e.getMessage().contains("batch"), e.getMessage());
        assertEquals(InputNorm.FRAME, InputNorm.of("frame"));
    }
}
