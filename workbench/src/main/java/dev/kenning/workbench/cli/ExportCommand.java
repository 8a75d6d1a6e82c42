package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.Video;
import dev.kenning.export.Engine;
import dev.kenning.export.ModelBundle;
import dev.kenning.export.TrainedRun;
import dev.kenning.learner.TrackingScores;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kenning export RUN_DIR --out BUNDLE [--phase label_free|supervised] [--int8]}: a run's
 * model as a bundle; with --int8 the ONNX weights are 8-bit and the change in the run's test
 * metric is measured on its own test sequences and printed.
 */
final class ExportCommand {
    static final String USAGE = "usage: kenning export RUN_DIR --out BUNDLE [--phase label_free|supervised] [--int8]";

    private ExportCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length), Set.of("--out", "--phase"),
                Set.of("--int8"), USAGE);
        if (a.positional().size() != 1 || a.option("--out", null) == null) {
            throw new InputError("kenning export", "needs RUN_DIR and --out BUNDLE\n" + USAGE);
        }
        TrainedRun run = TrainedRun.read(Path.of(a.positional().get(0)), a.option("--phase", "label_free"));
        boolean int8 = a.has("--int8");
        try (ModelBundle bundle = ModelBundle.export(run, Path.of(a.option("--out", null)), int8)) {
            out.printf(Locale.ROOT, "exported the %s model of %s to %s%n", run.phase(), run.folder(), bundle.folder());
            out.printf(Locale.ROOT, "  model.sdz %s, model.onnx %s, %d knowledge file(s); bundle size %s%n",
                    kib(bundle.folder().resolve(ModelBundle.SAMEDIFF_FILE).toFile().length()),
                    kib(bundle.folder().resolve(ModelBundle.ONNX_FILE).toFile().length()),
                    run.knowledge().size(), kib(bundle.sizeBytes()));
            if (int8) {
                reportQuantisation(run, bundle, out, workbench);
            }
        }
        return 0;
    }

    /** The run's test metric with the float SameDiff model and with the int8 ONNX weights, same sequences. */
    private static void reportQuantisation(TrainedRun run, ModelBundle bundle, PrintStream out, Workbench workbench) {
        List<Video> test = workbench.testSequences(ExperimentSpec.load(RunFolder.of(run.folder()).specFile()));
        double[][] truth = test.stream().map(Video::truth).toArray(double[][]::new);
        double float32 = TrackingScores.of(bundle.predict(test, Engine.SAMEDIFF), truth, bundle.evaluationWindow(),
                bundle.signFixed()).testCorr();
        double int8 = TrackingScores.of(bundle.predict(test, Engine.ONNX), truth, bundle.evaluationWindow(),
                bundle.signFixed()).testCorr();
        out.printf(Locale.ROOT, "  int8 ONNX weights on the run's %d test sequences: test_corr %.6f (float32 SameDiff %.6f,"
                + " change %+.6f)%n", test.size(), int8, float32, int8 - float32);
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB (%d bytes)", bytes / 1024.0, bytes);
    }
}
