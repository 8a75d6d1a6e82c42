package dev.kenning.workbench;

import dev.kenning.core.AtomicFile;
import dev.kenning.core.HistoryRow;
import dev.kenning.core.run.MetricName;
import dev.kenning.datasets.Video;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's PNG plots: trajectories (predicted vs true over time) and loss curves. */
final class RunPlots {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 260;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private RunPlots() {
    }

    /**
     * One row per test video, one column per phase: the true value and the phase's prediction.
     * When the law fixes neither sign nor scale, the label-free prediction is shown after the
     * least-squares affine map onto the truth (what its correlation measures).
     */
    static void trajectories(Path file, List<Video> test, Map<String, double[][]> predictions, double fps,
                             int videos, Map<String, Double> metrics, String output, boolean signFixed) {
        int rows = Math.min(videos, test.size());
        if (rows == 0 || predictions.isEmpty()) {
            return;
        }
        int cols = predictions.size();
        // each phase's heading: its score, then (smaller) its window |r| beside a clock's, and how its tracks were made
        List<List<String>> headings = predictions.keySet().stream().map(phase -> heading(phase, metrics, test.size())).toList();
        int lines = headings.stream().mapToInt(List::size).max().orElse(1);
        int top = 12 + 16 + 15 * (lines - 1) + 8;
        BufferedImage img = new BufferedImage(cols * PANEL_W, rows * PANEL_H + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        for (int c = 0; c < headings.size(); c++) {
            List<String> heading = headings.get(c);
            for (int i = 0; i < heading.size(); i++) {
                g.setFont(new Font(Font.SANS_SERIF, i == 0 ? Font.BOLD : Font.PLAIN, i == 0 ? 15 : 12));
                g.drawString(heading.get(i), c * PANEL_W + 10, 12 + 14 + 15 * i);
            }
        }
        for (int r = 0; r < rows; r++) {
            Video v = test.get(r);
            int c = 0;
            for (Map.Entry<String, double[][]> e : predictions.entrySet()) {
                boolean labelled = v.labelledFrames() >= 2;
                boolean labelFree = e.getKey().equals("label_free");
                // a law that leaves scale and sign free: its track fitted to the labels; one that fixes them (free
                // fall, in metres): on an axis of its own, so labels in another unit (a tracker's pixels) leave its
                // shape and sign in view
                boolean fitted = labelled && labelFree && !signFixed;
                boolean ownAxis = labelled && labelFree && signFixed && otherUnits(e.getValue()[r], v.truth());
                XYSeries truth = new XYSeries("true " + output);
                XYSeries pred = new XYSeries(fitted ? "predicted, affine fit to truth" : ownAxis ? "predicted (right axis)"
                        : "predicted");
                double[] p = fitted ? affineFit(e.getValue()[r], v.truth()) : e.getValue()[r];
                for (int f = 0; f < v.frames(); f++) {
                    if (!Double.isNaN(v.truth()[f])) {
                        truth.add(f / fps, v.truth()[f]);
                    }
                    pred.add(f / fps, p[f]);
                }
                XYSeriesCollection data = new XYSeriesCollection();
                if (labelled) {
                    data.addSeries(truth);
                }
                XYSeriesCollection predicted = new XYSeriesCollection(pred);
                if (!ownAxis) {
                    data.addSeries(pred);
                }
                JFreeChart chart = ChartFactory.createXYLineChart(v.id(), "time (s)", output,
                        data, PlotOrientation.VERTICAL, true, false, false);
                chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                XYPlot plot = chart.getXYPlot();
                plot.setBackgroundPaint(Color.WHITE);
                plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
                plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
                XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
                Color colour = PALETTE[c % PALETTE.length];
                renderer.setSeriesPaint(0, labelled ? Color.BLACK : colour);
                renderer.setSeriesPaint(1, colour);
                renderer.setSeriesStroke(0, new BasicStroke(2f));
                renderer.setSeriesStroke(1, new BasicStroke(2f));
                plot.setRenderer(renderer);
                ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
                if (ownAxis) {
                    org.jfree.chart.axis.NumberAxis right = new org.jfree.chart.axis.NumberAxis("predicted " + output);
                    right.setAutoRangeIncludesZero(false);
                    plot.setRangeAxis(1, right);
                    plot.setDataset(1, predicted);
                    plot.mapDatasetToRangeAxis(1, 1);
                    XYLineAndShapeRenderer own = new XYLineAndShapeRenderer(true, true);
                    own.setSeriesPaint(0, colour);
                    own.setSeriesStroke(0, new BasicStroke(2f));
                    plot.setRenderer(1, own);
                }
                plainNumbers(plot);
                chart.draw(g, new Rectangle2D.Double(c * PANEL_W, top + r * PANEL_H, PANEL_W, PANEL_H));
                c++;
            }
        }
        g.dispose();
        write(img, file);
    }

    /**
     * A phase's heading over its column: its mean per-sequence r; the paper's window |r| beside a
     * clock's on the same frames (each frame's index, no image seen: where it scores as much, the
     * window metric measures straightness); whether it trained on the test frames, and how many
     * trainings and views of the frames its tracks average.
     */
    static List<String> heading(String phase, Map<String, Double> metrics, int videos) {
        List<String> lines = new java.util.ArrayList<>();
        double r = metrics.getOrDefault(MetricName.testCorr(phase).toString(), Double.NaN);
        lines.add(Double.isNaN(r) ? String.format(Locale.ROOT, "%s: no labels, not scored (%d videos)", phase.replace('_', '-'), videos)
                : String.format(Locale.ROOT, "%s: mean r = %.3f (%d test videos)", phase.replace('_', '-'), r, videos));
        Double window = metrics.get(MetricName.windowAbsR(phase).toString());
        Double clock = metrics.get(MetricName.windowAbsR(MetricName.CLOCK).toString());
        if (window != null && !window.isNaN()) {
            lines.add(String.format(Locale.ROOT, "window |r| = %.3f", window)
                    + (clock == null ? "" : String.format(Locale.ROOT, "; a clock (no image seen): %.3f", clock)));
        }
        boolean sawTest = metrics.getOrDefault(MetricName.testFramesTrained(phase).toString(), 0.0) == 1;
        int averaged = metrics.getOrDefault(MetricName.restartsAveraged(phase).toString(), 0.0).intValue();
        int views = metrics.getOrDefault(MetricName.testViews(phase).toString(), 0.0).intValue();
        String combined = (averaged > 1 ? averaged + " trainings" + (views > 1 ? " × " : "") : "")
                + (views > 1 ? views + " views of the test frames" : "");
        String note = String.join("; ", java.util.stream.Stream.of(sawTest ? "transductive (trained on the test frames)" : "",
                combined.isEmpty() ? "" : combined + ", averaged per sequence").filter(t -> !t.isEmpty()).toList());
        if (!note.isEmpty()) {
            lines.add(note);
        }
        return lines;
    }

    /**
     * Whether a track and its labels look like numbers in other units (a law's metres beside a
     * tracker's pixel rows): their ranges do not overlap, or one spreads more than five times the
     * other. Then one axis would flatten one of them.
     */
    static boolean otherUnits(double[] p, double[] t) {
        double pLo = Double.POSITIVE_INFINITY, pHi = Double.NEGATIVE_INFINITY, tLo = Double.POSITIVE_INFINITY, tHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            pLo = Math.min(pLo, p[i]);
            pHi = Math.max(pHi, p[i]);
            if (!Double.isNaN(t[i])) {
                tLo = Math.min(tLo, t[i]);
                tHi = Math.max(tHi, t[i]);
            }
        }
        double pSpread = pHi - pLo;
        double tSpread = tHi - tLo;
        boolean apart = pHi < tLo || tHi < pLo;
        return apart || pSpread > 5 * tSpread || tSpread > 5 * pSpread;
    }

