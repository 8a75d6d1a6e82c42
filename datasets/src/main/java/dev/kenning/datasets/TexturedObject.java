package dev.kenning.datasets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.SplittableRandom;

/**
 * The tracked object's look, fixed for one video: a disc, square, diamond or ellipse with
 * stripes or a checker in a colour and its complement, outlined, so its texture always shows.
 */
final class TexturedObject {
    private final int shape;
    private final int texture;
    private final Color a;
    private final Color b;
    private final double radius;

    private TexturedObject(int shape, int texture, Color a, double radius) {
        this.shape = shape;
        this.texture = texture;
        this.a = a;
        this.b = new Color(255 - a.getRed(), 255 - a.getGreen(), 255 - a.getBlue());
        this.radius = radius;
    }

    static TexturedObject sample(SplittableRandom rnd, double radius) {
        return new TexturedObject(rnd.nextInt(4), rnd.nextInt(3), ClutteredBackground.randomColor(rnd), radius);
    }

    double radius() {
        return radius;
    }

    void draw(Graphics2D g, double x, double row) {
        draw(g, x, row, 1);
    }

    /** Drawn {@code scale} times its size (nearer the camera or farther from it). */
    void draw(Graphics2D g, double x, double row, double scale) {
        double radius = this.radius * scale;
        Shape body = outline(x, row, radius);
        g.setColor(a);
        g.fill(body);
        g.setClip(body);
        g.setColor(b);
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
    }

    private Shape outline(double x, double row, double r) {
        switch (shape) {
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
}
