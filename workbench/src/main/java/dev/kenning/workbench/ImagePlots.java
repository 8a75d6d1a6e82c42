package dev.kenning.workbench;

import dev.kenning.core.AtomicFile;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plots of an image-classification run: accuracy with 95% intervals, and confusion matrices. */
final class ImagePlots {
    private static final Color KNOWLEDGE = new Color(0x1f77b4);
    private static final Color BASELINE = new Color(0x999999);
    private static final Color CONTROL = new Color(0xff7f0e);
    private static final List<Color> BARS = List.of(KNOWLEDGE, BASELINE, CONTROL);
    private static final List<String> BAR_NAMES = List.of("with knowledge", "without knowledge (baseline)",
            "knowledge with classes shuffled (control)");

    private ImagePlots() {
    }

    /**
     * One group of two bars per setting ("5-way 1-shot"): with knowledge and without, each with
     * its 95% interval as an error bar; a dashed line marks chance.
     */
    /** @param settings per setting: with knowledge, baseline, and optionally the shuffled-knowledge control */
    static void accuracy(Path file, String title, Map<String, MeanInterval[]> settings, double chance) {
        int groups = settings.size();
        int w = Math.max(680, 190 * groups + 120);
        int h = 340;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        int left = 60;
        int right = w - 20;
        int top = 50;
        int bottom = h - 60;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int pct = 0; pct <= 100; pct += 20) {
            int y = bottom - (bottom - top) * pct / 100;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(pct + "%", left - 36, y + 4);
        }
        int groupWidth = (right - left) / groups;
        int i = 0;
        for (Map.Entry<String, MeanInterval[]> e : settings.entrySet()) {
            MeanInterval[] pair = e.getValue();
            int x0 = left + i * groupWidth + groupWidth / 2 - pair.length * 26;
            for (int b = 0; b < pair.length; b++) {
                if (pair[b] == null) {
                    continue;
                }
                int x = x0 + b * 52;
                int y = bottom - (int) Math.round((bottom - top) * pair[b].mean());
                g.setColor(BARS.get(b));
                g.fillRect(x, y, 44, bottom - y);
                if (!Double.isNaN(pair[b].halfWidth())) {
                    int lo = bottom - (int) Math.round((bottom - top) * pair[b].low());
                    int hi = bottom - (int) Math.round((bottom - top) * pair[b].high());
                    g.setColor(Color.BLACK);
                    g.drawLine(x + 22, lo, x + 22, hi);
                    g.drawLine(x + 16, lo, x + 28, lo);
                    g.drawLine(x + 16, hi, x + 28, hi);
                }
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.1f", 100 * pair[b].mean()), x + 6, y - 4 - (b == 0 ? 0 : 0));
            }
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), x0, bottom + 16);
            i++;
        }
        if (chance > 0) {
            int y = bottom - (int) Math.round((bottom - top) * chance);
            g.setColor(Color.RED);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
            g.drawLine(left, y, right, y);
            g.drawString("chance", right - 44, y - 3);
            g.setStroke(new BasicStroke(1f));
        }
        int bars = settings.values().stream().mapToInt(v -> v.length).max().orElse(2);
        legend(g, left, h - 22, BAR_NAMES.subList(0, bars), BARS.subList(0, bars));
        write(img, file);
    }

    /** Confusion matrices side by side, rows true class, columns predicted, shaded by row share. */
    static void confusion(Path file, List<String> allClasses, Map<String, long[][]> allMatrices) {
        // only the classes that were asked or answered (few- and zero-shot test a subset)
        List<Integer> shown = new java.util.ArrayList<>();
        for (int c = 0; c < allClasses.size(); c++) {
            long sum = 0;
            for (long[][] m : allMatrices.values()) {
                for (int o = 0; o < allClasses.size(); o++) {
                    sum += m[c][o] + m[o][c];
                }
            }
            if (sum > 0) {
                shown.add(c);
            }
        }
        List<String> classes = shown.stream().map(allClasses::get).toList();
        Map<String, long[][]> matrices = new java.util.LinkedHashMap<>();
        allMatrices.forEach((title, m) -> {
            long[][] sub = new long[shown.size()][shown.size()];
            for (int r = 0; r < shown.size(); r++) {
                for (int c = 0; c < shown.size(); c++) {
                    sub[r][c] = m[shown.get(r)][shown.get(c)];
                }
            }
            matrices.put(title, sub);
        });
        int n = classes.size();
        int cell = 40;
        int labelW = 90;
        int panelW = Math.max(labelW + n * cell + 30, 380);
        int h = 40 + n * cell + 90;
        BufferedImage img = new BufferedImage(panelW * matrices.size(), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        int p = 0;
        for (Map.Entry<String, long[][]> e : matrices.entrySet()) {
            int ox = p * panelW;
            long[][] m = e.getValue();
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(e.getKey(), ox + 10, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("rows: true class, columns: predicted", ox + 10, 33);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int r = 0; r < n; r++) {
                long total = 0;
                for (long v : m[r]) {
                    total += v;
                }
                g.setColor(Color.BLACK);
                g.drawString(classes.get(r), ox + 6, 44 + r * cell + cell / 2 + 4);
                for (int c = 0; c < n; c++) {
                    double share = total == 0 ? 0 : m[r][c] / (double) total;
                    int shade = 255 - (int) Math.round(200 * share);
                    g.setColor(total == 0 ? new Color(0xf4f4f4) : new Color(shade, shade, 255));
                    int x = ox + labelW + c * cell;
                    int y = 44 + r * cell;
                    g.fillRect(x, y, cell - 1, cell - 1);
                    if (m[r][c] > 0) {
                        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                        String text = String.valueOf(m[r][c]);
                        g.drawString(text, x + (cell - g.getFontMetrics().stringWidth(text)) / 2, y + cell / 2 + 4);
                    }
                }
            }
            for (int c = 0; c < n; c++) {
                Graphics2D rotated = (Graphics2D) g.create();
                rotated.setColor(Color.BLACK);
                rotated.translate(ox + labelW + c * cell + cell / 2 - 4, 48 + n * cell);
                rotated.rotate(Math.PI / 2);
                rotated.drawString(classes.get(c), 0, 0);
                rotated.dispose();
            }
            p++;
        }
        write(img, file);
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static void legend(Graphics2D g, int x, int y, List<String> names, List<Color> colors) {
        for (int i = 0; i < names.size(); i++) {
            g.setColor(colors.get(i));
            g.fillRect(x, y - 9, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 16, y);
            x += 24 + g.getFontMetrics().stringWidth(names.get(i));
        }
    }

    private static void write(BufferedImage img, Path file) {
        try {
            // drawn to a temporary name and moved into place: a full disk leaves no half plot
            AtomicFile.write(file, out -> ImageIO.write(img, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
        }
    }
}
