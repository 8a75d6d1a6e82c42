package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.workbench.BundlePredictions;
import dev.kenning.workbench.Workbench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kenning predict BUNDLE --input DIR [--engine samediff|onnx] [--out FILE.csv]}: per-frame
 * predictions for an image-sequence folder; with labels.csv there, also the mean per-sequence
 * correlation, scored as the run scored its test set, next to the run's own figure.
 */
final class PredictCommand {
    static final String USAGE = "usage: kenning predict BUNDLE --input DIR [--engine samediff|onnx] [--out FILE.csv]";

    private PredictCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length),
                Set.of("--input", "--engine", "--out"), Set.of(), USAGE);
        if (a.positional().size() != 1 || a.option("--input", null) == null) {
            throw new InputError("kenning predict", "needs BUNDLE and --input DIR\n" + USAGE);
        }
        Path csv = Path.of(a.option("--out", "predictions.csv"));
        BundlePredictions p = workbench.predict(Path.of(a.positional().get(0)), Path.of(a.option("--input", null)),
                a.option("--engine", "samediff"), csv);
        out.printf(Locale.ROOT, "%d frames of %d sequence(s) predicted with %s in %.2f s; wrote %s%n",
                p.frames(), p.sequences(), p.engine(), p.seconds(), p.csv());
        if (p.scores() != null) {
            BundlePredictions.Scores s = p.scores();
            out.printf(Locale.ROOT, "mean per-sequence Pearson r vs labels.csv: %.6f over %d sequence(s)"
                    + " (%d labelled frames); the run's %s: %.6f%n", s.testCorr(), s.sequencesScored(), s.labelledFrames(),
                    s.runMetric(), s.runValue());
            out.printf(Locale.ROOT, "window |r| (the paper's metric, windows as the run took them): %.6f over %d window(s);"
                    + " the run's %s: %.6f%s%n", s.windowAbsR(), s.windowsScored(), s.runWindowMetric(), s.runWindowValue(),
                    s.runSawTestFrames() ? " (on test frames it trained on, without their labels: training.transductive)" : "");
            if (s.againstLabels()) {
                out.println("note: the predictions run against these labels (r " + String.format(Locale.ROOT, "%.4f", s.testCorr())
                        + "). " + dev.kenning.core.run.Metrics.AGAINST_LABELS_ADVICE + ".");
            }
        }
        return 0;
    }
}
