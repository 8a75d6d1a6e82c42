package dev.kenning.datasets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Windows of W frames, consecutive or every k-th, from sequences of any length. */
class WindowsTest {
    /** A sequence whose frame f is filled with f and whose truth is 10·f. */
    private static Video counting(String id, int frames) {
        float[] pixels = new float[frames * 3 * 16 * 16];
        double[] truth = new double[frames];
        int size = 3 * 16 * 16;
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(pixels, f * size, (f + 1) * size, f);
            truth[f] = 10 * f;
        }
        return new Video(id, frames, 3, 16, 16, pixels, truth);
    }

    @Test
    void aFrameStepTakesEveryKthFrame() {
        List<Video> w = Windows.of(List.of(counting("a", 14)), 5, 1, 3);
        assertEquals(2, w.size(), "spans of 13 frames start at 0 and 1");
        assertArrayEquals(new double[]{10, 40, 70, 100, 130}, w.get(1).truth());
        assertEquals(4f, w.get(1).pixels()[3 * 16 * 16], "second frame of the window is frame 4");
        assertEquals(13, Windows.span(5, 3));
    }

    @Test
    void sequencesOfAnyLengthGiveTheWindowsThatFit() {
        List<Video> w = Windows.of(List.of(counting("short", 4), counting("odd", 7), counting("even", 8)), 5, 2, 1);
        assertEquals(0 + 2 + 2, w.size(), "4 frames: none; 7: starts 0, 2; 8: starts 0, 2");
        List<Video> consecutive = Windows.of(List.of(counting("x", 9)), 5, 1);
        assertEquals(5, consecutive.size());
        assertArrayEquals(new double[]{40, 50, 60, 70, 80}, consecutive.get(4).truth());
        assertThrows(IllegalArgumentException.class, () -> Windows.of(List.of(counting("a", 9)), 5, 1, 0));
    }
}
