package dev.kenning.learner;

import java.util.ArrayList;
import java.util.List;

/**
 * How well per-frame predictions track the true values, on labelled frames only (NaN marks an
 * unlabelled frame). Three views, because a law may not fix sign or scale:
 * <ul>
 *   <li>{@code testCorr}: mean over sequences of Pearson r — signed when the law fixes the sign
 *       (gravity points down), |r| when x and −x satisfy it equally;</li>
 *   <li>{@code windowAbsR}: the paper's protocol, mean over windows of W frames of |r| (equal to the
 *       correlation after an affine fit of labels to predictions in each window); with a frame step
 *       k, the windows' frames are taken every k-th frame, as the training windows are, so a slow
 *       motion is scored over the span it was learned on;</li>
 *   <li>{@code globalR}: signed r over all frames pooled, i.e. after one affine map shared by every
 *       sequence: is one coordinate learned, or a different direction per sequence?</li>
 * </ul>
 */
public record TrackingScores(double testCorr, double testCorrMin, double windowAbsR, double globalR,
                             int labelledFrames, int sequencesScored, int windowsScored) {

    private static final int MIN_FRAMES = 3;

    public static TrackingScores of(double[][] predicted, double[][] truth, int window, boolean signFixed) {
        return of(predicted, truth, window, 1, signFixed);
    }

    /** Windows of {@code window} frames taken every {@code step} frames, one after another without overlap. */
    public static TrackingScores of(double[][] predicted, double[][] truth, int window, int step, boolean signFixed) {
        int[] steps = new int[predicted.length];
        java.util.Arrays.fill(steps, step);
        return of(predicted, truth, window, steps, signFixed);
    }

    /** The same with each sequence's windows taking frames at its own step, {@code steps[s]}. */
    public static TrackingScores of(double[][] predicted, double[][] truth, int window, int[] steps, boolean signFixed) {
        if (steps.length != predicted.length) {
            throw new IllegalArgumentException(steps.length + " frame steps for " + predicted.length + " sequences");
        }
        List<Double> perSequence = new ArrayList<>();
        List<Double> perWindow = new ArrayList<>();
        List<Double> allP = new ArrayList<>();
        List<Double> allT = new ArrayList<>();
        for (int s = 0; s < predicted.length; s++) {
            int step = steps[s];
            int span = (window - 1) * step + 1;
            double r = labelled(predicted[s], truth[s], 0, predicted[s].length);
            if (!Double.isNaN(r)) {
                perSequence.add(signFixed ? r : Math.abs(r));
            }
            for (int start = 0; start + span <= predicted[s].length; start += span) {
                double rw = labelled(predicted[s], truth[s], start, start + span, step);
                if (!Double.isNaN(rw)) {
                    perWindow.add(Math.abs(rw));
                }
            }
            for (int f = 0; f < predicted[s].length; f++) {
                if (!Double.isNaN(truth[s][f])) {
                    allP.add(predicted[s][f]);
                    allT.add(truth[s][f]);
                }
            }
        }
        double global = allP.size() < MIN_FRAMES ? Double.NaN : Correlation.pearson(
                allP.stream().mapToDouble(Double::doubleValue).toArray(), allT.stream().mapToDouble(Double::doubleValue).toArray());
        return new TrackingScores(mean(perSequence), perSequence.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                mean(perWindow), global, allP.size(), perSequence.size(), perWindow.size());
    }

    /**
     * A clock for these sequences: each frame's index in its sequence as the prediction, no image
     * seen. Scored as a model is, it says how much of a score the labels' straightness in time
     * gives away (a walker at constant speed: window |r| 1).
     */
    public static double[][] clock(double[][] truth) {
        double[][] clock = new double[truth.length][];
        for (int s = 0; s < truth.length; s++) {
            clock[s] = java.util.stream.IntStream.range(0, truth[s].length).asDoubleStream().toArray();
        }
        return clock;
    }

    /** Why a clock scoring as much as a model matters, as a run and {@code kenning predict} say it. */
    public static final String CLOCK_MATCHED = "the labels run nearly straight in time within a window, so window |r| here says"
            + " how straight a track is, not whose path it follows";

    /** How a run and {@code kenning predict} say a clock's scores ({@link #clock}) beside a model's. */
    public static String clockSaid(double windowAbsR, double testCorr, boolean signFixed) {
        return String.format(java.util.Locale.ROOT, "a clock (each frame's index as the prediction, no image seen) scores"
                + " window |r| %.3f and per-sequence %s %.3f on these test frames", windowAbsR, signFixed ? "r" : "|r|", testCorr);
    }

    /**
     * How many times the predictions spread as much as their labels: per sequence the standard
     * deviation of the predictions on its labelled frames over that of the labels, the median over
     * the sequences with three labelled frames or more and labels not all alike; NaN when none has.
     * Where a law fixes the scale (free fall's heights in metres), 1 means the labels are in the
     * law's unit at the frame rate the law was given.
     */
    public static double spreadPerLabelSpread(double[][] predicted, double[][] truth) {
        List<Double> ratios = new ArrayList<>();
        for (int s = 0; s < predicted.length; s++) {
            List<Double> p = new ArrayList<>();
            List<Double> t = new ArrayList<>();
            for (int f = 0; f < predicted[s].length; f++) {
                if (!Double.isNaN(truth[s][f])) {
                    p.add(predicted[s][f]);
                    t.add(truth[s][f]);
                }
            }
            double labels = sd(t);
            if (t.size() >= MIN_FRAMES && labels > 0) {
                ratios.add(sd(p) / labels);
            }
        }
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double sd(List<Double> xs) {
        double m = mean(xs);
        return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / xs.size());
    }

    /** r on the labelled frames of [from, to), or NaN with fewer than three of them. */
    private static double labelled(double[] p, double[] t, int from, int to) {
        return labelled(p, t, from, to, 1);
    }

    /** r on the labelled frames among every {@code step}-th of [from, to). */
    private static double labelled(double[] p, double[] t, int from, int to, int step) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = from; i < to; i += step) {
            if (!Double.isNaN(t[i])) {
                pairs.add(new double[]{p[i], t[i]});
            }
        }
        if (pairs.size() < MIN_FRAMES) {
            return Double.NaN;
        }
        return Correlation.pearson(pairs.stream().mapToDouble(x -> x[0]).toArray(), pairs.stream().mapToDouble(x -> x[1]).toArray());
    }

    private static double mean(List<Double> xs) {
        return xs.isEmpty() ? Double.NaN : xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
