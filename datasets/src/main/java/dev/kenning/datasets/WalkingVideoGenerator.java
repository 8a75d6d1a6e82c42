package dev.kenning.datasets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * A figure walking at constant velocity across a cluttered backdrop, the synthetic stand-in for
 * the pedestrian footage of Stewart &amp; Ermon (AAAI 2017, section 3.2). Each video draws its own
 * speed (0.6–1.8 m/s), direction, figure scale and colours, ground line, and in half of the videos
 * a foreground post that hides part of the figure as it passes. Truth: horizontal position (m).
 * <p>
 * At the {@link Difficulty#HARD} level the walk is slow for the frame rate, as real footage is
 * (crossing the scene takes 45–100 frames, a fraction of a pixel per frame at 32 px), it may start
 * or end outside the frame (frames where his centre is out of view carry no label: NaN), a second
 * person farther away paces to and fro, the clip's length varies, and the camera adds {@link FootageEffects}.
 */
public final class WalkingVideoGenerator implements VideoGenerator {
    private final WalkingVideoConfig config;
    private final Difficulty difficulty;
    private final HardLevel level;

    public WalkingVideoGenerator(WalkingVideoConfig config) {
        this(config, Difficulty.EASY, config.frames());
    }

    /** Videos of {@code difficulty}; at the hard level, of {@code minFrames} to {@code config.frames()} frames. */
    public WalkingVideoGenerator(WalkingVideoConfig config, Difficulty difficulty, int minFrames) {
        this(config, difficulty, HardLevel.of(minFrames));
    }

    /** Videos of {@code difficulty}; at the hard level, as {@code level} says. */
    public WalkingVideoGenerator(WalkingVideoConfig config, Difficulty difficulty, HardLevel level) {
        this.config = config;
        this.difficulty = difficulty;
        this.level = level;
    }

    @Override
    public Video generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_033L + index + 17);
        if (difficulty == Difficulty.HARD) {
            return hard(seed, index, rnd);
        }
        int w = config.width();
        int h = config.height();
        double duration = (config.frames() - 1) / config.fps();
        double speed = rnd.nextDouble(0.6, 1.8) * (rnd.nextBoolean() ? 1 : -1);
        double travel = Math.abs(speed) * duration;
        double margin = 0.1 * config.sceneWidth();
        double room = config.sceneWidth() - 2 * margin - travel;
        if (room < 0) {
            throw new IllegalArgumentException("a walk of " + config.frames() + " frames at " + config.fps()
                    + " fps crosses more than the " + config.sceneWidth() + " m scene: lower frames or raise scene_width_m");
        }
        double start = margin + rnd.nextDouble() * room + (speed < 0 ? travel : 0);
        ClutteredBackground scene = ClutteredBackground.sample(rnd, w, h);
        Figure walker = Figure.sample(rnd, h);
        boolean occluded = rnd.nextBoolean();
        double postX = rnd.nextDouble(0.2, 0.8) * w;
        double postW = rnd.nextDouble(0.06, 0.12) * w;
        double postTop = walker.ground() - rnd.nextDouble(0.4, 0.8) * walker.height();
        Color post = ClutteredBackground.randomColor(rnd);

        double[] position = new double[config.frames()];
        for (int f = 0; f < position.length; f++) {
            double t = f / config.fps();
            position[f] = start + speed * t;
        }
        return scene.film("walking-s" + seed + "-" + index, position, rnd, (g, f) -> {
            double t = f / config.fps();
            double x = position[f] / config.sceneWidth() * (w - 1);
            walker.draw(g, x, t, 1, 0);
            if (occluded) {
                g.setColor(post);
                g.fill(new Rectangle2D.Double(postX - postW / 2, postTop, postW, h - postTop));
            }
        });
    }

    private Video hard(long seed, int index, SplittableRandom rnd) {
        int w = config.width();
        int h = config.height();
        int frames = difficulty.length(rnd, config.frames(), level.minFrames());
        double scene = config.sceneWidth();
        // crossing the whole scene takes 45-100 frames: slow for the frame rate, as filmed walkers are
        double speed = scene * config.fps() / rnd.nextDouble(45, 100) * (rnd.nextBoolean() ? 1 : -1);
        double travel = Math.abs(speed) * (frames - 1) / config.fps();
        // start anywhere that keeps the walker in view for most of the clip; he may enter or leave
        double lo = -0.1 * scene;
        double hi = 1.1 * scene - travel;
        double start = (hi > lo ? rnd.nextDouble(lo, hi) : rnd.nextDouble(-0.1, 0.1) * scene) + (speed < 0 ? travel : 0);
        ClutteredBackground backdrop = difficulty.backdrop(rnd, seed, w, h);
        Figure walker = HardLevel.draw(rnd, level.objectStream(seed, index), r -> Figure.sample(r, h));
        // the second person, farther away (smaller, higher ground line), paces to and fro: a motion
        // the constant-velocity law tells apart from the walker's (one who walked steadily too
        // would satisfy the law as well, and no label-free method could choose between them)
        boolean other = rnd.nextDouble() < 0.7 && level.has(FootagePart.SECOND_PERSON);
        double otherScale = rnd.nextDouble(0.5, 0.85);
        double otherAmplitude = rnd.nextDouble(0.1, 0.3) * scene;
        double otherPeriod = rnd.nextDouble(2, 5);
        double otherPhase = rnd.nextDouble(0, 2 * Math.PI);
        double otherStart = rnd.nextDouble(0.2, 0.8) * scene;
        Figure pacer = new Figure(walker.height() * otherScale, walker.ground() - rnd.nextDouble(0.05, 0.15) * h,
                ClutteredBackground.randomColor(rnd), ClutteredBackground.randomColor(rnd), walker.skin().darker(),
                walker.stride());
        FootageEffects effects = FootageEffects.hard(rnd, w, h, level);

        double[] position = new double[frames];
        // labelled only while the walker is in view, as a person labelling footage can mark him
        double[] labels = new double[frames];
        for (int f = 0; f < frames; f++) {
            position[f] = start + speed * f / config.fps();
            labels[f] = position[f] >= 0 && position[f] <= scene ? position[f] : Double.NaN;
        }
        return backdrop.film("walking-hard-s" + seed + "-" + index, labels, rnd, (g, f) -> {
            double t = f / config.fps();
            if (other) {
                double ox = (otherStart + otherAmplitude * Math.sin(2 * Math.PI * t / otherPeriod + otherPhase)) / scene * (w - 1);
                pacer.draw(g, ox, t, 0.8, 1);
            }
            double x = position[f] / scene * (w - 1);
            walker.draw(g, x, t, 1, 0);
        }, effects);
    }

    /** A person's look: height and ground line (pixels), clothes, skin, and steps per second. */
    private record Figure(double height, double ground, Color shirt, Color trousers, Color skin, double stride) {
        static Figure sample(SplittableRandom rnd, int h) {
            return new Figure(rnd.nextDouble(0.35, 0.6) * h, rnd.nextDouble(0.8, 0.97) * h, ClutteredBackground.randomColor(rnd),
                    ClutteredBackground.randomColor(rnd), new Color(rnd.nextInt(120, 256), rnd.nextInt(80, 200),
                    rnd.nextInt(60, 170)), rnd.nextDouble(1.5, 2.5));
        }

        /** Drawn at column {@code x} at time {@code t}, stepping {@code pace} times its stride rate, from {@code phase}. */
        void draw(Graphics2D g, double x, double t, double pace, double phase) {
            drawFigure(g, x, ground, height, Math.sin(2 * Math.PI * stride * pace * t + phase), shirt, trousers, skin);
        }
    }

    /** A stick figure whose legs and arms swing with {@code swing} in [-1, 1]. */
    private static void drawFigure(Graphics2D g, double x, double ground, double height, double swing,
                                   Color shirt, Color trousers, Color skin) {
        double head = 0.13 * height;
        double hip = ground - 0.48 * height;
        double shoulder = ground - 0.8 * height;
        double limb = Math.max(1f, 0.07 * height);
        g.setStroke(new BasicStroke((float) limb, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(trousers);
        double step = 0.22 * height * swing;
        g.draw(new Line2D.Double(x, hip, x + step, ground));
        g.draw(new Line2D.Double(x, hip, x - step, ground));
        g.setColor(shirt);
        g.fill(new Rectangle2D.Double(x - 0.11 * height, shoulder, 0.22 * height, hip - shoulder));
        g.setColor(shirt.darker());
        g.draw(new Line2D.Double(x, shoulder + limb, x - 0.6 * step, hip - 0.05 * height));
        g.draw(new Line2D.Double(x, shoulder + limb, x + 0.6 * step, hip - 0.05 * height));
        g.setColor(skin);
        g.fill(new Ellipse2D.Double(x - head, shoulder - 2 * head, 2 * head, 2 * head));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Ellipse2D.Double(x - head, shoulder - 2 * head, 2 * head, 2 * head));
    }
}
