package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.workbench.Predictions;
import dev.kenning.workbench.Workbench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kenning predict BUNDLE --input DIR [--engine samediff|onnx] [--out FILE.csv] [--label-column C]}: for a
 * tracking model's bundle, per-frame predictions for an image-sequence folder, and with
 * labels.csv there the mean per-sequence correlation, scored as the run scored its test set,
 * next to the run's own figure; for an image model's bundle, the class of every image of a
 * folder (or of one image), and where the images sit in folders named after the classes, the
 * accuracy next to the run's.
 */
final class PredictCommand {
    static final String USAGE = "usage: kenning predict BUNDLE --input DIR [--support DIR] [--engine samediff|onnx]"
            + " [--out FILE.csv] [--label-column C]\n"
            + "  --input: an image-sequence folder for a tracking model; a folder of images (class folders optional) or one"
            + " image for an image model\n"
            + "  --support: for a few-shot model, a folder with one subfolder per class holding a few labelled images each\n"
            + "  --out: where the predictions go (default predictions.csv, or predictions-2.csv … beside one already there)\n"
            + "  --label-column: a tracking model scored against this column of the folder's labels.csv (default: the run's)";

    private PredictCommand() {
    }

    static int execute(String[] args, PrintStream out, PrintStream err, Workbench workbench) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length),
                Set.of("--input", "--support", "--engine", "--out", "--label-column"), Set.of(), USAGE);
        if (a.positional().size() != 1 || a.option("--input", null) == null) {
            throw new InputError("kenning predict", "needs BUNDLE and --input DIR\n" + USAGE);
        }
        // a file named by --out is replaced; the default never replaces one already there
        Path csv = a.option("--out", null) != null ? Path.of(a.option("--out", null)) : unused(Path.of("predictions.csv"));
        if (Files.isDirectory(csv)) {
            // before any image is read: the predictions go to one file
            throw new InputError(csv.toString(), "is a folder; --out names the CSV file the predictions are written to, e.g. "
                    + csv.resolve("predictions.csv"));
        }
        String support = a.option("--support", null);
        Predictions predicted = workbench.predict(Path.of(a.positional().get(0)), Path.of(a.option("--input", null)),
                support == null ? null : Path.of(support), a.option("--engine", "samediff"), csv, a.option("--label-column", null),
                (done, total) -> err.printf(Locale.ROOT, "  naming     [%s] %d/%d images%n", bar(done, total), done, total));
        predicted.summary().forEach(out::println);
        return 0;
    }

    /** {@code file}, or the first of file-2, file-3, … that does not exist yet. */
    static Path unused(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path candidate = file;
        for (int k = 2; Files.exists(candidate); k++) {
            candidate = file.resolveSibling(name.substring(0, dot) + "-" + k + name.substring(dot));
        }
        return candidate;
    }

    private static String bar(int done, int total) {
        int filled = (int) Math.round(20.0 * done / total);
        return "#".repeat(filled) + ".".repeat(20 - filled);
    }
}
