package dev.kenning.bench;

import dev.kenning.core.ProgressListener;
import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.learner.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the free-fall model label-free for many steps with Kenning's trainer and samples resident
 * memory every few hundred steps: a per-step leak shows as a slope. The slope is fitted over the
 * second half of the run, after the JVM and ND4J have reached their working size.
 */
final class Soak {
    private Soak() {
    }

    static void run(Options o) {
        NativeBackend.select();
        Bench.Row row = new Bench.Row("free-fall", "constraints", o.image, o.batch);
        Bench.FreeFallSetup setup = Bench.FreeFallSetup.load(o.spec);
        SequenceRegressor model = SequenceRegressor.create(setup.model(), 3, row.imageSize(), row.imageSize(),
                setup.spec().seed());
        List<double[]> samples = new ArrayList<>();
        System.out.printf(Locale.ROOT, "soak: %d label-free steps of the free-fall model (%s, batch %d, image %d²),"
                        + " OMP_NUM_THREADS=%s, resident memory every %d steps%n", o.soak, setup.terms(row).stream()
                        .map(t -> t.name()).toList(), row.batch(), row.imageSize(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), o.sampleEvery);
        System.out.printf(Locale.ROOT, "%8s %10s %10s %9s%n", "step", "RSS MB", "heap MB", "steps/s");
        samples.add(new double[]{0, Machine.rssMb()});
        ProgressListener listener = (phase, r, total) -> {
            double rss = Machine.rssMb();
            Runtime rt = Runtime.getRuntime();
            samples.add(new double[]{r.step(), rss});
            System.out.printf(Locale.ROOT, "%8d %10.1f %10.1f %9.2f%n", r.step(), rss,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, r.stepsPerSecond());
            System.out.flush();
        };
        Trainer trainer = new Trainer(new Trainer.Settings(o.soak, setup.spec().training().learningRate(), o.sampleEvery,
                setup.spec().training().checkpointEvery()));
        Trainer.Trained t = SequenceTraining.train(trainer, "soak", model, setup.videos(row), setup.terms(row), row.batch(),
                setup.spec().seed(), listener);
        double max = samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
        List<double[]> tail = samples.subList(samples.size() / 2, samples.size());
        System.out.printf(Locale.ROOT, "RSS first %.1f MB (step %d), last %.1f MB (step %d), max %.1f MB;"
                        + " slope over steps %d-%d: %+.3f MB per 1000 steps; %.1f s, data wait %.1f%%%n",
                samples.get(1)[1], (int) samples.get(1)[0], samples.get(samples.size() - 1)[1],
                (int) samples.get(samples.size() - 1)[0], max, (int) tail.get(0)[0],
                (int) tail.get(tail.size() - 1)[0], 1000 * slope(tail), t.secondsTraining(),
                100 * t.secondsWaitingForData() / t.secondsTraining());
    }

    /** Least-squares slope of RSS against step. */
    static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
