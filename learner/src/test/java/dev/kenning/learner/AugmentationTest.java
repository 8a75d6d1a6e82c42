package dev.kenning.learner;

import dev.kenning.datasets.Video;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {
    private static final int FRAMES = 5;
    private static final int CHANNELS = 3;
    private static final int SIZE = 16;

    /** A window of a bright column walking right one pixel per frame over a grey backdrop. */
    private static float[] walkingColumn() {
        float[] px = new float[FRAMES * CHANNELS * SIZE * SIZE];
        java.util.Arrays.fill(px, 0.4f);
        for (int f = 0; f < FRAMES; f++) {
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = 0; y < SIZE; y++) {
                    px[((f * CHANNELS + c) * SIZE + y) * SIZE + 5 + f] = 0.9f;
                }
            }
        }
        return px;
    }

    /** Per frame, the column (of row 0, channel 0) where the pixels are brightest. */
    private static int[] track(float[] px) {
        int[] x = new int[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            int row = f * CHANNELS * SIZE * SIZE;
            for (int i = 1; i < SIZE; i++) {
                if (px[row + i] > px[row + x[f]]) {
                    x[f] = i;
                }
            }
        }
        return x;
    }

    @Test
    void aShiftOrMirrorMovesEveryFrameAlikeSoTheMotionStaysLinear() {
        Augmentation geometric = new Augmentation(0.25, true, 0, 0);
        SplittableRandom rnd = new SplittableRandom(3);
        Set<Integer> offsets = new HashSet<>();
        Set<Integer> velocities = new HashSet<>();
        for (int draw = 0; draw < 40; draw++) {
            float[] px = walkingColumn();
            geometric.apply(px, 0, FRAMES, CHANNELS, SIZE, SIZE, rnd);
            int[] x = track(px);
            int v = x[1] - x[0];
            for (int f = 1; f < FRAMES; f++) {
                assertEquals(v, x[f] - x[f - 1], "constant velocity after the change, frames " + java.util.Arrays.toString(x));
            }
            velocities.add(v);
            offsets.add(x[0]);
        }
        assertEquals(Set.of(1, -1), velocities, "a mirror reverses the walk about half the time");
        assertTrue(offsets.size() > 4, "the start moves with the shift: " + offsets);
    }

    @Test
    void lightChangesKeepPixelsInRangeAndNoneChangesNothing() {
        float[] px = walkingColumn();
        new Augmentation(0, false, 1, 1).apply(px, 0, FRAMES, CHANNELS, SIZE, SIZE, new SplittableRandom(1));
        for (float p : px) {
            assertTrue(p >= 0 && p <= 1, "pixel " + p);
        }
        assertFalse(java.util.Arrays.equals(walkingColumn(), px), "brightness and contrast changed the window");
        float[] same = walkingColumn();
        assertTrue(Augmentation.NONE.isNone());
        Augmentation.NONE.apply(same, 0, FRAMES, CHANNELS, SIZE, SIZE, new SplittableRandom(1));
        assertArrayEquals(walkingColumn(), same);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(1.5, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(0, false, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(0, false, 0, Double.NaN));
    }
    /**
     * The test views are the frames as they are, then the training changes a network met (mirror,
     * half the largest shift either way, those mirrored), never light; and only with test_time.
     */
    @Test
    void testViewsAreTheGeometricChangesTrainingMade() {
        Augmentation.Change asIs = Augmentation.AS_IS;
        assertEquals(List.of(asIs), new Augmentation(0.1, true, 0.2, 0.2).testViews(64), "no test_time, no views");
        assertEquals(List.of(asIs, new Augmentation.Change(0, true, 0, 1), new Augmentation.Change(-3, false, 0, 1),
                        new Augmentation.Change(-3, true, 0, 1), new Augmentation.Change(3, false, 0, 1),
                        new Augmentation.Change(3, true, 0, 1)),
                new Augmentation(0.1, true, 0.2, 0.2, true).testViews(64));
        assertEquals(List.of(asIs, new Augmentation.Change(0, true, 0, 1)), new Augmentation(0, true, 0, 0, true).testViews(64));
        // a shift too small for half of it to reach a pixel still shows one
        assertEquals(List.of(asIs, new Augmentation.Change(-1, false, 0, 1), new Augmentation.Change(1, false, 0, 1)),
                new Augmentation(0.01, false, 0, 0, true).testViews(32));

        float[] px = walkingColumn();
        Video clip = new Video("clip", FRAMES, CHANNELS, SIZE, SIZE, px, new double[]{1, 2, 3, 4, 5}, 2);
        assertSame(clip, Augmentation.view(clip, asIs));
        Video mirrored = Augmentation.view(clip, new Augmentation.Change(2, true, 0, 1));
        // shifted right by 2, then mirrored: the column at 5 + f stands at SIZE - 1 - (7 + f)
        int[] x = track(mirrored.pixels());
        for (int f = 0; f < FRAMES; f++) {
            assertEquals(SIZE - 1 - (7 + f), x[f], "frame " + f);
        }
        assertArrayEquals(clip.truth(), mirrored.truth());
        assertEquals(clip.step(), mirrored.step());
        assertArrayEquals(walkingColumn(), clip.pixels(), "the clip itself is left as it was");
    }
}
