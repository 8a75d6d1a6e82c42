package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
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
        predicted.summary().forEach(out::println);
        return 0;
    }

    private static String bar(int done, int total) {
        int filled = (int) Math.round(20.0 * done / total);
        return "#".repeat(filled) + ".".repeat(20 - filled);
    }
}
