package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.export.ModelBundle;
import dev.kenning.export.TrainedRun;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code kenning export RUN_DIR --out BUNDLE [--phase label_free|supervised]}: a run's model as a bundle. */
final class ExportCommand {
    static final String USAGE = "usage: kenning export RUN_DIR --out BUNDLE [--phase label_free|supervised]";

    private ExportCommand() {
    }

    static int execute(String[] args, PrintStream out) {
        CommandArguments a = CommandArguments.parse(List.of(args).subList(1, args.length), Set.of("--out", "--phase"),
                Set.of(), USAGE);
        if (a.positional().size() != 1 || a.option("--out", null) == null) {
            throw new InputError("kenning export", "needs RUN_DIR and --out BUNDLE\n" + USAGE);
        }
        TrainedRun run = TrainedRun.read(Path.of(a.positional().get(0)), a.option("--phase", "label_free"));
        try (ModelBundle bundle = ModelBundle.export(run, Path.of(a.option("--out", null)))) {
            out.printf(Locale.ROOT, "exported the %s model of %s to %s%n", run.phase(), run.folder(), bundle.folder());
            out.printf(Locale.ROOT, "  model.sdz %s, model.onnx %s, %d knowledge file(s); bundle size %s%n",
                    kib(bundle.folder().resolve(ModelBundle.SAMEDIFF_FILE).toFile().length()),
                    kib(bundle.folder().resolve(ModelBundle.ONNX_FILE).toFile().length()),
                    run.knowledge().size(), kib(bundle.sizeBytes()));
        }
        return 0;
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB (%d bytes)", bytes / 1024.0, bytes);
    }
}
