package dev.kenning.bench;

import dev.kenning.constraints.DerivedConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.KenningJson;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.Metrics;
import dev.kenning.core.run.RunFolder;
import dev.kenning.learner.Augmentation;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Label-free tracking in Kenning and in PyTorch side by side ({@code bench/run --tracking SPEC}):
 * the accuracy reference beside the speed one. For each seed Kenning runs the spec (no supervised
 * baseline) and {@code torch_tracking.py}, written from the paper, trains the same architecture,
 * initialisation, loss terms (read from the constraints the rules derived), optimiser, steps and
 * restarts (each engine keeps its lowest label-free loss, or averages them as {@code training.restarts_combine} says) on
 * the very frames Kenning trained, stopped and was scored on ({@link Workbench#writeSequenceData}).
 * Prints each seed's test window |r| and per-sequence |r| for both, then mean ± 95% interval and the
 * mean difference.
 * <p>
 * With {@code --same-start} the reference starts from Kenning's weights and takes Kenning's batches,
 * each window changed alike ({@link dev.kenning.learner.TrainingStart}): the seed no longer draws two
 * different trainings, so what differs is the implementation. It then also prints the training
 * batch's loss in both at the last logged step and the correlation between the two
 * engines' test predictions; and, as the yardstick for those, the reference once more from the same
 * start at another thread count, which changes nothing but the order of its sums.
 */
final class TrackingParity {
    private TrackingParity() {
    }

    record Result(double windowR, double sequenceR, int bestStep, double seconds, List<double[]> history) {
    }

    static void run(Options o) throws IOException, InterruptedException {
        Path python = Python.require(o.python);
        Path script = Path.of(System.getProperty("kenning.root", ".")).resolve("bench/torch_tracking.py");
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        Path work = Files.createTempDirectory("kenning-tracking-");
        Map<String, String> overrides = new LinkedHashMap<>(o.overrides);
        overrides.put("training.supervised_baseline", "false");
        if (o.sameStart && ExperimentSpec.load(o.tracking, overrides).training().restarts() != 1) {
            throw new IllegalArgumentException("--same-start compares one training from one start: set training.restarts=1");
        }
        System.out.printf(Locale.ROOT, "label-free tracking, Kenning beside PyTorch (%s%s%s); same frames, network, init,"
                        + " loss, optimiser and steps%s; OMP_NUM_THREADS=%s%n", o.tracking, o.trackingData == null ? ""
                        : " on " + o.trackingData, o.overrides.isEmpty() ? "" : ", " + o.overrides,
                o.sameStart ? "; the same starting weights and batches (--same-start)" : "", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "2");
        // the yardstick: the reference again from the same start, its sums in another order
        String otherThreads = threads.equals("1") ? "2" : "1";
        System.out.println(" seed | Kenning: window|r|  seq|r|  best step    s | PyTorch: window|r|  seq|r|  best step    s"
                + (o.sameStart ? " | last batch loss K / T | PyTorch at " + otherThreads + " thread(s): window|r|  seq|r|"
                + " | r(K, T)  r(T', T)" : ""));
        List<Result> kenning = new ArrayList<>();
        List<Result> torch = new ArrayList<>();
        List<Result> control = new ArrayList<>();
        List<Double> agreement = new ArrayList<>();
        List<Double> selfAgreement = new ArrayList<>();
        List<Result> clock = new ArrayList<>();
        for (int s = o.firstSeed; s < o.firstSeed + o.seeds; s++) {
            ExperimentSpec spec = ExperimentSpec.load(o.tracking, overrides).withSeed(s);
            if (o.trackingData != null) {
                spec = spec.withDataFolder(o.trackingData);
            }
            Path dir = Files.createDirectories(work.resolve("s" + s));
            long t0 = System.nanoTime();
            workbench.run(spec, dir.resolve("run"), RunListener.SILENT);
            double kSeconds = (System.nanoTime() - t0) / 1e9;
            Metrics m = RunFolder.of(dir.resolve("run")).metrics();
            Result k = new Result(m.get(MetricName.windowAbsR(MetricName.LABEL_FREE), Double.NaN),
                    m.get(MetricName.LABEL_FREE_TEST_CORR, Double.NaN),
                    (int) m.get(MetricName.of(MetricName.LABEL_FREE, "best_step"), -1), kSeconds,
                    kenningHistory(dir.resolve("run/history.csv")));
            clock.add(new Result(m.get(MetricName.windowAbsR(MetricName.CLOCK), Double.NaN),
                    m.get(MetricName.testCorr(MetricName.CLOCK), Double.NaN), -1, 0, null));
            workbench.writeSequenceData(spec, dir.resolve("data"));
            // the step the run's windows took (frame_step: auto decides it from the data)
            ExperimentSpec asRun = spec.withFrameStep((int) m.get(MetricName.FRAME_STEP, spec.data().frameStep()));
            DerivedConstraints derived = workbench.derive(spec).derived();
            Path start = o.sameStart ? dir.resolve("data/start") : null;
            Path predictions = dir.resolve("torch-predictions.f64");
            Result t = torch(python, script, asRun, derived, dir.resolve("data"), threads, start, predictions);
            kenning.add(k);
            torch.add(t);
            System.out.printf(Locale.ROOT, " %4d | %17.4f %7.4f %10s %4.0f | %17.4f %7.4f %10s %4.0f", s, k.windowR(),
                    k.sequenceR(), step(k.bestStep()), k.seconds(), t.windowR(), t.sequenceR(), step(t.bestStep()), t.seconds());
            if (o.sameStart) {
                Path otherPredictions = dir.resolve("torch-predictions-" + otherThreads + ".f64");
                Result c = torch(python, script, asRun, derived, dir.resolve("data"), otherThreads, start, otherPredictions);
                control.add(c);
                double[] tp = torchPredictions(predictions);
                double r = pearson(kenningPredictions(dir.resolve("run/predictions.csv")), tp);
                double self = pearson(torchPredictions(otherPredictions), tp);
                agreement.add(r);
                selfAgreement.add(self);
                System.out.printf(Locale.ROOT, " | %s / %s | %27.4f %7.4f | %7.4f  %8.4f", loss(k), loss(t), c.windowR(),
                        c.sequenceR(), r, self);
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, " mean | window |r| %s, seq |r| %s | window |r| %s, seq |r| %s%n",
                interval(kenning, Result::windowR), interval(kenning, Result::sequenceR), interval(torch, Result::windowR),
                interval(torch, Result::sequenceR));
        // the trivial baseline on the same test frames: where it scores as much, window |r| measures straightness in time
        System.out.printf(Locale.ROOT, " a clock (each frame's index, no image seen) on the same test frames: window |r| %s,"
                + " seq |r| %s%n", interval(clock, Result::windowR), interval(clock, Result::sequenceR));
        System.out.printf(Locale.ROOT, " Kenning − PyTorch, window |r|: %s (min %s)%n", difference(kenning, torch, Result::windowR),
                String.format(Locale.ROOT, "%.4f / %.4f", kenning.stream().mapToDouble(Result::windowR).min().orElse(Double.NaN),
                        torch.stream().mapToDouble(Result::windowR).min().orElse(Double.NaN)));
        if (o.sameStart) {
            System.out.printf(Locale.ROOT, " Kenning − PyTorch, seq |r|: %s%n", difference(kenning, torch, Result::sequenceR));
            System.out.printf(Locale.ROOT, " PyTorch at %s − at %s thread(s), window |r|: %s, seq |r|: %s%n", otherThreads,
                    threads, difference(control, torch, Result::windowR), difference(control, torch, Result::sequenceR));
            System.out.printf(Locale.ROOT, " mean |difference| in window |r|: Kenning − PyTorch %.4f, PyTorch − PyTorch %.4f%n",
                    meanAbsolute(kenning, torch, Result::windowR), meanAbsolute(control, torch, Result::windowR));
            System.out.printf(Locale.ROOT, " test predictions' correlation: Kenning with PyTorch %s, PyTorch with itself %s%n",
                    format(agreement.stream().mapToDouble(Double::doubleValue).toArray()),
                    format(selfAgreement.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    private static String difference(List<Result> a, List<Result> b, ToDoubleFunction<Result> f) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i));
        }
        return format(d);
    }

    private static double meanAbsolute(List<Result> a, List<Result> b, ToDoubleFunction<Result> f) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += Math.abs(f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i)));
        }
        return sum / a.size();
    }

    /** The training batch's loss at the last logged step, or "-" if none was logged. */
    private static String loss(Result r) {
        if (r.history().isEmpty()) {
            return "-";
        }
        double[] row = r.history().get(r.history().size() - 1);
        return String.format(Locale.ROOT, "%.0f: %.5f", row[0], row[1]);
    }

    /** The label-free phase's logged steps and total loss from a run's history.csv. */
    private static List<double[]> kenningHistory(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int step = header.indexOf("step");
        int total = header.indexOf("total");
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[0].equals(MetricName.LABEL_FREE)) {
                rows.add(new double[]{Double.parseDouble(cells[step]), Double.parseDouble(cells[total])});
            }
        }
        return rows;
    }

    /** The label-free model's prediction for every test frame, in order, from a run's predictions.csv. */
    private static double[] kenningPredictions(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int column = List.of(lines.get(0).split(",", -1)).indexOf(MetricName.LABEL_FREE);
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",", -1)[column])).toArray();
    }

    private static double[] torchPredictions(Path file) throws IOException {
        java.nio.DoubleBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer();
        double[] v = new double[b.remaining()];
        b.get(v);
        return v;
    }

    private static double pearson(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("Kenning predicted " + a.length + " test frames, PyTorch " + b.length);
        }
        double ma = java.util.Arrays.stream(a).average().orElse(Double.NaN);
        double mb = java.util.Arrays.stream(b).average().orElse(Double.NaN);
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static String interval(List<Result> results, ToDoubleFunction<Result> f) {
        return format(results.stream().mapToDouble(f).toArray());
    }

    private static String format(double[] v) {
        return MeanInterval.of(v, 0.95).format("%.4f");
    }

    /** The reference's arguments, the loss read from the derived constraints as Kenning reads it. */
    private static Result torch(Path python, Path script, ExperimentSpec spec, DerivedConstraints k, Path data, String threads,
                                Path start, Path predictions) throws IOException, InterruptedException {
        ExperimentSpec.Model model = spec.model();
        Augmentation augment = spec.training().augment();
        double outputInit = Double.isNaN(model.outputInit()) ? k.outputStart() : model.outputInit();
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--data", data.toString(),
                "--seed", Long.toString(spec.seed()), "--threads", threads,
                "--conv", join(model.convChannels()), "--kernel", join(model.kernels()), "--dense", Integer.toString(model.dense()),
                "--init", model.init().scheme(), "--init-std", Double.toString(model.init().std()),
                "--normalise", model.normalise().key(), "--head", model.head().key(),
                "--output-init", Double.toString(outputInit), "--steps", Integer.toString(spec.training().steps()),
                "--batch", Integer.toString(spec.training().batchVideos()), "--lr", Double.toString(spec.training().learningRate()),
                "--lr-schedule", spec.training().lrSchedule().key(),
                "--ema-decay", Double.toString(spec.training().emaDecay()),
                "--window", Integer.toString(spec.data().window()),
                "--frame-step", Integer.toString(spec.data().frameStep()), "--restarts",
                Integer.toString(spec.training().restarts()), "--combine", spec.training().restartsCombine().key(),
                "--spread", "none", "--range", "none",
                "--shift", Double.toString(augment.shift()), "--brightness", Double.toString(augment.brightness()),
                "--contrast", Double.toString(augment.contrast())));
        if (augment.flip()) {
            cmd.add("--flip");
        }
        if (augment.testTime()) {
            cmd.add("--test-views");
        }
        cmd.addAll(List.of("--log-every", Integer.toString(spec.training().logEvery()), "--predictions", predictions.toString()));
        if (start != null) {
            cmd.addAll(List.of("--start", start.toString()));
        }
        if (k.signFixed()) {
            cmd.add("--sign-fixed");
        }
        ExperimentSpec.EarlyStopping stop = spec.training().earlyStopping();
        if (stop != null) {
            cmd.addAll(List.of("--every", Integer.toString(stop.every()), "--patience", Integer.toString(stop.patience()),
                    "--criterion", stop.criterion()));
        }
        for (ConstraintSpec c : k.all()) {
            double w = spec.knowledge().weights().getOrDefault(c.kind(), c.weight());
            switch (c.kind()) {
                case "constant-velocity", "free-fall", "harmonic" -> {
                    cmd.addAll(List.of("--law", c.kind(), "--dt", Double.toString(c.param("dt")), "--w-law", Double.toString(w)));
                    if (c.kind().equals("free-fall")) {
                        cmd.addAll(List.of("--g", Double.toString(c.param("g"))));
                    }
                    if (c.kind().equals("harmonic")) {
                        cmd.addAll(List.of("--omega", Double.toString(c.param("omega"))));
                    }
                }
                case "spread" -> cmd.addAll(List.of("--spread", "hinge", "--min-std", Double.toString(c.param("min_std")),
                        "--w-spread", Double.toString(w)));
                case "pooled-spread" -> cmd.addAll(List.of("--spread", "pooled", "--w-spread", Double.toString(w)));
                case "range", "range-max" -> cmd.addAll(List.of("--range", c.kind().equals("range") ? "mean" : "max",
                        "--range-min", Double.toString(c.param("min")), "--range-max", Double.toString(c.param("max")),
                        "--w-range", Double.toString(w)));
                default -> throw new IllegalStateException("the PyTorch tracking reference has no '" + c.kind() + "' term");
            }
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("torch_tracking.py failed: " + out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        List<double[]> history = new ArrayList<>();
        KenningJson.mapper().readTree(last).get("history").forEach(row -> history.add(new double[]{row.get(0).asDouble(),
                row.get(1).asDouble()}));
        return new Result(number(last, "window_abs_r"), number(last, "test_corr"), (int) number(last, "best_step"), seconds,
                history);
    }

    /** The step early stopping kept, or "-" without early stopping (the run reports -1 then). */
    private static String step(int bestStep) {
        return bestStep < 0 ? "-" : Integer.toString(bestStep);
    }

    private static String join(List<Integer> xs) {
        return String.join(",", xs.stream().map(String::valueOf).toList());
    }

    /** A number field of the reference's one-line JSON (NaN when it wrote NaN or null). */
    private static double number(String json, String key) throws IOException {
        JsonNode field = KenningJson.mapper().readTree(json).get(key);
        if (field == null) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return field.isNumber() ? field.asDouble() : Double.NaN;
    }
}
