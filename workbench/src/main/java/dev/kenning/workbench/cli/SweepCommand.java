package dev.kenning.workbench.cli;

import dev.kenning.core.run.RunFolder;
import dev.kenning.core.InputError;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.SweepSection;
import dev.kenning.workbench.sweep.RunOutcome;
import dev.kenning.workbench.sweep.SweepComparison;
import dev.kenning.workbench.sweep.SweepPlan;
import dev.kenning.workbench.sweep.SweepProgress;
import dev.kenning.workbench.sweep.SweepRequest;
import dev.kenning.workbench.sweep.SweepResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kenning sweep SPEC [--set KEY=V1,V2]… [--seeds 0..4] [--master local[N]|spark://HOST:PORT]
 * [--cores-per-task K] [--out DIR] [--metric NAME] [--workspace DIR|off]}: a grid of settings ×
 * seeds as one sweep, each run through the workbench, recorded, and compared by configuration.
 */
final class SweepCommand {
    static final String USAGE = """
            usage: kenning sweep SPEC [--set KEY=V1,V2]... [--seeds 0..4] [--master local[N]|spark://HOST:PORT]
                                 [--cores-per-task K] [--out DIR] [--metric NAME] [--workspace DIR|off] [--shared-data]
              every combination of the --set values (or the spec's sweep: section) × every seed, each run
              through the workbench on Apache Spark (local[N] by default: all cores, one run per core);
              prints the comparison by configuration and writes it to DIR (default sweeps/NAME-TIME);
              --shared-data: the data folder is at the same path on every worker (NFS …), read there, not shipped""";

    private SweepCommand() {
    }

    static int execute(String[] args, PrintStream out, PrintStream err, Workbench workbench) {
        String spec = null;
        Map<String, List<String>> set = new LinkedHashMap<>();
        List<Long> seeds = null;
        String master = null;
        Integer cores = null;
        Path outDir = null;
        String metric = null;
        boolean shared = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--shared-data" -> shared = true;
                case "--set" -> {
                    Map.Entry<String, List<String>> s = SweepSection.setting(value(args, ++i, "--set"));
                    if (set.put(s.getKey(), s.getValue()) != null) {
                        throw new InputError("--set " + s.getKey(), "is given twice; list all its values in one --set");
                    }
                }
                case "--seeds" -> seeds = SweepSection.seeds(value(args, ++i, "--seeds"), "--seeds");
                case "--master" -> master = value(args, ++i, "--master");
                case "--cores-per-task" -> {
                    String v = value(args, ++i, "--cores-per-task");
                    try {
                        cores = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new InputError("--cores-per-task", "must be a whole number >= 1, got '" + v + "'");
                    }
                }
                case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                case "--metric" -> metric = value(args, ++i, "--metric");
                case "--workspace" -> {
                    String w = value(args, ++i, "--workspace");
                    WorkbenchConfig c = workbench.config();
                    workbench = Workbench.create(w.equals("off") ? new WorkbenchConfig(c.workspace(), false, c.imageCache())
                            : new WorkbenchConfig(Path.of(w), true, c.imageCache()));
                }
                default -> {
                    if (args[i].startsWith("--") || spec != null) {
                        throw new InputError(args[i], "unexpected argument\n" + USAGE);
                    }
                    spec = args[i];
                }
            }
        }
        if (spec == null) {
            throw new InputError("kenning sweep", "missing SPEC\n" + USAGE);
        }
        Path specPath = Path.of(spec);
        if (outDir == null) {
            outDir = Path.of("sweeps", specPath.getFileName().toString().replaceFirst("\\.ya?ml$", "") + "-"
                    + RunFolder.stamp(java.time.Instant.now()));
        }
        SweepRequest request = SweepRequest.of(specPath, set, seeds, master, cores, outDir, metric);
        SweepResult result = workbench.sweep(shared ? request.withSharedData() : request, new ConsoleSweepProgress(out, err));
        return result.interrupted() ? 130 : result.failed() > 0 ? 1 : 0;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new InputError(flag, "needs a value");
        }
        return args[i];
    }

    /** A bar over runs with the running and failed counts, and a line per run as it starts and ends. */
    private static final class ConsoleSweepProgress implements SweepProgress {
        private final PrintStream out;
        private final PrintStream err;

        ConsoleSweepProgress(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        /** The comparison and where it is; printed here because after Ctrl-C the process ends once this returns. */
        @Override
        public void onEnd(SweepResult result) {
            out.println();
            out.println(result.comparison().table());
            out.printf(Locale.ROOT, "sweep folder: %s (%s, %s)%n", result.folder(), SweepComparison.TABLE, SweepComparison.PLOT);
            out.printf(Locale.ROOT, "%d run(s): %d completed, %d failed, %d already done%s; %.1f s%n", result.outcomes().size(),
                    result.outcomes().size() - result.failed(), result.failed(), result.skipped(),
                    result.interrupted() ? ", stopped before the end" : "", result.seconds());
            if (result.iri() != null) {
                out.println("recorded as <" + result.iri() + "> with its runs");
            }
            out.flush();
        }

        @Override
        public void onStart(SweepPlan plan, Counts c) {
            err.printf(Locale.ROOT, "» sweep of %s: %d configuration(s) × %d seed(s) = %d run(s)%s%n", plan.name(),
                    plan.configurations().size(), plan.runs().stream().map(SweepPlan.PlannedRun::seed).distinct().count(),
                    c.total(), c.skipped() == 0 ? "" : ", " + c.skipped() + " already completed (same spec hash), not run again");
        }

        @Override
        public void onRunStarted(SweepPlan.PlannedRun run, String where, Counts c) {
            err.println(bar(c) + " started  " + run.label() + " on " + where);
        }

        @Override
        public void onRunFinished(RunOutcome o, Counts c) {
            err.println(bar(c) + (o.completed() ? " finished " : " FAILED   ") + o.run().label()
                    + String.format(Locale.ROOT, " in %.0f s", o.seconds()) + (o.completed() ? "" : ": " + o.message()));
        }

        @Override
        public void onNote(String line) {
            err.println("» " + line);
        }

        private static String bar(Counts c) {
            int width = 20;
            int filled = c.total() == 0 ? width : (int) Math.round(width * c.done() / (double) c.total());
            return String.format(Locale.ROOT, "[%s%s] %d/%d done, %d running, %d failed", "#".repeat(filled),
                    ".".repeat(width - filled), c.done(), c.total(), c.running(), c.failed());
        }
    }
}