    /** a + b·p fitted to the labelled frames of t by least squares. */
    private static double[] affineFit(double[] p, double[] t) {
        double sp = 0;
        double st = 0;
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(t[i])) {
                sp += p[i];
                st += t[i];
                n++;
            }
        }
        if (n < 2) {
            return p;
        }
        double mp = sp / n;
        double mt = st / n;
        double cov = 0;
        double var = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(t[i])) {
                cov += (p[i] - mp) * (t[i] - mt);
                var += (p[i] - mp) * (p[i] - mp);
            }
        }
        double b = var < 1e-24 ? 0 : cov / var;
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = mt + b * (p[i] - mp);
        }
        return out;
    }

    /** A number in three significant digits, in plain or scientific notation as it reads best. */
    static final java.text.NumberFormat SIGNIFICANT = new java.text.NumberFormat() {
        @Override
        public StringBuffer format(double number, StringBuffer to, java.text.FieldPosition pos) {
            double a = Math.abs(number);
            String text = number == 0 ? "0" : a >= 1e-3 && a < 1e5
                    ? new java.math.BigDecimal(number).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString()
                    : String.format(Locale.ROOT, "%.2e", number).replaceFirst("\\.?0+e", "e");
            return to.append(text);
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            // what format writes, plain or scientific ("1.2e-05"), read back
            return new java.text.DecimalFormat("0.#####E0", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                    .parse(source.replace('e', 'E'), pos);
        }
    };

    /** Each phase's loss terms over training steps, on a log scale. */
    static void losses(Path file, Map<String, List<HistoryRow>> history) {
        if (history.isEmpty()) {
            return;
        }
        BufferedImage img = new BufferedImage(history.size() * 520, 340, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int c = 0;
        for (Map.Entry<String, List<HistoryRow>> e : history.entrySet()) {
            XYSeriesCollection data = new XYSeriesCollection();
            if (!e.getValue().isEmpty()) {
                for (String term : e.getValue().get(0).terms().keySet()) {
                    XYSeries s = new XYSeries(term);
                    for (HistoryRow row : e.getValue()) {
                        double v = row.terms().getOrDefault(term, Double.NaN);
                        if (v > 0) {
                            s.add(row.step(), v);
                        }
                    }
                    if (!s.isEmpty()) {
                        data.addSeries(s);
                    }
                }
            }
            JFreeChart chart = ChartFactory.createXYLineChart(e.getKey().replace('_', '-') + " loss terms",
                    "step", "loss (unweighted)", data, PlotOrientation.VERTICAL, true, false, false);
            XYPlot plot = chart.getXYPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            LogAxis log = new LogAxis("loss (unweighted, log scale)");
            log.setSmallestValue(1e-8);
            // ticks as the values they mark (0.0832, 1.2e-05), not as powers of ten ("10^-1.08") in small type
            log.setNumberFormatOverride(SIGNIFICANT);
            log.setTickLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 12));
            if (data.getSeriesCount() > 0) {
                // one value only (a single logged step, every term alike): a log axis cannot size itself on
                // a range of zero length, so it gets a factor of two each way before it is placed
                double lo = Double.POSITIVE_INFINITY;
                double hi = 0;
                for (int i = 0; i < data.getSeriesCount(); i++) {
                    lo = Math.min(lo, data.getSeries(i).getMinY());
                    hi = Math.max(hi, data.getSeries(i).getMaxY());
                }
                if (hi <= lo * 1.001) {
                    log.setRange(lo / 2, hi * 2);
                }
                plot.setRangeAxis(log);
            }
            plainNumbers(plot);
            steps(plot, e.getValue().stream().mapToInt(HistoryRow::step).toArray());
            // a single logged step is a point, drawn as one
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, e.getValue().size() == 1);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            plot.setRenderer(renderer);
            chart.draw(g, new Rectangle2D.Double(c * 520, 0, 520, 340));
            c++;
        }
        g.dispose();
        write(img, file);
    }

    /**
     * The early-stopping curve: the label-free criterion (its {@code measure}, "loss" or "law loss per
     * spread", on the {@code windows} windows, "held-out" or "test-frame", left axis) and, where the
     * test frames are labelled, the test window |r| it does not see (right axis), with the step it
     * chose marked.
     */
    static void earlyStopping(Path file, List<EarlyStoppingPoint> curve, int chosen, int steps, String windows,
                              String measure) {
        XYSeriesCollection loss = new XYSeriesCollection();
        XYSeries l = new XYSeries(windows + " label-free " + measure);
        XYSeriesCollection score = new XYSeriesCollection();
        XYSeries r = new XYSeries("test window |r| (not used to choose)");
        for (EarlyStoppingPoint p : curve) {
            l.add(p.step(), p.loss());
            if (!Double.isNaN(p.testWindowR())) {
                r.add(p.step(), p.testWindowR());
            }
        }
        loss.addSeries(l);
        JFreeChart chart = ChartFactory.createXYLineChart("early stopping: step " + chosen + " of " + steps + " chosen", "step",
                measure, loss, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        // both axes fit their data, not zero: the changes that matter are small beside the values
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer left = new XYLineAndShapeRenderer(true, true);
        left.setSeriesPaint(0, PALETTE[0]);
        left.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(0, left);
        if (!r.isEmpty()) {
            score.addSeries(r);
            plot.setDataset(1, score);
            org.jfree.chart.axis.NumberAxis right = new org.jfree.chart.axis.NumberAxis("test window |r|");
            right.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, right);
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer scores = new XYLineAndShapeRenderer(true, true);
            scores.setSeriesPaint(0, PALETTE[1]);
            scores.setSeriesStroke(0, new BasicStroke(2f));
            plot.setRenderer(1, scores);
        }
        org.jfree.chart.plot.ValueMarker marker = new org.jfree.chart.plot.ValueMarker(chosen);
        marker.setPaint(Color.DARK_GRAY);
        marker.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
        plot.addDomainMarker(marker);
        plainNumbers(plot);
        steps(plot, curve.stream().mapToInt(EarlyStoppingPoint::step).toArray());
        BufferedImage img = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        chart.draw(g, new Rectangle2D.Double(0, 0, 720, 400));
        g.dispose();
        write(img, file);
    }

    /** One measurement of the early-stopping criterion, with the test score at that step (NaN without labels). */
    record EarlyStoppingPoint(int step, double loss, double testWindowR) {
    }

    /**
     * A step axis: whole steps only (no "5.5"), and a single step shown with a step either side
     * rather than as a range of zero length whose every tick reads the same.
     */
    private static void steps(XYPlot plot, int[] steps) {
        if (plot.getDomainAxis() instanceof org.jfree.chart.axis.NumberAxis axis) {
            axis.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits(Locale.ROOT));
            int lo = java.util.Arrays.stream(steps).min().orElse(0);
            int hi = java.util.Arrays.stream(steps).max().orElse(0);
            if (steps.length > 0 && lo == hi) {
                axis.setRange(lo - 1, hi + 1);
            }
        }
    }

    /**
     * Every plain number axis of {@code plot} ticked as the run's files write numbers (a dot for the
     * decimal point, whatever the machine's locale), as the log axis is by {@link #SIGNIFICANT}.
     */
    private static void plainNumbers(XYPlot plot) {
        java.util.List<org.jfree.chart.axis.ValueAxis> axes = new java.util.ArrayList<>();
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            axes.add(plot.getRangeAxis(i));
        }
        axes.add(plot.getDomainAxis());
        for (org.jfree.chart.axis.ValueAxis axis : axes) {
            if (axis instanceof org.jfree.chart.axis.NumberAxis number && number.getNumberFormatOverride() == null) {
                number.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createStandardTickUnits(Locale.ROOT));
            }
        }
    }

    /** Every plot of a run is written here, for {@link ImagePlots} too. */
    static void write(BufferedImage img, Path file) {
        try {
            // drawn to a temporary name and moved into place: a full disk leaves no half plot; encoded in memory, as
            // ImageIO's file cache registers a shutdown hook, refused while Ctrl-C stops the run (StopOnSignal)
            AtomicFile.write(file, out -> {
                try (javax.imageio.stream.ImageOutputStream png = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
                    ImageIO.write(img, "png", png);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
        }
    }
}
