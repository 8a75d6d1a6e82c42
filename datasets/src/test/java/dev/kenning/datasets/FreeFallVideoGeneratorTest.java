package dev.kenning.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeFallVideoGeneratorTest {
    private final FreeFallVideoGenerator gen = new FreeFallVideoGenerator(FreeFallVideoConfig.defaults());

    @Test
    void sameSeedSameVideoDifferentSeedDifferentVideo() {
        Video a = gen.generate(42, 3);
        Video b = gen.generate(42, 3);
        Video c = gen.generate(43, 3);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.truth(), b.truth());
        assertFalse(java.util.Arrays.equals(a.pixels(), c.pixels()));
    }

    @Test
    void heightsFollowGravityAndStayInView() {
        FreeFallVideoConfig cfg = gen.config();
        for (Video v : gen.generate(1, 0, 50)) {
            double[] y = v.truth();
            double dt = 1 / cfg.fps();
            for (int i = 1; i + 1 < y.length; i++) {
                double accel = (y[i + 1] - 2 * y[i] + y[i - 1]) / (dt * dt);
                assertEquals(-cfg.gravity(), accel, 1e-6);
            }
            for (double h : y) {
                assertTrue(h > 0 && h < cfg.sceneHeight(), "height " + h + " out of view");
            }
        }
    }

    @Test
    void theObjectMovesInTheImage() {
        Video v = gen.generate(5, 0);
        int size = v.frameSize();
        double diff = 0;
        for (int p = 0; p < size; p++) {
            diff += Math.abs(v.pixels()[p] - v.pixels()[(v.frames() - 1) * size + p]);
        }
        assertTrue(diff / size > 0.005, "first and last frames should differ where the object moved");
    }

    @Test
    void savesFramesAndLabels(@TempDir Path dir) throws Exception {
        List<Video> videos = gen.generate(9, 0, 2);
        VideoFolderWriter.write(videos, dir);
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
        assertEquals("sequence,frame,value", lines.get(0));
        assertEquals(1 + 2 * videos.get(0).frames(), lines.size());
        assertTrue(Files.exists(dir.resolve(videos.get(1).id()).resolve("frame_011.png")));
    }

    @Test
    void impossibleSceneIsRejectedWithAReason() {
        FreeFallVideoGenerator tooLong = new FreeFallVideoGenerator(new FreeFallVideoConfig(60, 10, 32, 32, 1.0, 9.81));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tooLong.generate(1, 0));
        assertTrue(e.getMessage().contains("stays in view"), e.getMessage());
    }
}
