package dev.kenning.datasets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.SplittableRandom;

/**
 * A pendulum swinging with small amplitude, θ(t) = θ0·cos(ωt + φ), ω = √(g/L), in front of a
 * cluttered backdrop. Each video draws its own pivot, on-screen rod length (the camera's
 * distance; the physical length is the config's), amplitude (0.15–0.45 rad), phase, bob look,
 * brightness and noise. Truth: the angle from the vertical (rad).
 * <p>
 * At the {@link Difficulty#HARD} level the swing is smaller (0.08–0.3 rad), the clip's length
 * varies and the camera adds {@link FootageEffects} (a swinging door behind the bob, a bar in
 * front of it, switched lights, jitter, noise, JPEG).
 */
public final class PendulumVideoGenerator implements VideoGenerator {
    private final PendulumVideoConfig config;
    private final Difficulty difficulty;
    private final HardLevel level;

    public PendulumVideoGenerator(PendulumVideoConfig config) {
        this(config, Difficulty.EASY, config.frames());
    }

    /** Videos of {@code difficulty}; at the hard level, of {@code minFrames} to {@code config.frames()} frames. */
    public PendulumVideoGenerator(PendulumVideoConfig config, Difficulty difficulty, int minFrames) {
        this(config, difficulty, HardLevel.of(minFrames));
    }

    /** Videos of {@code difficulty}; at the hard level, as {@code level} says. */
    public PendulumVideoGenerator(PendulumVideoConfig config, Difficulty difficulty, HardLevel level) {
        this.config = config;
        this.difficulty = difficulty;
        this.level = level;
    }

    @Override
    public Video generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_037L + index + 29);
        int w = config.width();
        int h = config.height();
        ClutteredBackground scene = difficulty.backdrop(rnd, seed, w, h);
        boolean hard = difficulty == Difficulty.HARD;
        // one pendulum filmed again and again hangs from the same pivot, with the same rod and bob
        SplittableRandom same = hard ? level.objectStream(seed, index) : null;
        double pivotX = HardLevel.draw(rnd, same, r -> r.nextDouble(0.35, 0.65)) * w;
        double pivotY = HardLevel.draw(rnd, same, r -> r.nextDouble(0.03, 0.15)) * h;
        double rod = HardLevel.draw(rnd, same, r -> r.nextDouble(0.5, 0.72)) * h;
        double amplitude = hard ? rnd.nextDouble(0.08, 0.3) : rnd.nextDouble(0.15, 0.45);
        double phase = rnd.nextDouble(0, 2 * Math.PI);
        TexturedObject bob = HardLevel.draw(rnd, same, r -> TexturedObject.sample(r, r.nextDouble(0.08, 0.12) * Math.min(w, h)));
        Color rodColor = HardLevel.draw(rnd, same, r -> ClutteredBackground.randomColor(r).darker());
        FootageEffects effects = hard ? FootageEffects.hard(rnd, w, h, level) : FootageEffects.NONE;
        int frames = hard ? difficulty.length(rnd, config.frames(), level.minFrames()) : config.frames();

        double[] angle = new double[frames];
        for (int f = 0; f < angle.length; f++) {
            double t = f / config.fps();
            angle[f] = amplitude * Math.cos(config.omega() * t + phase);
        }
        return scene.film("pendulum" + (hard ? "-hard" : "") + "-s" + seed + "-" + index, angle, rnd, (g, f) -> {
            double bx = pivotX + rod * Math.sin(angle[f]);
            double by = pivotY + rod * Math.cos(angle[f]);
            g.setColor(rodColor);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(new Line2D.Double(pivotX, pivotY, bx, by));
            g.setColor(Color.BLACK);
            g.fill(new Ellipse2D.Double(pivotX - 1.5, pivotY - 1.5, 3, 3));
            bob.draw(g, bx, by);
        }, effects);
    }
}
