package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.export.Engine;
import dev.kenning.export.FolderPredictions;
import dev.kenning.export.ModelBundle;

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

    static int execute(String[] args, PrintStream out) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length),
                Set.of("--input", "--engine", "--out"), Set.of(), USAGE);
        if (a.positional().size() != 1 || a.option("--input", null) == null) {
            throw new InputError("kenning predict", "needs BUNDLE and --input DIR\n" + USAGE);
        }
        Engine engine = Engine.parse(a.option("--engine", "samediff"));
        Path csv = Path.of(a.option("--out", "predictions.csv"));
        try (ModelBundle bundle = ModelBundle.load(Path.of(a.positional().get(0)))) {
            long t0 = System.nanoTime();
            FolderPredictions p = FolderPredictions.of(bundle, Path.of(a.option("--input", null)), engine);
            double seconds = (System.nanoTime() - t0) / 1e9;
            p.writeCsv(csv);
            out.printf(Locale.ROOT, "%d frames of %d sequence(s) predicted with %s in %.2f s; wrote %s%n",
                    p.frames(), p.sequences().size(), engine.label(), seconds, csv);
            if (p.scores() != null) {
                String phase = bundle.manifest().path("phase").asText();
                String metric = phase.isEmpty() ? MetricName.TEST_CORR : MetricName.testCorr(phase).toString();
                double runCorr = bundle.manifest().path("metrics").path(metric).asDouble(Double.NaN);
                out.printf(Locale.ROOT, "mean per-sequence Pearson r vs labels.csv: %.6f over %d sequence(s)"
                                + " (%d labelled frames); the run's %s: %.6f%n", p.scores().testCorr(),
                        p.scores().sequencesScored(), p.scores().labelledFrames(), metric, runCorr);
            }
        }
        return 0;
    }
}
