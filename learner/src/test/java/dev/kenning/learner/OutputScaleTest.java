package dev.kenning.learner;

import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ModelSpec.outputScale}: the output layer works in units of the scale, starting where it is told. */
class OutputScaleTest {

    @Test
    void aScaledOutputIsTheSameNetworkInOtherUnits() {
        NativeBackend.select();
        List<Video> videos = new FreeFallVideoGenerator(new FreeFallVideoConfig(6, 15, 16, 16, 3.0, 9.81)).generate(1, 0, 2);
        ModelSpec plain = new ModelSpec(List.of(4, 8), List.of(3, 3), 16, Init.HE, "height", 1.5, InputNorm.NONE);
        // the same draws of weights, the output's start 300 times as far and its unit 300 times as large
        double[][] metres = SequenceRegressor.create(plain, 3, 16, 16, 5).predict(videos);
        double[][] scaled = SequenceRegressor.create(plain.withOutput(450, 300), 3, 16, 16, 5).predict(videos);
        double spread = 0;
        for (int v = 0; v < videos.size(); v++) {
            for (int f = 0; f < metres[v].length; f++) {
                assertEquals(300 * metres[v][f], scaled[v][f], 1e-3, "frame " + f + " of video " + v);
                spread = Math.max(spread, Math.abs(metres[v][f] - metres[0][0]));
            }
        }
        // the outputs vary, so the scale is checked on more than the bias
        assertTrue(spread > 1e-4, Arrays.deepToString(metres));
        assertEquals(1, plain.outputScale());
    }

    @Test
    void aScaleMustBePositiveAndFinite() {
        ModelSpec plain = ModelSpec.defaults("height", 0);
        for (double bad : new double[]{0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.withOutput(0, bad));
            assertTrue(e.getMessage().contains("outputScale must be a finite number > 0"), e.getMessage());
        }
    }
}
