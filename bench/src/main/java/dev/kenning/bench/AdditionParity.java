package dev.kenning.bench;

import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.Metrics;
import dev.kenning.core.run.RunFolder;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.datasets.MnistDigits;
import dev.kenning.learner.images.DigitAddition;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.spec.AdditionSpec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MNIST addition in Kenning and in PyTorch side by side ({@code bench/run --addition}): for each
 * number of digits and seed, Kenning runs the shipped spec (one seed, no baseline) and
 * {@code torch_reference.py --task addition} trains the same network (the conv trunk and class head
 * of {@code ImageNetwork}) with the same exact loss (−log P(sum), computed there by convolving the
 * numbers' distributions instead of on a compiled circuit), the same optimiser and steps, on the
 * same examples in the same order: this program writes the images and the example indices Kenning's
 * seeded epochs draw. Accuracy and steps/s for both, then mean ± 95% interval over seeds.
 */
final class AdditionParity {
    private AdditionParity() {
    }

    record Result(double sumAcc, double digitAcc, double stepsPerSecond) {
    }

    static void run(Options o) throws IOException, InterruptedException {
        Path python = Python.require(o.python);
        Path script = Path.of(System.getProperty("kenning.root", ".")).resolve("bench/torch_reference.py");
        Workbench workbench = Workbench.create(WorkbenchConfig.notRecording());
        Path work = Files.createTempDirectory("kenning-addition-");
        System.out.printf(Locale.ROOT, "MNIST addition, Kenning beside PyTorch (%s), same network, loss, optimiser, steps and"
                + " examples; OMP_NUM_THREADS=%s%n", o.additionSpec, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.println(" N seed | Kenning: sums  digits  steps/s | PyTorch: sums  digits  steps/s");
        for (int digits : o.additionDigits) {
            List<Result> kenning = new ArrayList<>();
            List<Result> torch = new ArrayList<>();
            for (int s = 0; s < o.seeds; s++) {
                AdditionSpec spec = AdditionSpec.load(o.additionSpec, Map.of("data.digits", Integer.toString(digits),
                        "evaluation.seeds", "1", "evaluation.baseline", "false")).withSeed(s);
                Path dir = Files.createDirectories(work.resolve("n" + digits + "-s" + s));
                int steps = writeInputs(spec, dir);
                workbench.run(spec, dir.resolve("run"), RunListener.SILENT);
                Metrics m = RunFolder.of(dir.resolve("run")).metrics();
                Result k = new Result(m.get(MetricName.KNOWLEDGE_ACC, Double.NaN),
                        m.get(MetricName.of("knowledge", "digit_acc"), Double.NaN),
                        m.get(MetricName.stepsPerSecond("knowledge-s" + s), Double.NaN));
                Result t = torch(python, script, spec, dir, steps);
                kenning.add(k);
                torch.add(t);
                System.out.printf(Locale.ROOT, " %d %4d | %13.4f %7.4f %8.1f | %13.4f %7.4f %8.1f%n", digits, s, k.sumAcc(),
                        k.digitAcc(), k.stepsPerSecond(), t.sumAcc(), t.digitAcc(), t.stepsPerSecond());
            }
            System.out.printf(Locale.ROOT, " %d mean | sums %s, digits %s | sums %s, digits %s%n", digits,
                    interval(kenning, Result::sumAcc), interval(kenning, Result::digitAcc), interval(torch, Result::sumAcc),
                    interval(torch, Result::digitAcc));
        }
    }

    private static String interval(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        return MeanInterval.of(results.stream().mapToDouble(f).toArray(), 0.95).format("%.4f");
    }

    /**
     * Writes the images (float32, 784 per image), labels (int32), the training examples in the order
     * Kenning's trainer takes them for {@code steps} steps, and the test examples; returns the steps.
     */
    private static int writeInputs(AdditionSpec spec, Path dir) throws IOException {
        ImageFolder.Split split = ImageFolder.load(spec.data(), MnistDigits.CLASS_NAMES, new ImageFolder.Reading(28, 1,
                spec.testFraction(), spec.seed(), List.of(), false), DecodedImageCache.NONE);
        LabelledImages train = split.train();
        LabelledImages test = split.test();
        int per = 2 * spec.digits();
        int steps = spec.epochs() * (train.size() / per / spec.batch());
        images(dir.resolve("train_images.f32"), train);
        ints(dir.resolve("train_labels.i32"), train.labels());
        images(dir.resolve("test_images.f32"), test);
        ints(dir.resolve("test_labels.i32"), test.labels());
        // the trainer's batches, drawn as it draws them
        DigitAddition.Epochs epochs = new DigitAddition.Epochs(train, spec.digits(), spec.batch(), spec.seed());
        int[] order = new int[steps * spec.batch() * per];
        for (int step = 0; step < steps; step++) {
            int[] images = DigitAddition.flatten(epochs.next(), 0, spec.batch());
            System.arraycopy(images, 0, order, step * images.length, images.length);
        }
        ints(dir.resolve("train_order.i32"), order);
        DigitAddition.Examples testExamples = DigitAddition.testExamples(test, spec.digits(), spec.seed());
        int[] flat = new int[testExamples.size() * per];
        for (int e = 0; e < testExamples.size(); e++) {
            System.arraycopy(testExamples.images()[e], 0, flat, e * per, per);
        }
        ints(dir.resolve("test_order.i32"), flat);
        return steps;
    }

    private static Result torch(Path python, Path script, AdditionSpec spec, Path dir, int steps)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--task", "addition",
                "--dir", dir.toString(), "--digits", Integer.toString(spec.digits()), "--steps", Integer.toString(steps),
                "--batch", Integer.toString(spec.batch()), "--lr", Double.toString(spec.learningRate()),
                "--conv", String.join(",", spec.convChannels().stream().map(String::valueOf).toList()),
                "--seed", Long.toString(spec.seed()), "--size", "28",
                "--threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "2")));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("torch_reference.py --task addition failed: " + out);
        }
        // last line: sum_acc digit_acc steps_per_second
        String[] last = out.strip().lines().reduce((a, b) -> b).orElse("").trim().split("\\s+");
        return new Result(Double.parseDouble(last[0]), Double.parseDouble(last[1]), Double.parseDouble(last[2]));
    }

    private static void images(Path file, LabelledImages images) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(images.size() * images.valuesPerImage() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] image : images.pixels()) {
            for (float v : image) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
    }

    private static void ints(Path file, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        try (OutputStream out = Files.newOutputStream(file); DataOutputStream d = new DataOutputStream(out)) {
            d.write(b.array());
        }
    }
}
