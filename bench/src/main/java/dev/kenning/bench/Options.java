package dev.kenning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The bench's command line, checked when parsed: a bad value stops with a message naming it. */
final class Options {
    int[] threads;
    List<String> models = List.of("free-fall", "few-shot");
    /**
     * Steps before timing. The JIT compiles Kenning's step in its first seconds; with two OpenMP
     * threads the compiler takes the second core from them, and after 20 warm-up steps Kenning's
     * free-fall rows ran at 18.6 steps/s against 26.5 after 200 (bench/run --threads 2).
     */
    int warmup = 200;
    int repeats = 5;
    int steps = 20;
    int soak;
    boolean profile;
    int sampleEvery = 500;
    int batch = 8;
    int image = 32;
    String python;
    String worker;
    boolean importSpeed;
    String importWorker;
    Path importDir;
    int images = 20_000;
    int sequences = 200;
    int frames = 60;
    int imageSize = 64;
    int channels = 3;
    int frameSize = 32;
    Path spec;
    Path fewShotSpec;
    boolean addition;
    Path additionSpec;
    int[] additionDigits = {1, 2};
    int seeds = 5;
    int firstSeed = 0;
    Path tracking;
    Path trackingData;
    boolean sameStart;
    java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
    Path torchScript;

    static Options parse(String[] args) {
        Options o = new Options();
        Path root = Path.of(System.getProperty("kenning.root", "."));
        o.spec = root.resolve("experiments/free-fall.yaml");
        o.fewShotSpec = root.resolve("experiments/fewshot-fashion.yaml");
        o.torchScript = root.resolve("bench/torch_reference.py");
        o.additionSpec = root.resolve("experiments/mnist-addition.yaml");
        int cores = Runtime.getRuntime().availableProcessors();
        o.threads = cores >= 2 ? new int[]{1, 2} : new int[]{1};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--threads" -> o.threads = Arrays.stream(need(a, v).split(",")).mapToInt(s -> positive(a, s)).toArray();
                case "--models" -> o.models = models(need(a, v));
                case "--warmup" -> o.warmup = positive(a, need(a, v));
                case "--repeats" -> o.repeats = positive(a, need(a, v));
                case "--steps" -> o.steps = positive(a, need(a, v));
                case "--soak" -> o.soak = positive(a, need(a, v));
                case "--profile" -> o.profile = true;
                case "--sample-every" -> o.sampleEvery = positive(a, need(a, v));
                case "--batch" -> o.batch = positive(a, need(a, v));
                case "--image" -> o.image = positive(a, need(a, v));
                case "--python" -> o.python = need(a, v);
                case "--spec" -> o.spec = Path.of(need(a, v));
                case "--few-shot-spec" -> o.fewShotSpec = Path.of(need(a, v));
                case "--worker" -> o.worker = need(a, v);
                case "--import" -> o.importSpeed = true;
                case "--addition" -> o.addition = true;
                case "--digits" -> o.additionDigits = Arrays.stream(need(a, v).split(",")).mapToInt(s -> positive(a, s)).toArray();
                case "--seeds" -> o.seeds = positive(a, need(a, v));
                case "--first-seed" -> o.firstSeed = nonNegative(a, need(a, v));
                case "--tracking" -> o.tracking = Path.of(need(a, v));
                case "--data" -> o.trackingData = Path.of(need(a, v));
                case "--same-start" -> o.sameStart = true;
                case "--set" -> {
                    String kv = need(a, v);
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        fail("--set: expected KEY=VALUE, got '" + kv + "'");
                    }
                    o.overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--addition-spec" -> o.additionSpec = Path.of(need(a, v));
                case "--import-worker" -> o.importWorker = need(a, v);
                case "--dir" -> o.importDir = Path.of(need(a, v));
                case "--images" -> o.images = positive(a, need(a, v));
                case "--sequences" -> o.sequences = positive(a, need(a, v));
                case "--frames" -> o.frames = positive(a, need(a, v));
                case "--image-size" -> o.imageSize = positive(a, need(a, v));
                case "--channels" -> {
                    o.channels = positive(a, need(a, v));
                    if (o.channels != 1 && o.channels != 3) {
                        fail("--channels: expected 1 or 3, got " + o.channels);
                    }
                }
                case "--frame-size" -> o.frameSize = positive(a, need(a, v));
                case "-h", "--help" -> {
                    System.out.println("usage: bench/run [--threads 1,2] [--models free-fall,few-shot] [--warmup 200]"
                            + " [--repeats 5] [--steps 20] [--python /usr/bin/python3] [--spec experiments/free-fall.yaml]"
                            + " [--few-shot-spec experiments/fewshot-fashion.yaml]\n"
                            + "       bench/run --soak 20000 [--sample-every 500] [--batch 8] [--image 32]\n"
                            + "       bench/run --profile [--batch 8] [--image 32] [--warmup 200] [--steps 20]\n"
                            + "       bench/run --import [--dir DIR] [--images 20000] [--image-size 64] [--channels 3]"
                            + " [--sequences 200] [--frames 60] [--frame-size 32]\n"
                            + "       bench/run --addition [--digits 1,2] [--seeds 5] [--addition-spec experiments/mnist-addition.yaml]\n"
                            + "       bench/run --tracking SPEC [--data DIR] [--seeds 5] [--first-seed 0] [--same-start] [--set KEY=VALUE ...]");
                    System.exit(0);
                }
                default -> fail("unknown option " + a + " (try --help)");
            }
            if (!a.equals("-h") && !a.equals("--help") && !a.equals("--profile") && !a.equals("--import")
                    && !a.equals("--addition") && !a.equals("--same-start")) {
                i++;
            }
        }
        if (!Files.isRegularFile(o.spec)) {
            fail("--spec: no such file " + o.spec);
        }
        if (!Files.isRegularFile(o.fewShotSpec)) {
            fail("--few-shot-spec: no such file " + o.fewShotSpec);
        }
        return o;
    }

    private static List<String> models(String value) {
        List<String> m = Arrays.stream(value.split(",")).map(String::trim).toList();
        for (String name : m) {
            if (!name.equals("free-fall") && !name.equals("few-shot")) {
                fail("--models: expected free-fall and/or few-shot, got '" + name + "'");
            }
        }
        return m;
    }

    private static String need(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static int positive(String option, String value) {
        return atLeast(option, value, 1, "a positive whole number");
    }

    private static int nonNegative(String option, String value) {
        return atLeast(option, value, 0, "a whole number, 0 or more");
    }

    private static int atLeast(String option, String value, int least, String what) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + ": expected " + what + ", got '" + value + "'");
        return 0;
    }

    static void fail(String message) {
        System.err.println("bench: " + message);
        System.exit(2);
    }
}
