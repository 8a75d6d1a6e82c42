package dev.kenning.datasets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
