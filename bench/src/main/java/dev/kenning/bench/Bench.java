package dev.kenning.bench;

import dev.kenning.constraints.DerivedConstraints;
import dev.kenning.engine.NativeBackend;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.RawVideos;
import dev.kenning.datasets.Video;
import dev.kenning.learner.LossTerm;
import dev.kenning.learner.ModelSpec;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.learner.Trainer;
import dev.kenning.workbench.SequenceRegressionTask;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times Kenning's training step beside PyTorch's on the same network, loss, optimiser, batch,
 * data and thread count, and soaks memory over long runs. Two models: the free-fall regressor
 * with its constraint loss (and the supervised baseline), and the few-shot encoder trained as a
 * prototypical network on Fashion-MNIST episodes ({@link FewShotSetup}). Each row runs in a fresh JVM (its peak
 * resident memory is its own) beside a {@code torch_reference.py} process; the two are alive
 * together and take turns, one repeat each, so load from elsewhere on the machine falls on both.
 *
 * <pre>
 * bench/run                          # the table: threads 1 and 2 (up to the cores there are)
 * bench/run --threads 2 --repeats 7 --steps 30
 * bench/run --soak 20000 --sample-every 500
 * OMP_NUM_THREADS=1 bench/run --profile   # where a step's time goes, by kind of op, beside PyTorch
 * </pre>
 * Over 400 lines: the parent that schedules rows and prints the table, and the child JVM that
 * trains one row, share the row definitions and the setups; the profile and the soak are apart.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(Options.parse(args));
        } catch (dev.kenning.core.InputError e) {
            // a spec or data the workbench refuses: its one message, as kenning run prints it
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(Options o) throws Exception {
        if (o.worker != null) {
            Worker.run(o, Row.parse(o.worker));
        } else if (o.importWorker != null) {
            ImportSpeed.worker(o);
        } else if (o.tracking != null) {
            TrackingParity.run(o);
        } else if (o.addition) {
            AdditionParity.run(o);
        } else if (o.importSpeed) {
            ImportSpeed.run(o);
        } else if (o.soak > 0) {
            Soak.run(o);
        } else if (o.profile) {
            Profile.run(o);
        } else {
            table(o);
        }
    }

    /**
     * The configurations of the table: the free-fall model label-free and supervised, at sizes and
     * batches; the few-shot encoder on 5-way and 10-way episodes of 28² images.
     */
    static List<Row> rows() {
        return List.of(new Row("free-fall", "constraints", 32, 8), new Row("free-fall", "supervised", 32, 8),
                new Row("free-fall", "constraints", 32, 16), new Row("free-fall", "constraints", 64, 8),
                new Row("few-shot", "protonet", 28, 5), new Row("few-shot", "protonet", 28, 10));
    }

    private static void table(Options o) throws Exception {
        Path python = Python.find(o.python);
        System.out.printf(Locale.ROOT, "Kenning training step beside PyTorch: %d warm-up steps, then %d repeats of %d"
                        + " steps each, alternating engines; median (min-max) steps/s.%n", o.warmup, o.repeats, o.steps);
        System.out.println("CPU: " + Machine.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores; ND4J build " + NativeBackend.select() + "; PyTorch: "
                + (python == null ? "not found (" + Python.HINT + "): Kenning rows only" : python));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-10s %-11s %5s %-14s %3s | %-20s %9s %6s %8s | %-20s %6s | %-18s",
                "model", "loss", "image", "batch", "thr", "Kenning steps/s", "samples/s", "wait%", "peak MB",
                "PyTorch steps/s", "peakMB", "time ratio K/PT"));
        System.out.println(lines.get(0));
        ImageTaskSpec fewShot = ImageTaskSpec.load(o.fewShotSpec);
        boolean fashion = FewShotSetup.available(fewShot);
        if (!fashion) {
            System.out.println("(few-shot rows skipped: Fashion-MNIST not found; install Debian's dataset-fashion-mnist)");
        }
        for (int threads : o.threads) {
            for (Row row : rows()) {
                if (!o.models.contains(row.model()) || row.fewShot() && !fashion) {
                    continue;
                }
                Pair result = Pair.measure(o, row, threads, python);
                String line = result.format(row, threads, fewShot.training().shots(), fewShot.training().queries());
                lines.add(line);
                System.out.println(line);
            }
        }
        System.out.println("time ratio = Kenning's seconds per step / PyTorch's, per alternating pair of repeats"
                + " (median, min-max); <= 1.0 means Kenning is at least as fast. samples = frames (free-fall) or"
                + " images per episode (few-shot). wait% = share of Kenning's step time spent waiting for the batch"
                + " prefetcher (the few-shot trainer assembles each episode inside its step: -).");
    }

    /**
     * One benchmark configuration: which model and loss, at what image size and batch: sequences
     * of {@value #FRAMES} frames for the free-fall model, classes per episode (ways) for few-shot.
     */
    record Row(String model, String loss, int imageSize, int batch) {
        static final int FRAMES = 12;
        static final int VIDEOS = 64;

        String encode() {
            return model + ":" + loss + ":" + imageSize + ":" + batch;
        }

        static Row parse(String s) {
            String[] p = s.split(":");
            return new Row(p[0], p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        }

        boolean fewShot() {
            return model.equals("few-shot");
        }

        /** Frames per step, or images per episode ({@code shots + queries} of each class). */
        int samplesPerStep(int shotsAndQueries) {
            return fewShot() ? batch * shotsAndQueries : batch * FRAMES;
        }

        String batchLabel(int shots, int queries) {
            return fewShot() ? batch + "w" + shots + "s" + queries + "q" : batch + " seq";
        }
    }

    /** What the experiment spec and its knowledge give the bench: the loss terms and the data's look. */
    record FreeFallSetup(ExperimentSpec spec, List<LossTerm> constraintTerms, DerivedConstraints constraints,
                         String output) {
        static FreeFallSetup load(Path specFile) {
            ExperimentSpec spec = ExperimentSpec.load(specFile);
            DerivedConstraints k = Workbench.create(WorkbenchConfig.notRecording()).derive(spec).derived();
            SequenceRegressionTask task = new SequenceRegressionTask(spec);
            String output = task.boundOutput(k);
            return new FreeFallSetup(spec, task.lossTerms(k, output), k, output);
        }

        List<LossTerm> terms(Row row) {
            return row.loss().equals("supervised") ? List.of(LossTerm.supervised(output)) : constraintTerms;
        }

        ModelSpec model() {
            return new ModelSpec(spec.model().convChannels(), spec.model().dense(), output, constraints.outputStart());
        }

        List<Video> videos(Row row) {
            ExperimentSpec.Data d = spec.data();
            return new FreeFallVideoGenerator(new FreeFallVideoConfig(Row.FRAMES, d.fps(), row.imageSize(),
                    row.imageSize(), d.scene("scene_height_m"), d.scene("true_gravity"))).generate(spec.seed(), 0, Row.VIDEOS);
        }

        /**
         * The arguments of {@code torch_reference.py} after writing the videos it reads into {@code dir}:
         * the loss's parameters are read from the derived constraints.
         */
        List<String> torchArguments(Row row, Path dir) throws IOException {
            Path frames = dir.resolve("frames.f32");
            Path truth = dir.resolve("truth.f32");
            RawVideos.write(videos(row), dir); // frames.f32 [videos, frames, 3, H, W] and truth.f32 [videos, frames]
            List<String> a = new ArrayList<>(List.of("--data", frames.toString(), "--truth", truth.toString(),
                    "--videos", String.valueOf(Row.VIDEOS), "--frames", String.valueOf(Row.FRAMES),
                    "--size", String.valueOf(row.imageSize()), "--batch", String.valueOf(row.batch()),
                    "--loss", row.loss(), "--lr", String.valueOf(spec.training().learningRate()),
                    "--conv", String.join(",", spec.model().convChannels().stream().map(String::valueOf).toList()),
                    "--dense", String.valueOf(spec.model().dense()), "--output-init", String.valueOf(model().outputInit())));
            for (ConstraintSpec c : constraints.all()) {
                switch (c.kind()) {
                    case "free-fall" -> a.addAll(List.of("--g", str(c.param("g")), "--dt", str(c.param("dt")),
                            "--w-law", str(c.weight())));
                    case "spread" -> a.addAll(List.of("--min-std", str(c.param("min_std")), "--w-spread", str(c.weight())));
                    case "range" -> a.addAll(List.of("--range-min", str(c.param("min")), "--range-max", str(c.param("max")),
                            "--w-range", str(c.weight())));
                    default -> throw new IllegalStateException("the PyTorch reference has no '" + c.kind()
                            + "' term; the bench covers the free-fall experiment's free-fall, spread and range terms");
                }
            }
            return a;
        }

        private static String str(double v) {
            return Double.toString(v);
        }
    }

    /** A child process speaking the line protocol: "ready"; "run" → "time SECONDS 0"; "quit" → "done MB …". */
    static final class Engine implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final BufferedWriter in;
        private final String name;

        Engine(String name, List<String> command, int threads) throws IOException {
            this.name = name;
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            process = pb.start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream()));
            in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream()));
            expect("ready");
        }

        private String expect(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException(name + " ended before saying '" + prefix + "' (exit code "
                    + waitExit() + "); run it alone to see its error");
        }

        private int waitExit() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** One timed repeat: [seconds, unused]. */
        double[] repeat() throws IOException {
            in.write("run\n");
            in.flush();
            String[] p = expect("time ").split(" ");
            return new double[]{Double.parseDouble(p[1]), Double.parseDouble(p[2])};
        }

        /** Ends the process; the words of its last line: "done", peak resident MB, then engine-specific. */
        String[] quit() throws IOException {
            in.write("quit\n");
            in.flush();
            String[] done = expect("done ").split(" ");
            waitExit();
            return done;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** Kenning and PyTorch measured side by side on one row. */
    record Pair(double[] kenningRates, double waitShare, double kenningMb, double[] torchRates, double torchMb,
                double[] ratios) {

        static Pair measure(Options o, Row row, int threads, Path python) throws Exception {
            Path dir = Files.createTempDirectory("kenning-bench");
            try (Engine kenning = new Engine("Kenning worker", Worker.command(o, row), threads)) {
                Engine torch = null;
                if (python != null) {
                    List<String> cmd = new ArrayList<>(List.of(python.toString(), o.torchScript.toString(),
                            "--threads", String.valueOf(threads), "--warmup", String.valueOf(o.warmup),
                            "--steps", String.valueOf(o.steps)));
                    cmd.addAll(row.fewShot() ? FewShotSetup.load(o.fewShotSpec).torchArguments(row, dir)
                            : FreeFallSetup.load(o.spec).torchArguments(row, dir));
                    torch = new Engine("PyTorch reference", cmd, threads);
                }
                double[] k = new double[o.repeats];
                double[] t = new double[python == null ? 0 : o.repeats];
                double[] ratio = new double[t.length];
                for (int r = 0; r < o.repeats; r++) {
                    double[] kr = kenning.repeat();
                    k[r] = o.steps / kr[0];
                    if (torch != null) {
                        double tr = torch.repeat()[0];
                        t[r] = o.steps / tr;
                        ratio[r] = kr[0] / tr;
                    }
                }
                String[] kDone = kenning.quit();
                double tMb = Double.NaN;
                if (torch != null) {
                    tMb = Double.parseDouble(torch.quit()[1]);
                    torch.close();
                }
                return new Pair(k, Double.parseDouble(kDone[2]), Double.parseDouble(kDone[1]), t, tMb, ratio);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }

        String format(Row row, int threads, int shots, int queries) {
            double kMed = median(kenningRates);
            String torchPart = torchRates.length == 0 ? String.format(Locale.ROOT, "%-20s %6s | %-18s", "-", "-", "-")
                    : String.format(Locale.ROOT, "%-20s %6.0f | %-18s", spread(torchRates, "%.1f"), torchMb,
                    spread(ratios, "%.2f"));
            String wait = Double.isNaN(waitShare) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * waitShare);
            return String.format(Locale.ROOT, "%-10s %-11s %5s %-14s %3d | %-20s %9.0f %6s %8.0f | %s",
                    row.model(), row.loss(), row.imageSize() + "²", row.batchLabel(shots, queries), threads,
                    spread(kenningRates, "%.1f"), kMed * row.samplesPerStep(shots + queries), wait, kenningMb, torchPart);
        }

        private static String spread(double[] v, String f) {
            double[] s = v.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, f + " (" + f + "-" + f + ")", median(v), s[0], s[s.length - 1]);
        }

        static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    /**
     * A child JVM that trains one row with Kenning's own trainer ({@link dev.kenning.learner.SequenceTraining}, batch
     * prefetcher and logging included) and blocks between repeats until told to run the next one.
     */
    static final class Worker {
        private Worker() {
        }

        static List<String> command(Options o, Row row) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                    "--worker", row.encode(), "--spec", o.spec.toString(), "--few-shot-spec", o.fewShotSpec.toString(),
                    "--warmup", String.valueOf(o.warmup), "--steps", String.valueOf(o.steps),
                    "--repeats", String.valueOf(o.repeats)));
            return cmd;
        }

        static void run(Options o, Row row) throws IOException {
            NativeBackend.select();
            // Warm-up and every repeat are whole logging windows, so each window's rate is one repeat.
            int warmWindows = Math.max(1, (o.warmup + o.steps - 1) / o.steps);
            int total = (warmWindows + o.repeats) * o.steps;
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
            ProgressListener listener = timing(o, warmWindows, commands);
            double waitShare;
            if (row.fewShot()) {
                FewShotSetup setup = FewShotSetup.load(o.fewShotSpec);
                setup.train(row.batch(), total, o.steps, listener);
                waitShare = Double.NaN;
            } else {
                FreeFallSetup setup = FreeFallSetup.load(o.spec);
                SequenceRegressor model = SequenceRegressor.create(setup.model(), 3, row.imageSize(), row.imageSize(),
                        setup.spec().seed());
                Trainer trainer = new Trainer(new Trainer.Settings(total, setup.spec().training().learningRate(), o.steps,
                        setup.spec().training().checkpointEvery()));
                Trainer.Trained t = SequenceTraining.train(trainer, "bench", model, setup.videos(row), setup.terms(row),
                        row.batch(), setup.spec().seed(), listener);
                waitShare = t.secondsWaitingForData() / t.secondsTraining();
            }
            String line;
            while ((line = commands.readLine()) != null && !line.trim().equals("quit")) {
                // repeats beyond the ones trained are not expected
            }
            System.out.printf(Locale.ROOT, "done %.1f %.6f%n", Machine.peakRssMb(), waitShare);
            System.out.flush();
        }

        /**
         * Says "ready" after the warm-up windows, then prints each window's seconds ("time S 0") and
         * blocks until the parent says "run": the training loop pauses between repeats.
         */
        private static ProgressListener timing(Options o, int warmWindows, BufferedReader commands) {
            double[] blocked = {0};
            return (phase, historyRow, totalSteps) -> {
                int window = historyRow.step() / o.steps;
                if (window > warmWindows) {
                    // The trainer's window includes the time this listener blocked before it: take it out.
                    double seconds = o.steps / historyRow.stepsPerSecond() - blocked[0];
                    System.out.printf(Locale.ROOT, "time %.6f 0%n", seconds);
                }
                if (window == warmWindows) {
                    System.out.println("ready");
                }
                System.out.flush();
                long t0 = System.nanoTime();
                if (window >= warmWindows && historyRow.step() < totalSteps) {
                    waitForRun(commands);
                }
                blocked[0] = (System.nanoTime() - t0) / 1e9;
            };
        }

        private static void waitForRun(BufferedReader commands) {
            try {
                String line = commands.readLine();
                if (line == null || !line.trim().equals("run")) {
                    System.exit(0);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
