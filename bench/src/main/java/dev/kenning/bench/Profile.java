package dev.kenning.bench;

import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.SequenceRegressor;
import dev.kenning.learner.SequenceTraining;
import dev.kenning.learner.Trainer;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a free-fall training step's time goes, Kenning beside PyTorch: both engines' time per
 * step split into the same kinds of work (convolution, pooling and ReLU forward and backward,
 * matrix products), the rest being everything else (the framework's own work per step, the
 * optimiser, the loss's small ops). Kenning's op times come from a SameDiff listener timing each
 * training op; PyTorch's from {@code torch.autograd.profiler} (self CPU time per aten op).
 */
final class Profile {
    /** Kinds of work, with Kenning's op names and PyTorch's aten op names for each. */
    static final Map<String, List<List<String>>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("conv forward", List.of(List.of("conv2d"), List.of("aten::mkldnn_convolution", "aten::convolution",
                "aten::_convolution")));
        KINDS.put("conv backward", List.of(List.of("conv2d_bp"), List.of("aten::convolution_backward")));
        KINDS.put("max-pool forward", List.of(List.of("maxpool2d"), List.of("aten::max_pool2d_with_indices")));
        KINDS.put("max-pool backward", List.of(List.of("maxpool2d_bp"), List.of("aten::max_pool2d_with_indices_backward")));
        KINDS.put("relu forward", List.of(List.of("relu"), List.of("aten::relu", "aten::clamp_min")));
        KINDS.put("relu backward", List.of(List.of("thresholdedrelu_bp"), List.of("aten::threshold_backward")));
        KINDS.put("matmul fwd+bwd", List.of(List.of("matmul", "matmul_bp", "mmul"), List.of("aten::mm", "aten::addmm",
                "aten::bmm")));
    }

    private Profile() {
    }

    static void run(Options o) throws Exception {
        NativeBackend.select();
        Bench.Row row = new Bench.Row("free-fall", "constraints", o.image, o.batch);
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        System.out.printf(Locale.ROOT, "profile: free-fall model, label-free loss, image %d², batch %d sequences"
                        + " (%d frames), OMP_NUM_THREADS=%s, %d warm-up steps then %d steps; ms per step%n",
                row.imageSize(), row.batch(), row.samplesPerStep(0), threads, o.warmup, o.steps);
        Map<String, Long> otherOps = new LinkedHashMap<>();
        Map<String, Double> otherSplit = new LinkedHashMap<>();
        Map<String, Double> kenning = kenning(o, row, otherOps, otherSplit);
        Map<String, Double> torch = torch(o, row);
        System.out.printf(Locale.ROOT, "%-20s %10s %10s %8s%n", "work", "Kenning", "PyTorch", "K - PT");
        for (String kind : kenning.keySet()) {
            double k = kenning.get(kind);
            double t = torch.getOrDefault(kind, Double.NaN);
            System.out.printf(Locale.ROOT, "%-20s %10.2f %10.2f %+8.2f%n", kind, k, t, k - t);
        }
        System.out.println("other = the step's time outside those ops: the framework's own work per step, the"
                + " optimiser (Adam), the loss's small ops, data hand-over.");
        System.out.print("Kenning's other ops, ms per step:");
        otherOps.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, " %s %.2f", e.getKey(), e.getValue() / 1e6 / o.steps));
        System.out.printf(Locale.ROOT, " (all other ops %.2f)%n",
                otherOps.values().stream().mapToLong(Long::longValue).sum() / 1e6 / o.steps);
        System.out.print("Kenning's other, ms per step:");
        otherSplit.forEach((part, ms) -> System.out.printf(Locale.ROOT, " %s %.2f;", part, ms));
        System.out.println();
    }

    /**
     * Kenning's ms per step by kind, with "other" and "step" (the whole step), from its own trainer;
     * {@code otherOps} receives the nanoseconds of each op outside the kinds, by op name, and
     * {@code otherSplit} "other" in parts (ms per step): those ops, the session's work between ops
     * (the updaters apply each gradient there too), its start and end, and the loop outside it.
     */
    private static Map<String, Double> kenning(Options o, Bench.Row row, Map<String, Long> otherOps,
                                               Map<String, Double> otherSplit) {
        Bench.FreeFallSetup setup = Bench.FreeFallSetup.load(o.spec);
        SequenceRegressor model = SequenceRegressor.create(setup.model(), 3, row.imageSize(), row.imageSize(),
                setup.spec().seed());
        OpTimes times = new OpTimes();
        model.graph().addListeners(times);
        long[] start = new long[1];
        // Logs at the end of the warm-up (start timing) and at the end; the forward pass each log
        // adds is inference, which the listener does not count.
        Trainer trainer = new Trainer(new Trainer.Settings(o.warmup + o.steps, setup.spec().training().learningRate(),
                o.warmup, o.warmup + o.steps));
        SequenceTraining.train(trainer, "profile", model, setup.videos(row), setup.terms(row), row.batch(),
                setup.spec().seed(), (phase, r, total) -> {
            if (r.step() == o.warmup) {
                times.reset();
                start[0] = System.nanoTime();
            }
        });
        double stepMs = (System.nanoTime() - start[0]) / 1e6 / o.steps;
        Map<String, Double> out = new LinkedHashMap<>();
        double known = 0;
        for (Map.Entry<String, List<List<String>>> kind : KINDS.entrySet()) {
            double ms = kind.getValue().get(0).stream().mapToDouble(name -> times.nanos.getOrDefault(name, 0L)).sum()
                    / 1e6 / o.steps;
            out.put(kind.getKey(), ms);
            known += ms;
        }
        out.put("other", stepMs - known);
        out.put("step", stepMs);
        otherOps.putAll(times.nanos);
        KINDS.values().forEach(names -> names.get(0).forEach(otherOps::remove));
        double otherOpsMs = otherOps.values().stream().mapToLong(Long::longValue).sum() / 1e6 / o.steps;
        double betweenMs = times.between / 1e6 / o.steps;
        double edgesMs = times.edges / 1e6 / o.steps;
        otherSplit.put("the loss's and other small ops", otherOpsMs);
        otherSplit.put("SameDiff's work between ops (Adam included)", betweenMs);
        otherSplit.put("session start and end", edgesMs);
        otherSplit.put("outside the session (batches, logging)", stepMs - known - otherOpsMs - betweenMs - edgesMs);
        return out;
    }

    /** PyTorch's ms per step by kind (torch_reference.py --profile), or nothing without torch. */
    private static Map<String, Double> torch(Options o, Bench.Row row) throws IOException, InterruptedException {
        Path python = Python.find(o.python);
        Map<String, Double> raw = new LinkedHashMap<>();
        if (python == null) {
            System.out.println("PyTorch: not found (" + Python.HINT + ")");
            return raw;
        }
        Path dir = Files.createTempDirectory("kenning-profile");
        try {
            List<String> cmd = new ArrayList<>(List.of(python.toString(), o.torchScript.toString(),
                    "--threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"), "--warmup", String.valueOf(o.warmup),
                    "--steps", String.valueOf(o.steps), "--profile"));
            cmd.addAll(Bench.FreeFallSetup.load(o.spec).torchArguments(row, dir));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] w = line.split(" ");
                    if (w.length == 3 && w[0].equals("op")) {
                        raw.put(w[1], Double.parseDouble(w[2]));
                    } else if (w.length == 3 && w[0].equals("step")) {
                        raw.put("step", Double.parseDouble(w[2]));
                    }
                }
            }
            p.waitFor();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double known = 0;
        for (Map.Entry<String, List<List<String>>> kind : KINDS.entrySet()) {
            double ms = kind.getValue().get(1).stream().mapToDouble(name -> raw.getOrDefault(name, 0.0)).sum();
            out.put(kind.getKey(), ms);
            known += ms;
        }
        double step = raw.getOrDefault("step", Double.NaN);
        out.put("other", step - known);
        out.put("step", step);
        return out;
    }

    /**
     * Wall time of each training op, by op name, between its start and end; and the session's own
     * time around them: between one op's end and the next op's start, and from the iteration's
     * start to its first op plus from its last op to its end.
     */
    static final class OpTimes extends BaseListener {
        final Map<String, Long> nanos = new LinkedHashMap<>();
        long between;
        long edges;
        private long opStart;
        private long lastEnd;
        private long iterationStart;
        private boolean firstOp;

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
            iterationStart = System.nanoTime();
            firstOp = true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
            opStart = System.nanoTime();
            if (firstOp) {
                edges += opStart - iterationStart;
            } else {
                between += opStart - lastEnd;
            }
            firstOp = false;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            lastEnd = System.nanoTime();
            nanos.merge(op.getOp().opName(), lastEnd - opStart, Long::sum);
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
            edges += System.nanoTime() - lastEnd;
        }

        void reset() {
            nanos.clear();
            between = 0;
            edges = 0;
        }
    }
}
