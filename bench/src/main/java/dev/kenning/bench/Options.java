package dev.kenning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The bench's command line, checked when parsed: a bad value stops with a message naming it. */
final class Options {
    int[] threads;
    int warmup = 20;
    int repeats = 5;
    int steps = 20;
    int soak;
    int sampleEvery = 500;
    int soakBatch = 8;
    int soakImage = 32;
    String python;
    String worker;
    Path spec;
    Path torchScript;

    static Options parse(String[] args) {
        Options o = new Options();
        Path root = Path.of(System.getProperty("kenning.root", "."));
        o.spec = root.resolve("experiments/free-fall.yaml");
        o.torchScript = root.resolve("bench/torch_reference.py");
        int cores = Runtime.getRuntime().availableProcessors();
        o.threads = cores >= 2 ? new int[]{1, 2} : new int[]{1};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--threads" -> o.threads = Arrays.stream(need(a, v).split(",")).mapToInt(s -> positive(a, s)).toArray();
                case "--warmup" -> o.warmup = positive(a, need(a, v));
                case "--repeats" -> o.repeats = positive(a, need(a, v));
                case "--steps" -> o.steps = positive(a, need(a, v));
                case "--soak" -> o.soak = positive(a, need(a, v));
                case "--sample-every" -> o.sampleEvery = positive(a, need(a, v));
                case "--batch" -> o.soakBatch = positive(a, need(a, v));
                case "--image" -> o.soakImage = positive(a, need(a, v));
                case "--python" -> o.python = need(a, v);
                case "--spec" -> o.spec = Path.of(need(a, v));
                case "--worker" -> o.worker = need(a, v);
                case "-h", "--help" -> {
                    System.out.println("usage: bench/run [--threads 1,2] [--warmup 20] [--repeats 5] [--steps 20]"
                            + " [--python /usr/bin/python3] [--spec experiments/free-fall.yaml]\n"
                            + "       bench/run --soak 20000 [--sample-every 500] [--batch 8] [--image 32]");
                    System.exit(0);
                }
                default -> fail("unknown option " + a + " (try --help)");
            }
            if (!a.equals("-h") && !a.equals("--help")) {
                i++;
            }
        }
        if (!Files.isRegularFile(o.spec)) {
            fail("--spec: no such file " + o.spec);
        }
        return o;
    }

    private static String need(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + ": expected a positive whole number, got '" + value + "'");
        return 0;
    }

    static void fail(String message) {
        System.err.println("bench: " + message);
        System.exit(2);
    }
}
