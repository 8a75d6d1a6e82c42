package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.workbench.KnowledgeStore;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.registry.FinishedRun;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.registry.PairedDifference;
import dev.kenning.workbench.registry.RunComparison;
import dev.kenning.workbench.registry.RunRegistry;
import dev.kenning.workbench.registry.RunReport;
import dev.kenning.workbench.sweep.SweepComparison;
import org.apache.jena.shared.PrefixMapping;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code kenning runs ...}: finished runs read back, compared and reported. */
final class RunsCommand {

    static final String USAGE = """
            usage: kenning runs compare RUN_DIR...        metrics table; mean ± 95% CI and paired tests over seeds
                   kenning runs report RUN_DIR...         (re)write each run's report.html, viewable offline
                   kenning runs record RUN_DIR...         record finished runs in the workspace graph (PROV-O)
                   kenning runs list                      the runs recorded in the workspace
                   kenning runs show RUN                  one recorded run: what it used, generated, measured
            options: --workspace DIR, for record, list and show (compare and report read run folders only;
                     default .kenning/workspace; kenning run records there too, or in
                     $KENNING_WORKSPACE; KENNING_WORKSPACE=off records nothing)""";

    private static final Set<String> SUBCOMMANDS = Set.of("compare", "report", "record", "list", "show");

