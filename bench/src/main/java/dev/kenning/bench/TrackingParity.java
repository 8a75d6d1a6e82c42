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
 * restarts (each engine keeps its lowest label-free loss) on
 * the very frames Kenning trained, stopped and was scored on ({@link Workbench#writeSequenceData}).
 * Prints each seed's test window |r| and per-sequence |r| for both, then mean ± 95% interval and the
 * mean difference.
 */
final class TrackingParity {
    private TrackingParity() {
    }

    record Result(double windowR, double sequenceR, int bestStep, double seconds) {
    }

    static void run(Options o) throws IOException, InterruptedException {
        Path python = Python.require(o.python);
        Path script = Path.of(System.getProperty("kenning.root", ".")).resolve("bench/torch_tracking.py");
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        Path work = Files.createTempDirectory("kenning-tracking-");
        Map<String, String> overrides = new LinkedHashMap<>(o.overrides);
        overrides.put("training.supervised_baseline", "false");
        System.out.printf(Locale.ROOT, "label-free tracking, Kenning beside PyTorch (%s%s%s); same frames, network, init,"
                        + " loss, optimiser and steps; OMP_NUM_THREADS=%s%n", o.tracking, o.trackingData == null ? ""
                        : " on " + o.trackingData, o.overrides.isEmpty() ? "" : ", " + o.overrides,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.println(" seed | Kenning: window|r|  seq|r|  best step    s | PyTorch: window|r|  seq|r|  best step    s");
        List<Result> kenning = new ArrayList<>();
        List<Result> torch = new ArrayList<>();
        for (int s = 0; s < o.seeds; s++) {
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
                    (int) m.get(MetricName.of(MetricName.LABEL_FREE, "best_step"), -1), kSeconds);
            workbench.writeSequenceData(spec, dir.resolve("data"));
            // the step the run's windows took (frame_step: auto decides it from the data)
            ExperimentSpec asRun = spec.withFrameStep((int) m.get(MetricName.FRAME_STEP, spec.data().frameStep()));
            Result t = torch(python, script, asRun, workbench.derive(spec).derived(), dir.resolve("data"));
            kenning.add(k);
            torch.add(t);
            System.out.printf(Locale.ROOT, " %4d | %17.4f %7.4f %10s %4.0f | %17.4f %7.4f %10s %4.0f%n", s, k.windowR(),
                    k.sequenceR(), step(k.bestStep()), k.seconds(), t.windowR(), t.sequenceR(), step(t.bestStep()), t.seconds());
        }
        System.out.printf(Locale.ROOT, " mean | window |r| %s, seq |r| %s | window |r| %s, seq |r| %s%n",
                interval(kenning, Result::windowR), interval(kenning, Result::sequenceR), interval(torch, Result::windowR),
                interval(torch, Result::sequenceR));
        double[] diff = new double[kenning.size()];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = kenning.get(i).windowR() - torch.get(i).windowR();
        }
        System.out.printf(Locale.ROOT, " Kenning − PyTorch, window |r|: %s (min %s)%n", format(diff),
                String.format(Locale.ROOT, "%.4f / %.4f", kenning.stream().mapToDouble(Result::windowR).min().orElse(Double.NaN),
                        torch.stream().mapToDouble(Result::windowR).min().orElse(Double.NaN)));
    }

    private static String interval(List<Result> results, ToDoubleFunction<Result> f) {
        return format(results.stream().mapToDouble(f).toArray());
    }

    private static String format(double[] v) {
        return MeanInterval.of(v, 0.95).format("%.4f");
    }

    /** The reference's arguments, the loss read from the derived constraints as Kenning reads it. */
    private static Result torch(Path python, Path script, ExperimentSpec spec, DerivedConstraints k, Path data)
            throws IOException, InterruptedException {
        ExperimentSpec.Model model = spec.model();
        Augmentation augment = spec.training().augment();
        double outputInit = Double.isNaN(model.outputInit()) ? k.outputStart() : model.outputInit();
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--data", data.toString(),
                "--seed", Long.toString(spec.seed()), "--threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "2"),
                "--conv", join(model.convChannels()), "--kernel", join(model.kernels()), "--dense", Integer.toString(model.dense()),
                "--init", model.init().scheme(), "--init-std", Double.toString(model.init().std()),
                "--normalise", model.normalise().key(), "--head", model.head().key(),
                "--output-init", Double.toString(outputInit), "--steps", Integer.toString(spec.training().steps()),
                "--batch", Integer.toString(spec.training().batchVideos()), "--lr", Double.toString(spec.training().learningRate()),
                "--lr-schedule", spec.training().lrSchedule().key(),
                "--ema-decay", Double.toString(spec.training().emaDecay()),
                "--window", Integer.toString(spec.data().window()),
                "--frame-step", Integer.toString(spec.data().frameStep()), "--restarts",
                Integer.toString(spec.training().restarts()), "--spread", "none", "--range", "none",
                "--shift", Double.toString(augment.shift()), "--brightness", Double.toString(augment.brightness()),
                "--contrast", Double.toString(augment.contrast())));
        if (augment.flip()) {
            cmd.add("--flip");
        }
        if (k.signFixed()) {
            cmd.add("--sign-fixed");
        }
        ExperimentSpec.EarlyStopping stop = spec.training().earlyStopping();
        if (stop != null) {
            cmd.addAll(List.of("--every", Integer.toString(stop.every()), "--patience", Integer.toString(stop.patience())));
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
        return new Result(number(last, "window_abs_r"), number(last, "test_corr"), (int) number(last, "best_step"), seconds);
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
