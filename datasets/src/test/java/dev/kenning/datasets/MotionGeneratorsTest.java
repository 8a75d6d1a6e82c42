package dev.kenning.datasets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionGeneratorsTest {
    @Test
    void walkersMoveAtConstantVelocityInView() {
        WalkingVideoConfig cfg = new WalkingVideoConfig(16, 15, 32, 32, 3);
        WalkingVideoGenerator gen = new WalkingVideoGenerator(cfg);
        for (Video v : gen.generate(1, 0, 30)) {
            double[] x = v.truth();
            double step = x[1] - x[0];
            assertTrue(Math.abs(step) > 0.6 / cfg.fps() - 1e-9, "walkers move at >= 0.6 m/s");
            for (int i = 1; i < x.length; i++) {
                assertEquals(step, x[i] - x[i - 1], 1e-9);
                assertTrue(x[i] > 0 && x[i] < cfg.sceneWidth());
            }
        }
        assertArrayEquals(gen.generate(4, 2).pixels(), gen.generate(4, 2).pixels());
    }

    @Test
    void pendulumsSwingWithOmegaOfTheirLength() {
        PendulumVideoConfig cfg = new PendulumVideoConfig(12, 15, 32, 32, 0.5, 9.81);
        for (Video v : new PendulumVideoGenerator(cfg).generate(1, 0, 20)) {
            double[] a = v.truth();
            double dt = 1 / cfg.fps();
            // Discrete harmonic recurrence: a[i+1] + a[i-1] = 2 cos(ω dt) a[i].
            for (int i = 1; i + 1 < a.length; i++) {
                assertEquals(2 * Math.cos(cfg.omega() * dt) * a[i], a[i + 1] + a[i - 1], 1e-9);
            }
            for (double angle : a) {
                assertTrue(Math.abs(angle) <= 0.45 + 1e-9);
            }
        }
    }

    @Test
    void hardFootageVariesInLengthKeepsItsLawAndIsNotTheEasyScene() {
        WalkingVideoConfig cfg = new WalkingVideoConfig(40, 15, 32, 32, 4);
        WalkingVideoGenerator hard = new WalkingVideoGenerator(cfg, Difficulty.HARD, 20);
        java.util.Set<Integer> lengths = new java.util.HashSet<>();
        boolean leftTheFrame = false;
        for (Video v : hard.generate(3, 0, 40)) {
            lengths.add(v.frames());
            assertTrue(v.frames() >= 20 && v.frames() <= 40, "length " + v.frames());
            double[] x = v.truth();
            double step = Double.NaN;
            for (int i = 1; i < x.length; i++) {
                if (!Double.isNaN(x[i]) && !Double.isNaN(x[i - 1])) {
                    step = Double.isNaN(step) ? x[i] - x[i - 1] : step;
                    assertEquals(step, x[i] - x[i - 1], 1e-9, "constant velocity");
                }
            }
            double perFrame = Math.abs(step) / cfg.sceneWidth() * cfg.width();
            assertTrue(perFrame < 0.75, "slow for the frame rate: " + perFrame + " px per frame");
            // out of view, a frame has no label (as a person labelling footage leaves it); in view, it is in the scene
            assertTrue(java.util.Arrays.stream(x).allMatch(p -> Double.isNaN(p) || (p >= 0 && p <= cfg.sceneWidth())));
            assertTrue(java.util.Arrays.stream(x).filter(p -> !Double.isNaN(p)).count() >= 3, "in view for a while");
            leftTheFrame |= java.util.Arrays.stream(x).anyMatch(Double::isNaN);
        }
        assertTrue(lengths.size() > 5, "lengths vary: " + lengths);
        assertTrue(leftTheFrame, "some walker leaves the frame");
        assertArrayEquals(hard.generate(4, 2).pixels(), hard.generate(4, 2).pixels(), "seeded");
        assertEquals(16, new WalkingVideoGenerator(new WalkingVideoConfig(16, 15, 32, 32, 4)).generate(4, 2).frames(),
                "the easy level keeps its length");

        FreeFallVideoConfig fall = new FreeFallVideoConfig(24, 30, 32, 32, 3, 9.81);
        for (Video v : new FreeFallVideoGenerator(fall, Difficulty.HARD, 12).generate(1, 0, 10)) {
            double[] y = v.truth();
            double dt = 1 / fall.fps();
            for (int i = 1; i + 1 < y.length; i++) {
                if (!Double.isNaN(y[i - 1] + y[i] + y[i + 1])) {
                    assertEquals(-fall.gravity() * dt * dt, y[i + 1] - 2 * y[i] + y[i - 1], 1e-9, "gravity's curvature");
                }
            }
            assertTrue(java.util.Arrays.stream(y).filter(h -> !Double.isNaN(h)).count() >= 3, "in view for a while");
        }
        PendulumVideoConfig swing = new PendulumVideoConfig(30, 15, 32, 32, 0.5, 9.81);
        assertTrue(new PendulumVideoGenerator(swing, Difficulty.HARD, 15).generate(1, 0, 10).stream()
                .mapToInt(Video::frames).distinct().count() > 2);
    }

    @Test
    void leavingAPartOutOfTheHardLevelKeepsEveryOtherDraw() {
        WalkingVideoConfig cfg = new WalkingVideoConfig(30, 15, 32, 32, 4);
        List<Video> full = new WalkingVideoGenerator(cfg, Difficulty.HARD, 15).generate(5, 0, 6);
        for (java.util.Set<FootagePart> without : List.of(java.util.Set.of(FootagePart.SECOND_PERSON),
                java.util.Set.of(FootagePart.JPEG, FootagePart.NOISE), java.util.Set.of(FootagePart.values()))) {
            List<Video> less = new WalkingVideoGenerator(cfg, Difficulty.HARD, new HardLevel(15, without, 0)).generate(5, 0, 6);
            boolean differs = false;
            for (int i = 0; i < full.size(); i++) {
                assertArrayEquals(full.get(i).truth(), less.get(i).truth(), "the same walk, " + without);
                differs |= !java.util.Arrays.equals(full.get(i).pixels(), less.get(i).pixels());
            }
            assertTrue(differs, "frames without " + without + " differ");
        }
        // without every part nothing changes between frames but the walker: no noise, not even the backdrop's
        Video still = new WalkingVideoGenerator(cfg, Difficulty.HARD, new HardLevel(15, java.util.Set.of(FootagePart.values()), 0))
                .generate(5, 0);
        int plane = 3 * cfg.width() * cfg.height();
        int same = 0;
        for (int i = 0; i < plane; i++) {
            same += still.pixels()[i] == still.pixels()[plane + i] ? 1 : 0;
        }
        assertTrue(same > 0.8 * plane, same + " of " + plane + " values unchanged from frame 0 to 1");
        // one person filmed again and again: the same walks, another look, and clip i is object i mod 2's
        List<Video> twoPeople = new WalkingVideoGenerator(cfg, Difficulty.HARD, new HardLevel(15, java.util.Set.of(), 2))
                .generate(5, 0, 6);
        for (int i = 0; i < full.size(); i++) {
            assertArrayEquals(full.get(i).truth(), twoPeople.get(i).truth(), "the same walk with another person");
        }
        HardLevel two = new HardLevel(15, java.util.Set.of(), 2);
        assertEquals(two.objectStream(5, 0).nextLong(), two.objectStream(5, 2).nextLong(), "clips 0 and 2 show one object");
        assertFalse(two.objectStream(5, 0).nextLong() == two.objectStream(5, 1).nextLong(), "clip 1 another");
        assertEquals(null, HardLevel.of(15).objectStream(5, 0), "0: every clip its own");
        assertEquals("door, bar, lights, jitter, noise, jpeg, blur, depth", FootagePart.namesFor("free-fall"));
        assertFalse(FootagePart.SECOND_PERSON.appliesTo("pendulum"));
    }

    @Test
    void aJpegRoundTripChangesPixelsButKeepsTheImage() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillOval(4, 4, 20, 20);
        g.dispose();
        java.awt.image.BufferedImage back = FootageEffects.jpeg(img, 30);
        assertEquals(32, back.getWidth());
        int changed = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                changed += back.getRGB(x, y) != img.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(changed > 0, "compression leaves artefacts");
        assertTrue(((back.getRGB(14, 14) >> 16) & 0xff) > 180, "the red disc is still red");
    }
}