    private RunsCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.length < 2 || !SUBCOMMANDS.contains(args[1])) {
            throw new InputError("kenning runs" + (args.length < 2 ? "" : " " + args[1]),
                    (args.length < 2 ? "needs a subcommand" : "unknown subcommand") + "\n" + USAGE);
        }
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        return switch (args[1]) {
            case "report" -> report(rest, out);
            case "compare" -> compare(rest, out);
            default -> registry(args[1], CommandArguments.parse(rest, Set.of("--workspace"), Set.of(), USAGE), out, workbench);
        };
    }

    private static int registry(String subcommand, CommandArguments a, PrintStream out, Workbench workbench) {
        List<String> names = a.positional();
        if (subcommand.equals("list") ? !names.isEmpty() : subcommand.equals("show") ? names.size() != 1 : names.isEmpty()) {
            throw new InputError("kenning runs " + subcommand, "wrong number of arguments\n" + USAGE);
        }
        if (subcommand.equals("record")) {
            names.forEach(n -> FinishedRun.read(Path.of(n)));
        }
        Path workspace = a.workspace(workbench.config().workspace(), "kenning runs");
        if (!subcommand.equals("record") && !Files.isDirectory(workspace)) {
            throw new InputError(workspace.toString(), "no workspace here, so no recorded runs (kenning run records"
                    + " into .kenning/workspace; --workspace DIR names another)");
        }
        try (KnowledgeStore store = workbench.openWorkspace(workspace)) {
            RunRegistry registry = store.runRegistry();
            switch (subcommand) {
                case "record" -> names.forEach(n -> out.println("recorded " + n + " as <" + registry.record(Path.of(n))
                        + ">"));
                case "list" -> list(registry.list(), out);
                default -> show(registry.show(names.get(0)), out);
            }
        }
        return 0;
    }

    private static void list(List<Map<String, String>> runs, PrintStream out) {
        List<String> numbers = List.of("label_free", "supervised", "knowledge", "baseline");
        List<String> vars = List.of("label", "experiment", "seed", "ended", "status", "label_free", "supervised", "knowledge",
                "baseline", "run");
        ResultTable.print(vars, runs.stream().map(r -> {
            Map<String, String> row = new java.util.LinkedHashMap<>(r);
            numbers.forEach(n -> row.computeIfPresent(n, (k, v) -> number(xsdDouble(v))));
            return row;
        }).toList(), PrefixMapping.Factory.create(), out);
        out.printf("%d run(s) recorded; label_free and supervised are each model's test_corr (sequence experiments),"
                + " knowledge and baseline each model's accuracy (image tasks)%n", runs.size());
    }

    private static void show(RunRegistry.RecordedRun r, PrintStream out) {
        out.println("run:        " + (r.iri() == null ? "not recorded (killed before its record was stored; its folder"
                + " was noted when it was claimed)" : "<" + r.iri() + ">"));
        out.println("folder:     " + r.folder());
        out.println("experiment: " + r.experiment() + (r.seed() == null ? "" : ", seed " + r.seed()));
        out.println("status:     " + r.status() + (r.message().isEmpty() ? "" : " (" + r.message() + ")"));
        out.println("started:    " + r.started());
        if (r.ended() != null) {
            out.println("ended:      " + r.ended());
        }
        out.println("used:");
        r.used().forEach(u -> out.printf("  %-9s sha256 %s  %s%n", u.get("kind"), u.get("sha256"), u.get("location")));
        out.println("generated:");
        r.generated().forEach(g -> out.printf("  %-9s sha256 %s  %s%n", "Model", g.get("sha256"), g.get("location")));
        out.println("metrics:");
        r.metrics().forEach((n, v) -> out.printf("  %-30s %s%n", n, number(xsdDouble(v))));
    }

    private static int compare(List<String> folders, PrintStream out) {
        if (folders.isEmpty()) {
            throw new InputError("kenning runs compare", "needs at least one RUN_DIR\n" + USAGE);
        }
        List<FinishedRun> runs = new ArrayList<>();
        List<String> notCompleted = new ArrayList<>();
        for (String f : folders) {
            if (f.startsWith("--")) {
                throw new InputError(f, "unexpected option\n" + USAGE);
            }
            Path folder = Path.of(f);
            RunFolder run = RunFolder.of(folder);
            if (run.exists() && Files.isRegularFile(folder.resolve(SweepComparison.TABLE)) && !Files.exists(run.statusFile())) {
                throw new InputError(f, "is a sweep's folder, not a run's: the comparison of its runs is in "
                        + folder.resolve(SweepComparison.TABLE) + " (" + SweepComparison.VALUES + " and " + SweepComparison.PLOT
                        + " beside it); to compare some of them, name their folders: kenning runs compare " + folder
                        + "/RUN_DIR...");
            }
            Optional<RunStatus> status = run.exists() ? run.status() : Optional.empty();
            if (status.isPresent() && status.get().state() != RunStatus.State.COMPLETED) {
                // one run that did not complete leaves the others worth comparing: said, and left out
                notCompleted.add(f + " (" + status.get().word() + ")");
                continue;
            }
            runs.add(FinishedRun.read(folder));
        }
        if (runs.isEmpty()) {
            throw new InputError("kenning runs compare", "no completed run to compare: " + String.join(", ", notCompleted));
        }
        if (!notCompleted.isEmpty()) {
            out.println("not compared, as not completed: " + String.join(", ", notCompleted));
        }
        RunComparison comparison = RunComparison.of(runs);
        printTable(comparison, out);
        for (Map.Entry<String, List<FinishedRun>> g : comparison.groups().entrySet()) {
            if (g.getValue().size() >= 2) {
                printPaired(g.getKey(), g.getValue(), comparison.labelFreeVersusSupervised(g.getKey()), out);
            }
        }
        List<String> names = new ArrayList<>(comparison.groups().keySet());
        if (names.size() == 2) {
            printBetweenGroups(comparison, names.get(0), names.get(1), out);
        }
        return 0;
    }

    private static int report(List<String> folders, PrintStream out) {
        if (folders.isEmpty()) {
            throw new InputError("kenning runs report", "needs at least one RUN_DIR\n" + USAGE);
        }
        for (String f : folders) {
            if (f.startsWith("--")) {
                throw new InputError(f, "unexpected option\n" + USAGE);
            }
            FinishedRun.read(Path.of(f));
        }
        for (String f : folders) {
            out.println("wrote " + RunReport.write(Path.of(f)));
        }
        return 0;
    }

    /** Metric rows, a column per run, then mean ± CI per experiment with repeated runs. */
    private static void printTable(RunComparison c, PrintStream out) {
        List<String> headers = new ArrayList<>();
        c.runs().forEach(r -> headers.add(r.label()));
        List<String> summarised = new ArrayList<>();
        c.groups().forEach((name, runs) -> {
            if (runs.size() >= 2) {
                summarised.add(name);
                headers.add(name + ": mean ± 95% CI (n=" + runs.size() + ")");
            }
        });
        List<List<String>> rows = new ArrayList<>();
        for (String m : c.metrics()) {
            List<String> row = new ArrayList<>();
            row.add(m);
            for (FinishedRun r : c.runs()) {
                Double v = r.metrics().get(m);
                row.add(v == null ? "–" : number(v));
            }
            for (String g : summarised) {
                MeanInterval mi = c.summary(g).get(m);
                row.add(mi.n() == 0 ? "–" : interval(mi));
            }
            rows.add(row);
        }
        int[] widths = new int[headers.size() + 1];
        widths[0] = "metric".length();
        for (int i = 0; i < headers.size(); i++) {
            widths[i + 1] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> head = new ArrayList<>();
        head.add("metric");
        head.addAll(headers);
        out.println(line(head, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        c.groups().forEach((name, runs) -> out.printf("%s: %s%n", name, runs.stream()
                .map(r -> r.label() + (r.seed() == null ? "" : " (" + r.seedLabel() + ")")).toList()));
        c.groups().forEach((name, runs) -> {
            Map<Long, Long> seeds = runs.stream().filter(r -> r.seed() != null).collect(java.util.stream.Collectors.groupingBy(
                    FinishedRun::seed, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
            List<String> repeated = seeds.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(e -> e.getKey() + " ×" + e.getValue()).toList();
            if (!repeated.isEmpty()) {
                out.printf("warning: %s pools runs that repeat a seed (%s): likely different configurations of one spec (a"
                        + " sweep's), whose spread is not a seed's; compare one configuration's runs, or read the sweep's"
                        + " comparison.md%n", name, String.join(", ", repeated));
            }
            List<String> differ = SpecDifferences.of(runs.stream().map(r -> r.runFolder().spec()).toList());
            if (!differ.isEmpty()) {
                out.printf("warning: %s pools runs whose specs differ in %s: their spread is not a seed's alone, so the mean"
                        + " ± CI is not that of one setting; compare runs of one setting (a different name per setting keeps"
                        + " them apart)%n", name, String.join(", ", differ));
            }
        });
    }

    private static void printPaired(String experiment, List<FinishedRun> runs, Map<String, PairedDifference> paired,
                                    PrintStream out) {
        if (paired.isEmpty()) {
            return;
        }
        out.printf("%n%s, label_free − supervised, paired by run (n=%d): mean difference ± 95%% CI, paired t-test, "
                + "bootstrap 95%% CI (%d resamples)%n", experiment, runs.size(), PairedDifference.RESAMPLES);
        paired.forEach((metric, d) -> out.println("  " + pairedLine(metric, d)));
    }

    private static void printBetweenGroups(RunComparison c, String a, String b, PrintStream out) {
        List<String> lines = new ArrayList<>();
        for (String m : c.metrics()) {
            PairedDifference d = c.betweenGroups(a, b, m);
            if (d != null && d.n() >= 2) {
                lines.add("  " + pairedLine(m, d));
            }
        }
        if (!lines.isEmpty()) {
            out.printf("%n%s − %s, paired by seed: mean difference ± 95%% CI, paired t-test, bootstrap 95%% CI%n", a, b);
            lines.forEach(out::println);
        }
    }

    /**
     * Pairs fewer than this get no bootstrap interval: resampling so few differences gives an
     * interval no wider than their own range (two pairs: exactly their two values), which reads as
     * far more certain than the t interval beside it.
     */
    static final int BOOTSTRAP_FROM = 10;

    private static String pairedLine(String metric, PairedDifference d) {
        return String.format(Locale.ROOT, "%-22s %s   t(%d) = %.3f, p = %.4f   %s", metric, interval(d.interval()), d.n() - 1,
                d.t(), d.p(), d.n() < BOOTSTRAP_FROM ? "bootstrap: needs " + BOOTSTRAP_FROM + " pairs"
                        : "bootstrap [" + number(d.bootstrapLow()) + ", " + number(d.bootstrapHigh()) + "]");
    }

    private static String interval(MeanInterval mi) {
        return Double.isNaN(mi.halfWidth()) ? number(mi.mean()) : number(mi.mean()) + " ± " + number(mi.halfWidth());
    }

    /** A metric as the workspace graph holds it: an xsd:double, whose infinities are spelled INF and -INF. */
    static double xsdDouble(String lexical) {
        return switch (lexical) {
            case "INF", "+INF" -> Double.POSITIVE_INFINITY;
            case "-INF" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(lexical);
        };
    }

    /** Four decimals for scores, one for large quantities such as seconds. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "not measured"; // as kenning run and the report say it (metrics.json keeps JSON's "NaN")
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4f", v);
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            b.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : "  " + String.format("%" + widths[i] + "s", cell));
        }
        return b.toString().stripTrailing();
    }
}
