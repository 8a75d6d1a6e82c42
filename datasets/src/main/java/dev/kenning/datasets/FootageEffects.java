package dev.kenning.datasets;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * What a real camera adds to a generated scene, fixed for one video ({@link Difficulty#HARD}): a
 * distractor that moves by a law of its own behind the tracked object (a door swinging on its
 * hinge), a foreground bar that hides part of the view, lights switched during the clip and a
 * flicker (never a steady ramp: a brightness linear in time would satisfy a constant-velocity law
 * by itself, a shortcut no real scene offers so neatly), a hand-
 * held camera's jitter, sensor noise and JPEG compression. {@link #NONE} changes nothing, so the
 * easy level renders exactly as before.
 */
final class FootageEffects {
    static final FootageEffects NONE = new FootageEffects(null, null, new double[0], new double[0], 0, 0, 0, false, 0, 0, 0);

    private final Door door;
    private final Rectangle2D occluder;
    private final Color occluderColor;
    /** Where in the clip (fractions 0–1) a light is switched, and by how much the level changes there. */
    private final double[] switchAt;
    private final double[] switchBy;
    private final double flicker;
    private final double jitter;
    private final double noise;
    /** No pixel noise at all: the hard level without {@link FootagePart#NOISE}. */
    private final boolean quiet;
    /** 1–100; 0 for no compression. */
    private final int jpegQuality;
    private final double phase;

    private FootageEffects(Door door, Rectangle2D occluder, double[] switchAt, double[] switchBy, double flicker, double jitter,
                           double noise, boolean quiet, int jpegQuality, double phase, int occluderRgb) {
        this.door = door;
        this.occluder = occluder;
        this.occluderColor = new Color(occluderRgb);
        this.switchAt = switchAt;
        this.switchBy = switchBy;
        this.flicker = flicker;
        this.jitter = jitter;
        this.noise = noise;
        this.quiet = quiet;
        this.jpegQuality = jpegQuality;
        this.phase = phase;
    }

    /** A door hinged at one side of the frame, opening and closing with a period of its own. */
    private record Door(double hingeX, double top, double height, double width, double period, double phase, int rgb) {
        void draw(Graphics2D g, int frame) {
            double open = 0.5 + 0.5 * Math.sin(2 * Math.PI * frame / period + phase); // 0 shut .. 1 open
            double visible = width * Math.max(0.08, Math.cos(open * Math.PI / 2 * 0.95));
            double x0 = hingeX < 1 ? hingeX : hingeX - visible;
            Path2D p = new Path2D.Double();
            double skew = 0.12 * height * open;
            p.moveTo(x0, top);
            p.lineTo(x0 + visible, top + (hingeX < 1 ? skew : 0));
            p.lineTo(x0 + visible, top + height - (hingeX < 1 ? skew : 0));
            p.lineTo(x0, top + height);
            p.closePath();
            g.setColor(new Color(rgb));
            g.fill(p);
            g.setColor(new Color(rgb).darker());
            g.draw(p);
        }
    }

    /**
     * The hard level's effects for one video of {@code w × h}, drawn from {@code rnd}, less the
     * parts {@code level} leaves out (drawn all the same, so the stream of {@code rnd} does not change).
     */
    static FootageEffects hard(SplittableRandom rnd, int w, int h, HardLevel level) {
        Door door = null;
        if (rnd.nextDouble() < 0.6) {
            boolean left = rnd.nextBoolean();
            double dw = rnd.nextDouble(0.15, 0.3) * w;
            door = new Door(left ? 0 : w, rnd.nextDouble(0.0, 0.2) * h, rnd.nextDouble(0.5, 0.8) * h, dw,
                    rnd.nextDouble(18, 60), rnd.nextDouble(0, 2 * Math.PI), ClutteredBackground.randomColor(rnd).getRGB());
        }
        Rectangle2D occluder = null;
        if (rnd.nextDouble() < 0.5) {
            double bw = rnd.nextDouble(0.05, 0.12) * w;
            double top = rnd.nextDouble(0.2, 0.7) * h;
            occluder = new Rectangle2D.Double(rnd.nextDouble(0.15, 0.85) * w - bw / 2, top, bw, h - top);
        }
        int switches = rnd.nextInt(3);
        double[] at = new double[switches];
        double[] by = new double[switches];
        for (int i = 0; i < switches; i++) {
            at[i] = rnd.nextDouble(0.1, 0.9);
            by[i] = rnd.nextDouble(0.1, 0.25) * (rnd.nextBoolean() ? 1 : -1);
        }
        double flicker = rnd.nextDouble(0, 0.06);
        double jitter = rnd.nextDouble(0.2, 1.0) * Math.max(1, w / 56.0);
        double noise = rnd.nextDouble(0.02, 0.06);
        int quality = rnd.nextInt(30, 86);
        double phase = rnd.nextDouble(0, 2 * Math.PI);
        int occluderRgb = ClutteredBackground.randomColor(rnd).getRGB();
        boolean lights = level.has(FootagePart.LIGHTS);
        return new FootageEffects(level.has(FootagePart.DOOR) ? door : null,
                level.has(FootagePart.BAR) ? occluder : null, lights ? at : new double[0], lights ? by : new double[0],
                lights ? flicker : 0, level.has(FootagePart.JITTER) ? jitter : 0,
                noise, !level.has(FootagePart.NOISE), level.has(FootagePart.JPEG) ? quality : 0,
                phase, occluderRgb);
    }

    boolean none() {
        return this == NONE;
    }

    /** Drawn after the backdrop, before the tracked object. */
    void behind(Graphics2D g, int frame) {
        if (door != null) {
            door.draw(g, frame);
        }
    }

    /** Drawn after the tracked object: what hides it. */
    void inFront(Graphics2D g) {
        if (occluder != null) {
            g.setColor(occluderColor);
            g.fill(occluder);
        }
    }

    /**
     * The frame as the camera records it: shifted by the hand's jitter, lit by the light of frame
     * {@code f} of {@code frames}, then JPEG-compressed. Pixel noise comes after, at capture.
     */
    BufferedImage record(BufferedImage frame, int f, int frames, SplittableRandom rnd) {
        if (none()) {
            return frame;
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        double dx = jitter * ClutteredBackground.gaussian(rnd);
        double dy = jitter * ClutteredBackground.gaussian(rnd);
        // scaled a little around the centre so a shift never shows an empty border
        AffineTransform t = AffineTransform.getTranslateInstance(dx + w / 2.0, dy + h / 2.0);
        t.scale(1.04, 1.04);
        t.translate(-w / 2.0, -h / 2.0);
        g.drawImage(frame, t, null);
        g.dispose();
        double light = 1 + flicker * Math.sin(1.7 * f + phase);
        for (int i = 0; i < switchAt.length; i++) {
            light += (double) f / Math.max(1, frames - 1) >= switchAt[i] ? switchBy[i] : 0;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = out.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) * light);
                int gr = clamp(((rgb >> 8) & 0xff) * light);
                int b = clamp((rgb & 0xff) * light);
                out.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return jpegQuality > 0 ? jpeg(out, jpegQuality) : out;
    }

    /**
     * The pixel noise a frame is captured with, given the backdrop's own: the larger of the two,
     * or none when the hard level is made without {@link FootagePart#NOISE} (at that level the
     * backdrop's noise is the fixed camera's too).
     */
    double captureNoise(double backdropNoise) {
        return quiet ? 0 : Math.max(backdropNoise, noise);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A round trip through JPEG at {@code quality} (1–100): its blocks and ringing. */
    static BufferedImage jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(decoded, 0, 0, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip in memory failed: " + e, e);
        }
    }
}
