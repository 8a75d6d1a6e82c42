package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.workbench.BundlePredictions;
import dev.kenning.workbench.ClassifiedImages;
import dev.kenning.workbench.Predictions;
import dev.kenning.workbench.Workbench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kenning predict BUNDLE --input DIR [--engine samediff|onnx] [--out FILE.csv]}: for a
 * tracking model's bundle, per-frame predictions for an image-sequence folder, and with
 * labels.csv there the mean per-sequence correlation, scored as the run scored its test set,
 * next to the run's own figure; for an image model's bundle, the class of every image of a
 * folder (or of one image), and where the images sit in folders named after the classes, the
 * accuracy next to the run's.
 */
final class PredictCommand {
    static final String USAGE = "usage: kenning predict BUNDLE --input DIR [--support DIR] [--engine samediff|onnx]"
            + " [--out FILE.csv]\n"
            + "  --input: an image-sequence folder for a tracking model; a folder of images (class folders optional) or one"
            + " image for an image model\n"
            + "  --support: for a few-shot model, a folder with one subfolder per class holding a few labelled images each";

    private PredictCommand() {
    }

    static int execute(String[] args, PrintStream out, PrintStream err, Workbench workbench) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length),
                Set.of("--input", "--support", "--engine", "--out"), Set.of(), USAGE);
        if (a.positional().size() != 1 || a.option("--input", null) == null) {
            throw new InputError("kenning predict", "needs BUNDLE and --input DIR\n" + USAGE);
        }
        Path csv = Path.of(a.option("--out", "predictions.csv"));
        String support = a.option("--support", null);
        Predictions predicted = workbench.predict(Path.of(a.positional().get(0)), Path.of(a.option("--input", null)),
                support == null ? null : Path.of(support), a.option("--engine", "samediff"), csv,
                (done, total) -> err.printf(Locale.ROOT, "  naming     [%s] %d/%d images%n", bar(done, total), done, total));
        if (predicted instanceof ClassifiedImages c) {
            return printClassified(c, out);
        }
        BundlePredictions p = (BundlePredictions) predicted;
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

    private static int printClassified(ClassifiedImages c, PrintStream out) {
        out.printf(Locale.ROOT, "%d image(s) named among %s (%s%s) with %s in %.2f s; wrote %s%n", c.images(), c.among(), c.task(),
                c.support() > 0 ? ", by the prototypes of " + c.support() + " support image(s)" : "", c.engine(), c.seconds(), c.csv());
        if (c.scored() > 0) {
            out.printf(Locale.ROOT, "accuracy %.4f over the %d image(s) in folders named after those classes; the run's %s: %.4f%s%n",
                    c.accuracy(), c.scored(), c.runMetric(), c.runValue(), c.support() > 0 ? " (over its test episodes)" : "");
        } else {
            out.println("no image sits in a folder named after " + (c.among().size() == 1 ? "that class" : "one of those classes")
                    + ", so none is scored (put them in class folders, as torchvision's ImageFolder reads them, to see the accuracy)");
        }
        if (c.inSupport() > 0) {
            out.printf(Locale.ROOT, "note: %d of the images named are support images too; their accuracy flatters the model%n",
                    c.inSupport());
        }
        if (c.otherClass() > 0) {
            out.printf(Locale.ROOT, "%d image(s) in folders of the knowledge's other classes were named too, not scored: this"
                    + " model names an image only among %s%n", c.otherClass(), c.among());
        }
        if (!c.unmatched().isEmpty()) {
            int images = c.unmatched().values().stream().mapToInt(Integer::intValue).sum();
            List<String> folders = c.unmatched().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            out.printf(Locale.ROOT, "%d image(s) in %d folder(s) that name none of those classes were named, not scored: %s%s;"
                    + " a folder scores its images when it is named after one (case and punctuation aside) or by another name"
                    + " the knowledge gives it%n", images, folders.size(), String.join(", ", folders.subList(0, Math.min(5, folders.size()))),
                    folders.size() > 5 ? ", …" : "");
        }
        return 0;
    }

    private static String bar(int done, int total) {
        int filled = (int) Math.round(20.0 * done / total);
        return "#".repeat(filled) + ".".repeat(20 - filled);
    }
}
