package dev.kenning.workbench.sweep;

import dev.kenning.workbench.registry.MeanInterval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A sweep's plot: per configuration, every seed's value as a dot and the mean with its 95% interval. */
final class SweepPlot {
    private SweepPlot() {
    }

    static void write(Path file, String title, Map<String, TreeMap<Long, Double>> points, Map<String, MeanInterval> means) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String c : points.keySet()) {
            for (double v : points.get(c).values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            MeanInterval m = means.get(c);
            if (m.n() > 1) {
                lo = Math.min(lo, m.low());
                hi = Math.max(hi, m.high());
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        double pad = Math.max((hi - lo) * 0.1, 1e-3);
        lo -= pad;
        hi += pad;
        int columns = points.size();
        int w = Math.max(520, 170 * columns + 100);
        int h = 380;
        int left = 70;
        int right = w - 20;
        int top = 45;
        int bottom = h - 90;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            int y = y(v, lo, hi, top, bottom);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.3f", v), 8, y + 4);
        }
        int width = (right - left) / columns;
        int i = 0;
        for (String c : points.keySet()) {
            int x = left + i * width + width / 2;
            g.setColor(new Color(0x1f77b4));
            int k = 0;
            for (double v : points.get(c).values()) {
                int dx = (k++ % 5 - 2) * 5;
                g.fillOval(x - 18 + dx - 3, y(v, lo, hi, top, bottom) - 3, 6, 6);
            }
            MeanInterval m = means.get(c);
            if (m.n() > 0) {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2));
                int ym = y(m.mean(), lo, hi, top, bottom);
                g.drawLine(x + 4, ym, x + 24, ym);
                if (m.n() > 1) {
                    g.drawLine(x + 14, y(m.low(), lo, hi, top, bottom), x + 14, y(m.high(), lo, hi, top, bottom));
                }
                g.setStroke(new BasicStroke(1));
                g.drawString(String.format(Locale.ROOT, "%.4f", m.mean()), x + 28, ym + 4);
            }
            g.setColor(Color.BLACK);
            String label = c.length() > 28 ? "…" + c.substring(c.length() - 27) : c;
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 20);
            g.drawString("n = " + m.n(), x - 14, bottom + 36);
            i++;
        }
        g.drawString("dots: one seed each; bar: mean with 95% interval", left, h - 20);
        g.dispose();
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static int y(double v, double lo, double hi, int top, int bottom) {
        return bottom - (int) Math.round((bottom - top) * (v - lo) / (hi - lo));
    }
}
