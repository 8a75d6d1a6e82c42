package dev.kenning.workbench;

import dev.kenning.workbench.registry.MeanInterval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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
     * its 95% interval as an error bar; a dashed line marks chance. A title wider than the plot
     * ends in an ellipsis.
     *
     * @param settings per setting: with knowledge, baseline, and optionally the shuffled-knowledge control
     */
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
        g.drawString(fitted(g, title, w - 24), 12, 22);
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
                int labelAt = y;
                if (!Double.isNaN(pair[b].halfWidth())) {
                    // an interval past 0 or 100% (two seeds give a wide one) is drawn to the edge, without its cap there
                    double low = Math.max(0, pair[b].low());
                    double high = Math.min(1, pair[b].high());
                    int lo = bottom - (int) Math.round((bottom - top) * low);
                    int hi = bottom - (int) Math.round((bottom - top) * high);
                    g.setColor(Color.BLACK);
                    g.drawLine(x + 22, lo, x + 22, hi);
                    if (low == pair[b].low()) {
                        g.drawLine(x + 16, lo, x + 28, lo);
                    }
                    if (high == pair[b].high()) {
                        g.drawLine(x + 16, hi, x + 28, hi);
                    }
                    labelAt = Math.min(y, hi);
                }
                g.setColor(Color.BLACK);
                // above the bar and its interval, so the figure does not cross the cap
                g.drawString(String.format(Locale.ROOT, "%.1f", 100 * pair[b].mean()), x + 6, Math.max(top + 10, labelAt - 4));
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

    /**
     * Confusion matrices side by side, rows true class, columns predicted, shaded by row share.
     * Cells shrink as classes grow (40 px for up to 25 classes, down to 8 px, so 50 of CUB's
     * classes make a panel about 1 300 px wide), counts are written where they fit, and names
     * longer than {@link #NAME_WIDTH} end in an ellipsis.
     */
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
        int cell = Math.max(8, Math.min(40, 1000 / Math.max(n, 1)));
        Font names = new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(10, cell - 1));
        Graphics2D measure = start(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        measure.setFont(names);
        int nameW = classes.stream().mapToInt(c -> measure.getFontMetrics().stringWidth(fitted(measure, c, NAME_WIDTH)))
                .max().orElse(0);
        measure.dispose();
        int labelW = Math.max(90, nameW + 12);
        int top = 44;
        int panelW = Math.max(labelW + n * cell + 30, 380);
        int h = top + n * cell + labelW;
        // two panels a row (a model with knowledge beside its baseline), one row per setting, so a
        // few-shot run's every shots setting is shown without the image growing only wider
        int columns = Math.min(2, matrices.size());
        int panelRows = (matrices.size() + columns - 1) / columns;
        BufferedImage img = new BufferedImage(panelW * columns, h * panelRows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        int p = 0;
        for (Map.Entry<String, long[][]> e : matrices.entrySet()) {
            int ox = (p % columns) * panelW;
            int oy = (p / columns) * h;
            long[][] m = e.getValue();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.BLACK);
            g.drawString(fitted(g, e.getKey(), panelW - 20), ox + 10, oy + 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(fitted(g, "rows: true class, columns: predicted", panelW - 20), ox + 10, oy + 33);
            g.setFont(names);
            for (int r = 0; r < n; r++) {
                long total = 0;
                for (long v : m[r]) {
                    total += v;
                }
                g.setColor(Color.BLACK);
                g.drawString(fitted(g, classes.get(r), NAME_WIDTH), ox + 6, oy + top + r * cell + cell / 2 + names.getSize() / 2 - 1);
                for (int c = 0; c < n; c++) {
                    double share = total == 0 ? 0 : m[r][c] / (double) total;
                    int shade = 248 - (int) Math.round(193 * share); // an empty cell a shade off white, so the grid shows
                    g.setColor(total == 0 ? new Color(0xf4f4f4) : new Color(shade, shade, 255));
                    int x = ox + labelW + c * cell;
                    int y = oy + top + r * cell;
                    g.fillRect(x, y, cell - 1, cell - 1);
                    String text = String.valueOf(m[r][c]);
                    if (m[r][c] > 0 && g.getFontMetrics().stringWidth(text) <= cell - 3) {
                        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                        g.drawString(text, x + (cell - g.getFontMetrics().stringWidth(text)) / 2, y + cell / 2 + names.getSize() / 2 - 1);
                    }
                }
            }
            for (int c = 0; c < n; c++) {
                Graphics2D rotated = (Graphics2D) g.create();
                rotated.setColor(Color.BLACK);
                rotated.translate(ox + labelW + c * cell + cell / 2 - names.getSize() / 2 + 1, oy + top + 4 + n * cell);
                rotated.rotate(Math.PI / 2);
                rotated.drawString(fitted(rotated, classes.get(c), NAME_WIDTH), 0, 0);
                rotated.dispose();
            }
            p++;
        }
        write(img, file);
    }

    /** The widest a class name is drawn, in pixels; a longer one ends in an ellipsis. */
    static final int NAME_WIDTH = 200;

    /** {@code text} as drawn in {@code g}'s font, cut and ended with "…" if wider than {@code width} pixels. */
    static String fitted(Graphics2D g, String text, int width) {
        var metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        int end = text.length();
        while (end > 0 && metrics.stringWidth(text.substring(0, end) + "…") > width) {
            end--;
        }
        return text.substring(0, end) + "…";
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
        RunPlots.write(img, file);
    }
}
