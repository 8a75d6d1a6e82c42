package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.workbench.ExportedBundle;
import dev.kenning.workbench.Workbench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kenning export RUN_DIR --out BUNDLE [--phase PHASE] [--int8]}: a run's model as a bundle
 * (a sequence run's label_free or supervised model; a zero-shot or semi-supervised run's
 * knowledge-sN or baseline-sN; a few-shot run's knowledge or baseline); with --int8 the ONNX weights are 8-bit and the change in the
 * run's test metric is measured on its own test set and printed.
 */
final class ExportCommand {
    static final String USAGE = "usage: kenning export RUN_DIR --out BUNDLE [--phase PHASE] [--int8]\n"
            + "  PHASE: label_free (default) or supervised for a sequence run; knowledge-sN (default: the spec's seed) or"
            + " baseline-sN for a zero-shot or semi-supervised run; knowledge (default) or baseline for a few-shot run";

    private ExportCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length), Set.of("--out", "--phase"),
                Set.of("--int8"), USAGE);
        if (a.positional().size() != 1 || a.option("--out", null) == null) {
            throw new InputError("kenning export", "needs RUN_DIR and --out BUNDLE\n" + USAGE);
        }
        boolean int8 = a.has("--int8");
        try (ExportedBundle bundle = workbench.exportBundle(Path.of(a.positional().get(0)), a.option("--phase", null),
                Path.of(a.option("--out", null)), int8)) {
            out.printf(Locale.ROOT, "exported the %s model of %s to %s%n", bundle.phase(), bundle.runFolder(), bundle.folder());
            if (bundle.sourceRunIncomplete() != null) {
                out.println("note: the run did not complete (" + bundle.sourceRunIncomplete() + "); this model was saved when"
                        + " its training ended, and the bundle has none of the run's metrics to compare with (its manifest's"
                        + " source_run_incomplete says so)");
            }
            out.printf(Locale.ROOT, "  model.sdz %s, model.onnx %s, %d knowledge file(s); bundle size %s%n",
                    kib(bundle.sameDiffBytes()), kib(bundle.onnxBytes()), bundle.knowledgeFiles(), kib(bundle.sizeBytes()));
            if (bundle.namesImagesBy() != null) {
                out.println("  " + bundle.namesImagesBy());
            }
            if (int8) {
                // The run's test metric with the float SameDiff model and with the int8 ONNX weights, same sequences.
                ExportedBundle.Int8Check check = bundle.int8Check();
                if (check.metric().startsWith("r with")) {
                    out.printf(Locale.ROOT, "  int8 ONNX weights on the run's %d test %s, which have no labels to score: the int8"
                            + " tracks' r with the float32 SameDiff ones, per sequence, %.6f%n", check.count(), check.unit(), check.int8());
                } else {
                    out.printf(Locale.ROOT, "  int8 ONNX weights on the run's %d test %s: %s %.6f (float32 SameDiff %.6f,"
                            + " change %+.6f)%n", check.count(), check.unit(), check.metric(), check.int8(), check.float32(), check.change());
                }
            }
        }
        return 0;
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB (%d bytes)", bytes / 1024.0, bytes);
    }
}
