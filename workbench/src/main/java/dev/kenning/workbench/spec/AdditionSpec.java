package dev.kenning.workbench.spec;

import dev.kenning.constraints.logic.FormulaCircuit;
import dev.kenning.core.InputError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Addition of handwritten numbers ({@code task: addition}), as written in YAML: two numbers of
 * {@code data.digits} digits each, shown as digit images from an image folder, labelled only with
 * their sum; a digit classifier learns from the sums through the formula the knowledge states
 * (knowledge.rules must derive a {@code formula} constraint for N-digit numbers), beside a baseline
 * that learns the sums without it. Paths are relative to the file.
 *
 * @param circuitLimits    the largest circuit a formula may compile to and how long compiling may take
 *                         ({@code knowledge.max_circuit_nodes}, {@code knowledge.compile_seconds})
 * @param digitsWhere      the spec's line of {@code data.digits}, for the check against the knowledge
 */
public record AdditionSpec(Path source, String name, long seed, ExperimentSpec.Knowledge knowledge,
                           FormulaCircuit.Limits circuitLimits, Path data, int digits, String digitsWhere, double testFraction,
                           List<Integer> convChannels, int epochs, int batch, double learningRate, int logEvery,
                           int seeds, boolean baseline) implements SpecFile {

    public static final String TASK = "addition";

    /** Whether {@code file}'s {@code task} is addition. */
    public static boolean isAddition(Path file) {
        return TASK.equals(YamlSection.open(file).choice("task", "regression"));
    }

    @Override
    public ExperimentSpec.Knowledge knowledgeSources() {
        return knowledge;
    }

    /** With and without knowledge, per seed. */
    @Override
    public int trainings() {
        return seeds * (baseline ? 2 : 1);
    }

    @Override
    public AdditionSpec withSeed(long newSeed) {
        SpecFile.requireSeedsFit(newSeed, seeds, "--seed " + newSeed);
        return new AdditionSpec(source, name, newSeed, knowledge, circuitLimits, data, digits, digitsWhere,
                testFraction, convChannels, epochs, batch, learningRate, logEvery, seeds, baseline);
    }

    public static AdditionSpec load(Path file) {
        return load(file, Map.of());
    }

    /** Loads {@code file} with some values replaced by key path, as {@link ExperimentSpec#load(Path, Map)} does. */
    public static AdditionSpec load(Path file, Map<String, String> overrides) {
        return YamlSection.parseWithOverrides(overrides, () -> parse(file, overrides));
    }

    private static AdditionSpec parse(Path file, Map<String, String> overrides) {
        YamlSection top = YamlSection.open(file, overrides);
        String name = top.specName(file);
        long seed = top.integer("seed", 0, 0, Long.MAX_VALUE);
        String task = top.requiredChoice("task");
        if (!task.equals(TASK)) {
            throw new InputError(top.where("task"), "'task' must be " + TASK + " here, got '" + task + "'");
        }
        YamlSection k = top.section("knowledge");
        ExperimentSpec.Knowledge knowledge = new ExperimentSpec.Knowledge(ExperimentSpec.files(k, "ontologies"),
                ExperimentSpec.files(k, "rules"), null, Map.of());
        FormulaCircuit.Limits limits = circuitLimits(k);
        k.finish();

        YamlSection d = top.section("data");
        String dataset = d.choice("dataset", "folder");
        if (!dataset.equals("folder")) {
            throw new InputError(d.where("dataset"), "'data.dataset' must be folder (one subfolder of digit images per"
                    + " class, named as the knowledge's labels), got '" + dataset + "'");
        }
        String p = d.string("path", null);
        if (p == null) {
            throw new InputError(d.where("dataset"), "'data.path' names the folder of digit images, e.g."
                    + " ../.kenning/data/digits (written by ./kenning data digits)");
        }
        Path data = d.path(p);
        int digits = (int) d.integer("digits", 1, 1, 9);
        String digitsWhere = d.where("digits");
        double testFraction = d.number("test_fraction", 0.2, 0.01, 0.99);
        d.finish();

        List<Integer> conv = List.of(32, 64);
        if (top.has("model")) {
            YamlSection m = top.section("model");
            List<String> raw = m.strings("conv_channels", null);
            if (raw != null) {
                try {
                    conv = raw.stream().map(s -> Integer.parseInt(s.trim())).toList();
                } catch (NumberFormatException e) {
                    throw new InputError(m.where("conv_channels"), "'model.conv_channels' must list whole numbers, got " + raw);
                }
                if (conv.isEmpty() || conv.stream().anyMatch(c -> c < 1)) {
                    throw new InputError(m.where("conv_channels"), "'model.conv_channels' must list numbers >= 1");
                }
            }
            m.finish();
        }
        YamlSection t = top.has("training") ? top.section("training") : null;
        int epochs = t == null ? 1 : (int) t.integer("epochs", 1, 1, 100_000);
        int batch = t == null ? 32 : (int) t.integer("batch", 32, 1, 100_000);
        double lr = t == null ? 1e-3 : t.number("learning_rate", 1e-3, 1e-9, 10);
        int logEvery = t == null ? 25 : (int) t.integer("log_every", 25, 1, 1_000_000);
        if (t != null) {
            t.finish();
        }
        YamlSection e = top.has("evaluation") ? top.section("evaluation") : null;
        int seeds = e == null ? 5 : (int) e.integer("seeds", 5, 1, 1000);
        boolean baseline = e == null || e.bool("baseline", true);
        if (e != null) {
            e.finish();
        }
        SpecFile.requireSeedsFit(seed, seeds, top.where("seed"));
        top.finish();
        return new AdditionSpec(file, name, seed, knowledge, limits, data, digits, digitsWhere, testFraction,
                conv, epochs, batch, lr, logEvery, seeds, baseline);
    }

    /** {@code knowledge.max_circuit_nodes} and {@code compile_seconds}, as every spec with formulas reads them. */
    static FormulaCircuit.Limits circuitLimits(YamlSection k) {
        return new FormulaCircuit.Limits((int) k.integer("max_circuit_nodes", 200_000, 1, 50_000_000),
                Duration.ofMillis(Math.round(1000 * k.number("compile_seconds", 60, 0.001, 86_400))));
    }

    /** The two keys of {@link #circuitLimits} back into a resolved spec's knowledge section. */
    static void putCircuitLimits(Map<String, Object> knowledge, FormulaCircuit.Limits limits) {
        knowledge.put("max_circuit_nodes", limits.maxNodes());
        knowledge.put("compile_seconds", limits.maxTime().toMillis() / 1000.0);
    }

    /** The spec with every default filled in, for the run folder's spec.yaml. */
    @Override
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        m.put("task", TASK);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("ontologies", knowledge.ontologies().stream().map(Path::toString).toList());
        k.put("rules", knowledge.rules().stream().map(Path::toString).toList());
        putCircuitLimits(k, circuitLimits);
        m.put("knowledge", k);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", "folder");
        d.put("path", data.toString());
        d.put("digits", digits);
        d.put("test_fraction", testFraction);
        m.put("data", d);
        m.put("model", Map.of("conv_channels", convChannels));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochs", epochs);
        t.put("batch", batch);
        t.put("learning_rate", learningRate);
        t.put("log_every", logEvery);
        m.put("training", t);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seeds", seeds);
        e.put("baseline", baseline);
        m.put("evaluation", e);
        return m;
    }
}
