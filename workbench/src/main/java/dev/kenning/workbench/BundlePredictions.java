package dev.kenning.workbench;

import dev.kenning.core.run.Metrics;
import dev.kenning.learner.TrackingScores;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Workbench#predict} did: frames and sequences predicted, with which engine, how
 * long it took, where the CSV went, and, when the folder has labels.csv, the score.
 *
 * @param engine  "samediff" or "onnx", and how many networks a bundle of averaged restarts ran
 * @param cachedSequences how many sequences' frames were read from the decode cache
 * @param seconds the time to read the folder and predict
 * @param scores  null when the folder has no labels
 */
public record BundlePredictions(int frames, int sequences, int cachedSequences, String engine, double seconds, Path csv,
                                Scores scores)
        implements Predictions {

    @Override
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d frames of %d sequence(s) predicted with %s in %.2f s%s; wrote %s",
                frames, sequences, engine, seconds, cachedSequences == 0 ? ""
                        : cachedSequences == sequences ? " (frames read from the decode cache)"
                        : " (" + cachedSequences + " sequence(s) read from the decode cache)", csv));
        if (scores != null) {
            lines.add(String.format(Locale.ROOT, "mean per-sequence Pearson r vs labels.csv: %.6f over %d sequence(s)"
                    + " (%d labelled frames); the run's %s: %.6f", scores.testCorr(), scores.sequencesScored(),
                    scores.labelledFrames(), scores.runMetric(), scores.runValue()));
            lines.add(String.format(Locale.ROOT, "window |r| (the paper's metric, windows as the run took them): %.6f over %d window(s);"
                    + " the run's %s: %.6f%s", scores.windowAbsR(), scores.windowsScored(), scores.runWindowMetric(),
                    scores.runWindowValue(), scores.runSawTestFrames()
                            ? " (on test frames it trained on, without their labels: training.transductive)" : ""));
            lines.add(TrackingScores.clockSaid(scores.clockWindowAbsR(), scores.clockTestCorr(), scores.signFixed())
                    + (scores.clockWindowAbsR() >= scores.windowAbsR()
                    ? " (as much as this model: " + TrackingScores.CLOCK_MATCHED + ")" : ""));
            String scale = SequenceRegressionTask.otherScaleSaid("the predictions spread", scores.spreadPerLabelSpread(),
                    scores.output(), "the run's data.fps");
            if (scale != null) {
                lines.add("note: " + scale);
            }
            if (scores.againstLabels()) {
                lines.add("note: the predictions run against these labels (r " + String.format(Locale.ROOT, "%.4f", scores.testCorr())
                        + "). " + Metrics.AGAINST_LABELS_ADVICE + ".");
            }
        }
        return lines;
    }

    /**
     * The mean per-sequence Pearson r against labels.csv and the paper's window metric (mean |r|
     * over windows of the run's length, taken with its frame step), scored as the run scored its
     * test set, each next to the run's own figure.
     *
     * @param runMetric       the run's metric name in the manifest (test_corr or PHASE.test_corr)
     * @param runValue        its value, NaN if the manifest lacks it
     * @param runWindowMetric the run's window metric name (PHASE.window_abs_r)
     * @param runWindowValue  its value, NaN if the manifest lacks it
     * @param runSawTestFrames the run's model trained on its test frames, without their labels (transductive)
     * @param clockWindowAbsR  a clock's window |r| on the same frames (each frame's index as the prediction), and
     *                         {@code clockTestCorr} its per-sequence score, signed if {@code signFixed}
     * @param spreadPerLabelSpread where the law fixes the track's scale and the model was not taught by labels, the
     *                         predictions' spread per the labels' ({@link TrackingScores#spreadPerLabelSpread}), else NaN
     * @param output           the output's name (height)
     */
    public record Scores(double testCorr, int sequencesScored, int labelledFrames, String runMetric, double runValue,
                         double windowAbsR, int windowsScored, String runWindowMetric, double runWindowValue,
                         boolean runSawTestFrames, boolean againstLabels, double clockWindowAbsR, double clockTestCorr,
                         boolean signFixed, double spreadPerLabelSpread, String output) {
    }
}
