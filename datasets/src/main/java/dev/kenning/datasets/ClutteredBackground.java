package dev.kenning.datasets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A static, cluttered backdrop (gradient, flat-coloured blobs, thin lines) plus the camera's
 * brightness and pixel noise, fixed for one video. Flat colour, so a textured object stands out
 * the way a patterned pillow does against a wall; the lines give texture at the object's scale.
 */
final class ClutteredBackground {
    private final BufferedImage image;
    private final double brightness;
    private final double noise;

    private ClutteredBackground(BufferedImage image, double brightness, double noise) {
        this.image = image;
        this.brightness = brightness;
        this.noise = noise;
    }

    static ClutteredBackground sample(SplittableRandom rnd, int w, int h) {
        BufferedImage bg = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bg.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, randomColor(rnd), 0, h, randomColor(rnd)));
        g.fillRect(0, 0, w, h);
        int n = rnd.nextInt(5, 13);
        for (int i = 0; i < n; i++) {
            double cx = rnd.nextDouble() * w;
            double cy = rnd.nextDouble() * h;
            double sw = rnd.nextDouble(0.05, 0.4) * w;
            double sh = rnd.nextDouble(0.05, 0.4) * h;
            g.setColor(randomColor(rnd));
            g.fill(rnd.nextBoolean() ? new Rectangle2D.Double(cx - sw / 2, cy - sh / 2, sw, sh)
                    : new Ellipse2D.Double(cx - sw / 2, cy - sh / 2, sw, sh));
        }
        int lines = rnd.nextInt(3, 9);
        for (int i = 0; i < lines; i++) {
            g.setColor(randomColor(rnd));
            g.setStroke(new BasicStroke((float) rnd.nextDouble(0.5, 1.5)));
            g.drawLine(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(w), rnd.nextInt(h));
        }
        g.dispose();
        return new ClutteredBackground(bg, rnd.nextDouble(0.7, 1.3), rnd.nextDouble(0.0, 0.06));
    }

    /** Draws what moves in front of the backdrop in frame {@code f}. */
    @FunctionalInterface
    interface Foreground {
        void draw(Graphics2D g, int f);
    }

    /**
     * Films one video: for each frame the backdrop, then the foreground, captured with the
     * camera's brightness and noise. {@code truth} holds the tracked value per frame.
     */
    Video film(String id, double[] truth, SplittableRandom rnd, Foreground foreground) {
        return film(id, truth, rnd, foreground, FootageEffects.NONE);
    }

    /**
     * Films one video through {@code effects}: per frame the backdrop, what moves behind the
     * object, the object, what hides it, then the camera's jitter, light and compression and,
     * at capture, its brightness and noise ({@link FootageEffects#captureNoise}).
     */
    Video film(String id, double[] truth, SplittableRandom rnd, Foreground foreground, FootageEffects effects) {
        int w = image.getWidth();
        int h = image.getHeight();
        int frameSize = 3 * w * h;
        float[] pixels = new float[truth.length * frameSize];
        BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < truth.length; f++) {
            Graphics2D g = paint(frame);
            effects.behind(g, f);
            foreground.draw(g, f);
            effects.inFront(g);
            g.dispose();
            capture(effects.record(frame, f, truth.length, rnd), rnd, pixels, f * frameSize, effects.captureNoise(noise));
        }
        return new Video(id, truth.length, 3, h, w, pixels, truth);
    }

    /** A graphics context on {@code frame} with the backdrop already painted. */
    Graphics2D paint(BufferedImage frame) {
        Graphics2D g = frame.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    /** The frame as CHW floats in [0, 1] after brightness and pixel noise, written at {@code offset}. */
    void capture(BufferedImage frame, SplittableRandom rnd, float[] out, int offset) {
        capture(frame, rnd, out, offset, noise);
    }

    private void capture(BufferedImage frame, SplittableRandom rnd, float[] out, int offset, double noise) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = frame.getRGB(x, y);
                int p = y * w + x;
                for (int c = 0; c < 3; c++) {
                    int v = (rgb >> (16 - 8 * c)) & 0xff;
                    double noisy = v / 255.0 * brightness + noise * gaussian(rnd);
                    out[offset + c * plane + p] = (float) Math.min(1, Math.max(0, noisy));
                }
            }
        }
    }

    static Color randomColor(SplittableRandom rnd) {
        return new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
    }

    static double gaussian(SplittableRandom rnd) {
        double u = Math.max(rnd.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
