package dev.kenning.datasets;

import java.util.SplittableRandom;

/**
 * Videos of an object thrown upward in front of a cluttered, textured, static background, as
 * in the pillow-throwing footage of Stewart &amp; Ermon (AAAI 2017). Each video draws its own
 * launch height and velocity, horizontal drift, object shape, texture, colours and size,
 * background clutter, brightness and pixel noise. Video {@code i} of seed {@code s} is the
 * same on every machine, whatever else was generated before it.
 */
public final class FreeFallVideoGenerator implements VideoGenerator {
    private static final int MAX_TRIES = 1000;
    private final FreeFallVideoConfig config;

    public FreeFallVideoGenerator(FreeFallVideoConfig config) {
        this.config = config;
    }

    public FreeFallVideoConfig config() {
        return config;
    }

    @Override
    public Video generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index);
        Trajectory path = sampleTrajectory(rnd);
        ClutteredBackground scene = ClutteredBackground.sample(rnd, config.width(), config.height());
        TexturedObject object = TexturedObject.sample(rnd, rnd.nextDouble(0.09, 0.14) * Math.min(config.width(), config.height()));
        int h = config.height();
        double[] heights = new double[config.frames()];
        for (int f = 0; f < heights.length; f++) {
            double t = f / config.fps();
            heights[f] = path.y0 + path.v0 * t - 0.5 * config.gravity() * t * t;
        }
        return scene.film("freefall-s" + seed + "-" + index, heights, rnd, (g, f) -> {
            double t = f / config.fps();
            object.draw(g, path.x0 + path.vx * t, (1 - heights[f] / config.sceneHeight()) * (h - 1));
        });
    }

    private record Trajectory(double y0, double v0, double x0, double vx) {
    }

    /** Launch state such that the whole flight stays in view (rejection sampling). */
    private Trajectory sampleTrajectory(SplittableRandom rnd) {
        double top = config.sceneHeight();
        double lo = 0.08 * top;
        double hi = 0.92 * top;
        double d = config.duration();
        double peakMax = Math.sqrt(2 * config.gravity() * (hi - lo));
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            double y0 = lo + rnd.nextDouble() * (hi - lo) * 0.6;
            double v0 = rnd.nextDouble(0.2, 1.0) * peakMax;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (int f = 0; f < config.frames(); f++) {
                double t = f / config.fps();
                double y = y0 + v0 * t - 0.5 * config.gravity() * t * t;
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
            if (minY >= lo && maxY <= hi) {
                double x0 = rnd.nextDouble(0.2, 0.8) * config.width();
                double vx = rnd.nextDouble(-0.25, 0.25) * config.width() / Math.max(d, 1e-9);
                return new Trajectory(y0, v0, x0, vx);
            }
        }
        throw new IllegalArgumentException("no throw stays in view for " + config.frames() + " frames at "
                + config.fps() + " fps in a scene " + config.sceneHeight() + " m high: raise fps, lower frames or"
                + " raise the scene height");
    }

}
