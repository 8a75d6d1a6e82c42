package dev.kenning.datasets;

import java.awt.AlphaComposite;
import java.awt.Composite;
import java.util.SplittableRandom;

/**
 * Videos of an object thrown upward in front of a cluttered, textured, static background, as
 * in the pillow-throwing footage of Stewart &amp; Ermon (AAAI 2017). Each video draws its own
 * launch height and velocity, horizontal drift, object shape, texture, colours and size,
 * background clutter, brightness and pixel noise. Video {@code i} of seed {@code s} is the
 * same on every machine, whatever else was generated before it.
 * <p>
 * At the {@link Difficulty#HARD} level the throw also moves toward or away from the camera (the
 * object grows or shrinks and its image rises or falls with perspective), it is blurred by its
 * motion during the exposure, its arc may leave the top of the frame (frames where it is out of
 * view carry no label: NaN), the clip's length varies, and the camera adds {@link FootageEffects}.
 */
public final class FreeFallVideoGenerator implements VideoGenerator {
    private static final int MAX_TRIES = 1000;
    /** Sub-frame positions drawn for motion blur, and the exposure as a fraction of the frame interval. */
    private static final int BLUR_SAMPLES = 3;
    private static final double EXPOSURE = 0.6;
    private final FreeFallVideoConfig config;
    private final Difficulty difficulty;
    private final HardLevel level;

    public FreeFallVideoGenerator(FreeFallVideoConfig config) {
        this(config, Difficulty.EASY, config.frames());
    }

    /** Videos of {@code difficulty}; at the hard level, of {@code minFrames} to {@code config.frames()} frames. */
    public FreeFallVideoGenerator(FreeFallVideoConfig config, Difficulty difficulty, int minFrames) {
        this(config, difficulty, HardLevel.of(minFrames));
    }

    /** Videos of {@code difficulty}; at the hard level, as {@code level} says. */
    public FreeFallVideoGenerator(FreeFallVideoConfig config, Difficulty difficulty, HardLevel level) {
        this.config = config;
        this.difficulty = difficulty;
        this.level = level;
    }

    public FreeFallVideoConfig config() {
        return config;
    }

    @Override
    public Video generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index);
        if (difficulty == Difficulty.HARD) {
            return hard(seed, index, rnd);
        }
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

    private Video hard(long seed, int index, SplittableRandom rnd) {
        int frames = difficulty.length(rnd, config.frames(), level.minFrames());
        // the arc may rise up to 12% above the top row, out of view
        Trajectory path = sampleTrajectory(rnd, frames, 1.12);
        ClutteredBackground scene = difficulty.backdrop(rnd, seed, config.width(), config.height());
        TexturedObject object = HardLevel.draw(rnd, level.objectStream(seed, index),
                r -> TexturedObject.sample(r, r.nextDouble(0.09, 0.14) * Math.min(config.width(), config.height())));
        // distance from the camera relative to its start: 1 -> 0.75..1.35 over the clip
        double depthRate = rnd.nextDouble(-0.25, 0.35) / Math.max((frames - 1) / config.fps(), 1e-9)
                * (level.has(FootagePart.DEPTH) ? 1 : 0);
        double eyeLevel = rnd.nextDouble(0.3, 0.7) * config.sceneHeight();
        FootageEffects effects = FootageEffects.hard(rnd, config.width(), config.height(), level);
        int h = config.height();
        // labelled only while the object is in view (the arc may leave the top), as a person
        // labelling footage can mark it
        double[] heights = new double[frames];
        for (int f = 0; f < frames; f++) {
            double t = f / config.fps();
            double shown = eyeLevel + (path.height(t, config.gravity()) - eyeLevel) / (1 + depthRate * t);
            heights[f] = shown >= 0 && shown <= config.sceneHeight() ? path.height(t, config.gravity()) : Double.NaN;
        }
        return scene.film("freefall-hard-s" + seed + "-" + index, heights, rnd, (g, f) -> {
            Composite plain = g.getComposite();
            for (int k = level.has(FootagePart.BLUR) ? BLUR_SAMPLES - 1 : 0; k >= 0; k--) {
                double t = (f - EXPOSURE * k / (BLUR_SAMPLES - 1)) / config.fps();
                double depth = 1 + depthRate * t;
                double y = eyeLevel + (path.height(t, config.gravity()) - eyeLevel) / depth;
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, k == 0 ? 1f : 0.35f));
                object.draw(g, path.x0 + path.vx * t, (1 - y / config.sceneHeight()) * (h - 1), 1 / depth);
            }
            g.setComposite(plain);
        }, effects);
    }

    private record Trajectory(double y0, double v0, double x0, double vx) {
        double height(double t, double g) {
            return y0 + v0 * t - 0.5 * g * t * t;
        }
    }

    /** Launch state such that the whole flight stays in view (rejection sampling). */
    private Trajectory sampleTrajectory(SplittableRandom rnd) {
        return sampleTrajectory(rnd, config.frames(), 0.92);
    }

    /** Launch state for {@code frames} frames whose arc stays between 8% and {@code ceiling} of the scene's height. */
    private Trajectory sampleTrajectory(SplittableRandom rnd, int frames, double ceiling) {
        double top = config.sceneHeight();
        double lo = 0.08 * top;
        double hi = ceiling * top;
        double d = (frames - 1) / config.fps();
        double peakMax = Math.sqrt(2 * config.gravity() * (hi - lo));
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            double y0 = lo + rnd.nextDouble() * (hi - lo) * 0.6;
            double v0 = rnd.nextDouble(0.2, 1.0) * peakMax;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (int f = 0; f < frames; f++) {
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
