package dev.kenning.datasets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Videos of an object thrown upward in front of a cluttered, textured, static background, as
 * in the pillow-throwing footage of Stewart &amp; Ermon (AAAI 2017). Each video draws its own
 * launch height and velocity, horizontal drift, object shape, texture, colours and size,
 * background clutter, brightness and pixel noise. Video {@code i} of seed {@code s} is the
 * same on every machine, whatever else was generated before it.
 */
public final class FreeFallVideoGenerator {
    private static final int MAX_TRIES = 1000;
    private final FreeFallVideoConfig config;

    public FreeFallVideoGenerator(FreeFallVideoConfig config) {
        this.config = config;
    }

    public FreeFallVideoConfig config() {
        return config;
    }

    /** {@code count} videos, numbered from {@code first}, for {@code seed}. */
    public List<Video> generate(long seed, int first, int count) {
        List<Video> videos = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            videos.add(generate(seed, i));
        }
        return videos;
    }

    public Video generate(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index);
        Trajectory path = sampleTrajectory(rnd);
        Scene scene = Scene.sample(rnd, config.width(), config.height());
        int w = config.width();
        int h = config.height();
        int frameSize = 3 * w * h;
        float[] pixels = new float[config.frames() * frameSize];
        double[] heights = new double[config.frames()];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < config.frames(); f++) {
            double t = f / config.fps();
            heights[f] = path.y0 + path.v0 * t - 0.5 * config.gravity() * t * t;
            double x = path.x0 + path.vx * t;
            double row = (1 - heights[f] / config.sceneHeight()) * (h - 1);
            scene.draw(img, x, row);
            toFloats(img, scene, rnd, pixels, f * frameSize);
        }
        return new Video("freefall-s" + seed + "-" + index, config.frames(), 3, h, w, pixels, heights);
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

    private static void toFloats(BufferedImage img, Scene scene, SplittableRandom rnd, float[] out, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * w + x;
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xff;
                    double noisy = v / 255.0 * scene.brightness + scene.noise * gaussian(rnd);
                    out[offset + c * plane + p] = (float) Math.min(1, Math.max(0, noisy));
                }
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = Math.max(rnd.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** Background clutter and the thrown object's look, fixed for one video. */
    private static final class Scene {
        final Color sky;
        final Color ground;
        final List<Shape> clutter = new ArrayList<>();
        final List<Color> clutterColors = new ArrayList<>();
        final int objectShape;
        final int texture;
        final Color objectA;
        final Color objectB;
        final double radius;
        final double brightness;
        final double noise;
        final BufferedImage background;

        private Scene(SplittableRandom rnd, int w, int h) {
            sky = randomColor(rnd);
            ground = randomColor(rnd);
            int n = rnd.nextInt(5, 13);
            for (int i = 0; i < n; i++) {
                double cx = rnd.nextDouble() * w;
                double cy = rnd.nextDouble() * h;
                double sw = rnd.nextDouble(0.05, 0.4) * w;
                double sh = rnd.nextDouble(0.05, 0.4) * h;
                clutter.add(rnd.nextBoolean() ? new Rectangle2D.Double(cx - sw / 2, cy - sh / 2, sw, sh)
                        : new Ellipse2D.Double(cx - sw / 2, cy - sh / 2, sw, sh));
                clutterColors.add(randomColor(rnd));
            }
            objectShape = rnd.nextInt(4);
            texture = rnd.nextInt(3);
            objectA = randomColor(rnd);
            // The second colour is the complement, so the texture always shows, as a
            // patterned pillow does against a plain wall; clutter is flat colour.
            objectB = new Color(255 - objectA.getRed(), 255 - objectA.getGreen(), 255 - objectA.getBlue());
            radius = rnd.nextDouble(0.09, 0.14) * Math.min(w, h);
            brightness = rnd.nextDouble(0.7, 1.3);
            noise = rnd.nextDouble(0.0, 0.06);
            background = paintBackground(rnd, w, h);
        }

        static Scene sample(SplittableRandom rnd, int w, int h) {
            return new Scene(rnd, w, h);
        }

        private BufferedImage paintBackground(SplittableRandom rnd, int w, int h) {
            BufferedImage bg = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = bg.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, sky, 0, h, ground));
            g.fillRect(0, 0, w, h);
            for (int i = 0; i < clutter.size(); i++) {
                g.setColor(clutterColors.get(i));
                g.fill(clutter.get(i));
            }
            // Thin lines: texture at the object's scale, so edges alone do not give it away.
            int lines = rnd.nextInt(3, 9);
            for (int i = 0; i < lines; i++) {
                g.setColor(randomColor(rnd));
                g.setStroke(new BasicStroke((float) rnd.nextDouble(0.5, 1.5)));
                g.drawLine(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(w), rnd.nextInt(h));
            }
            g.dispose();
            return bg;
        }

        void draw(BufferedImage img, double x, double row) {
            Graphics2D g = img.createGraphics();
            g.drawImage(background, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Shape body = objectAt(x, row);
            g.setColor(objectA);
            g.fill(body);
            g.setClip(body);
            g.setColor(objectB);
            double step = Math.max(1.5, radius / 2);
            for (double s = -2 * radius; s < 2 * radius; s += 2 * step) {
                if (texture == 1) {
                    g.fill(new Rectangle2D.Double(x - 2 * radius, row + s, 4 * radius, step));
                } else if (texture == 2) {
                    g.fill(new Rectangle2D.Double(x + s, row - 2 * radius, step, 4 * radius));
                } else {
                    for (double u = -2 * radius; u < 2 * radius; u += 2 * step) {
                        g.fill(new Rectangle2D.Double(x + s, row + u, step, step));
                        g.fill(new Rectangle2D.Double(x + s + step, row + u + step, step, step));
                    }
                }
            }
            g.setClip(null);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.draw(body);
            g.dispose();
        }

        private Shape objectAt(double x, double row) {
            double r = radius;
            switch (objectShape) {
                case 0:
                    return new Ellipse2D.Double(x - r, row - r, 2 * r, 2 * r);
                case 1:
                    return new Rectangle2D.Double(x - r, row - r, 2 * r, 2 * r);
                case 2: {
                    Polygon p = new Polygon();
                    p.addPoint((int) Math.round(x), (int) Math.round(row - r));
                    p.addPoint((int) Math.round(x + r), (int) Math.round(row));
                    p.addPoint((int) Math.round(x), (int) Math.round(row + r));
                    p.addPoint((int) Math.round(x - r), (int) Math.round(row));
                    return p;
                }
                default:
                    return new Ellipse2D.Double(x - 1.3 * r, row - 0.8 * r, 2.6 * r, 1.6 * r);
            }
        }

        private static Color randomColor(SplittableRandom rnd) {
            return new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
        }
    }
}
