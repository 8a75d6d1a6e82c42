package dev.kenning.workbench;

import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.constraints.logic.FormulaCircuit;
import dev.kenning.constraints.logic.Semantics;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.run.MetricName;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.learner.Trainer;
import dev.kenning.learner.images.ClassKnowledge;
import dev.kenning.learner.images.DigitAddition;
import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.SumClassifier;
import dev.kenning.workbench.registry.MeanInterval;
import dev.kenning.workbench.spec.AdditionSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Addition of handwritten numbers ({@link DigitAddition}): the formula the rules derived for
 * N-digit numbers is compiled once; per seed, a digit classifier learns from sums alone through
 * it, and — unless the spec turns it off — a baseline learns the sums without it. Reports sum
 * and digit accuracy with 95% intervals over seeds, the paired difference of sum accuracy, the
 * circuit's size and compile time, accuracy.png and the digit confusion.
 */
public final class AdditionTask implements Task {
    private final AdditionSpec spec;
    private final DecodedImageCache imageCache;

    public AdditionTask(AdditionSpec spec, DecodedImageCache imageCache) {
        this.spec = spec;
        this.imageCache = imageCache;
    }

    private record Inputs(FormulaCircuit circuit, ConstraintSpec formula, ClassKnowledge knowledge, LabelledImages train,
                          LabelledImages test) {
    }

    @Override
    public Plan plan(DerivedKnowledge derived, RunListener listener) {
        ClassKnowledge knowledge;
        try {
            knowledge = ClassKnowledge.of(derived.constraints(), Semantics.PRODUCT);
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.source().toString(), e.getMessage());
        }
        List<String> names = knowledge.classOutputs().stream().map(c -> c.replaceFirst("^class:", "")).toList();
        if (names.size() != 10) {
            throw new InputError(spec.source().toString(), "addition reads digits: the knowledge must label ten classes,"
                    + " label k the digit k (digits.ttl with labels.drl and disjointness.drl); it labels " + names.size());
        }
        ConstraintSpec formula = formulaFor(derived.constraints());
        listener.onStage("compiling the formula of rule '" + formula.provenance().rule() + "' for " + spec.digits()
                + "-digit numbers");
        FormulaCircuit circuit;
        try {
            circuit = FormulaCircuit.cached(ConstraintCatalogue.formula(formula),
                    spec.circuitLimits());
        } catch (IllegalArgumentException e) {
            throw new InputError(spec.digitsWhere(), "the formula of rule '" + formula.provenance().rule() + "' "
                    + source(formula) + ": " + e.getMessage() + (e instanceof FormulaCircuit.CompilationRefused r
                    ? r.overLimits() ? "; raise knowledge.max_circuit_nodes or knowledge.compile_seconds, or use fewer digits"
                    : "; use fewer digits" : ""));
        }
        checkOutputs(circuit, formula);
        listener.onStage(circuit.toString());
        ImageTask.requireDigitFolder(spec.data(), names);
        listener.onStage("reading the image folder " + spec.data());
        ImageFolder.Split split = digitImages(spec, names, imageCache);
        listener.onStage(split.description());
        int per = 2 * spec.digits();
        if (split.train().size() < per * spec.batch()) {
            throw new InputError(spec.data().toString(), "the folder's " + split.train().size() + " training images make "
                    + split.train().size() / per + " examples of " + per + " digits, fewer than one batch of " + spec.batch());
        }
        if (split.test().size() < per) {
            throw new InputError(spec.data().toString(), "the folder has " + split.test().size() + " test images; one"
                    + " test example needs " + per);
        }
        Inputs in = new Inputs(circuit, formula, knowledge, split.train(), split.test());
        return run -> run(run, in);
    }

    /** The digit folder as the task reads it: 28² grey, its test share drawn with the spec's seed. */
    static ImageFolder.Split digitImages(AdditionSpec spec, List<String> classNames, DecodedImageCache cache) {
        return ImageFolder.load(spec.data(), classNames, new ImageFolder.Reading(28, 1, spec.testFraction(), spec.seed(),
                List.of(), false), cache);
    }

    /** The one formula constraint whose parameter "digits" is the spec's N. */
    private ConstraintSpec formulaFor(List<ConstraintSpec> derived) {
        List<ConstraintSpec> formulas = derived.stream().filter(c -> c.kind().equals("formula")).toList();
        if (formulas.isEmpty()) {
            throw new InputError(spec.source().toString(), "the rules derived no formula: load rules/packs/formulas.drl"
                    + " and an ontology whose laws state one (k:formula), e.g. kg/ontology/addition.ttl");
        }
        List<ConstraintSpec> mine = formulas.stream()
                .filter(c -> c.params().containsKey("digits") && c.param("digits") == spec.digits()).toList();
        if (mine.size() != 1) {
            TreeSet<Integer> stated = new TreeSet<>();
            formulas.stream().filter(c -> c.params().containsKey("digits")).forEach(c -> stated.add((int) c.param("digits")));
            throw new InputError(spec.digitsWhere(), mine.isEmpty()
                    ? "the knowledge states no formula for " + spec.digits() + "-digit numbers (a law with parameter"
                    + " digits = " + spec.digits() + "); it states them for digits " + stated
                    : mine.size() + " formulas for " + spec.digits() + "-digit numbers; one law per number of digits");
        }
        return mine.get(0);
    }

    /** The formula must read exactly the outputs this task provides, with their values. */
    private void checkOutputs(FormulaCircuit circuit, ConstraintSpec formula) {
        List<String> expected = DigitAddition.outputNames(spec.digits());
        Map<String, String> problems = new LinkedHashMap<>();
        for (FormulaCircuit.Output o : circuit.outputs()) {
            if (!expected.contains(o.name())) {
                problems.put(o.name(), "not an output of addition");
            } else if (o.bool()) {
                problems.put(o.name(), "read as true/false, not as a number");
            } else if (o.name().equals("sum") ? o.lo() != 0 || o.size() != DigitAddition.maxSum(spec.digits()) + 1
                    : o.lo() != 0 || o.size() != 10) {
                problems.put(o.name(), "declared in " + o.lo() + ".." + (o.lo() + o.size() - 1) + ", not "
                        + (o.name().equals("sum") ? "0.." + DigitAddition.maxSum(spec.digits()) : "0..9"));
            }
        }
        List<String> read = circuit.outputs().stream().map(FormulaCircuit.Output::name).toList();
        for (String e : expected) {
            if (!read.contains(e) && !e.equals("sum")) {
                problems.put(e, "never read, so that digit would learn nothing");
            }
        }
        if (!read.contains("sum")) {
            problems.put("sum", "never read: the formula does not use the label");
        }
        if (!problems.isEmpty()) {
            throw new InputError(spec.digitsWhere(), "the formula of rule '" + formula.provenance().rule() + "' "
                    + source(formula) + " does not fit addition of " + spec.digits() + "-digit numbers, whose outputs are "
                    + expected + " (digits 0..9, sum 0.." + DigitAddition.maxSum(spec.digits()) + "): " + problems);
        }
    }

    private static String source(ConstraintSpec c) {
        return FormulaNames.formulaTriple(c).map(t -> "(from " + t.subject() + " " + t.predicate() + ")").orElse("");
    }

    private void run(RunContext run, Inputs in) {
        RunListener listener = run.listener();
        int digits = spec.digits();
        int per = 2 * digits;
        int stepsPerEpoch = in.train().size() / per / spec.batch();
        int steps = spec.epochs() * stepsPerEpoch;
        Trainer trainer = new Trainer(new Trainer.Settings(steps, spec.learningRate(), Math.min(spec.logEvery(), steps),
                Math.max(1, Math.min(steps, 10 * spec.logEvery()))));
        int seeds = spec.seeds();
        double[] sumWith = new double[seeds];
        double[] digitWith = new double[seeds];
        double[] sumWithout = new double[seeds];
        long[][] confusion = new long[10][10];
        run.put(MetricName.of("circuit", "nodes"), in.circuit().size());
        run.put(MetricName.of("circuit", "diagram_nodes"), in.circuit().diagramNodes());
        run.put(MetricName.of("circuit", "compile_seconds"), in.circuit().secondsCompiling());
        for (int s = 0; s < seeds; s++) {
            long seed = spec.seed() + s;
            DigitAddition.Examples test = DigitAddition.testExamples(in.test(), digits, seed);
            String phase = "knowledge-s" + seed;
            listener.onStage(String.format(Locale.ROOT, "seed %d: digit classifier from the sums of %d-digit numbers"
                    + " through the formula, %d steps (%d epochs of %d examples)", seed, digits, steps, spec.epochs(),
                    in.train().size() / per));
            ImageNetwork net = ImageNetwork.create(spec.convChannels(), 1, 28, 28, List.of(), 10, seed);
            Trainer.Trained trained = run.train(phase, net, () -> DigitAddition.trainWithFormula(phase, net, in.train(),
                    digits, in.circuit(), spec.batch(), trainer, seed, listener));
            run.putTrainingMetrics(phase, trained);
            DigitAddition.Scores scores = DigitAddition.evaluate(net, in.test(), test);
            sumWith[s] = scores.sumAccuracy();
            digitWith[s] = scores.digitAccuracy();
            ImageTask.add(confusion, scores.confusion());
            run.put(MetricName.of("knowledge", "sum_acc").seed(seed), scores.sumAccuracy());
            run.put(MetricName.of("knowledge", "digit_acc").seed(seed), scores.digitAccuracy());
            listener.onStage(String.format(Locale.ROOT, "seed %d: sums %.4f of %d test examples, digits %.4f of %d",
                    seed, scores.sumAccuracy(), scores.examplesTested(), scores.digitAccuracy(), scores.digitsTested()));
            if (spec.baseline()) {
                String base = "baseline-s" + seed;
                listener.onStage("seed " + seed + ": baseline predicting the sum from the " + per + " images, no knowledge");
                SumClassifier sums = SumClassifier.create(spec.convChannels(), digits, 28, 28, seed);
                Trainer.Trained b = run.train(base, sums, () -> DigitAddition.trainBaseline(base, sums, in.train(),
                        spec.batch(), trainer, seed, listener));
                run.putTrainingMetrics(base, b);
                sumWithout[s] = DigitAddition.evaluate(sums, in.test(), test);
                run.put(MetricName.of("baseline", "sum_acc").seed(seed), sumWithout[s]);
                listener.onStage(String.format(Locale.ROOT, "seed %d: baseline sums %.4f", seed, sumWithout[s]));
            }
        }
        MeanInterval digitsInterval = MeanInterval.of(digitWith, 0.95);
        MeanInterval[] bars;
        if (spec.baseline()) {
            bars = ImageTask.compare(run, "sum", sumWith, sumWithout, spec.seed(), true);
        } else {
            MeanInterval with = MeanInterval.of(sumWith, 0.95);
            run.put(MetricName.KNOWLEDGE_ACC, with.mean());
            run.put(MetricName.KNOWLEDGE_CI95, with.halfWidth());
            bars = new MeanInterval[]{with, null};
        }
        run.put(MetricName.of("knowledge", "digit_acc"), digitsInterval.mean());
        run.put(MetricName.of("knowledge", "digit_ci95"), digitsInterval.halfWidth());
        run.put(MetricName.SEEDS, seeds);
        Map<String, MeanInterval[]> plot = new LinkedHashMap<>();
        plot.put("sums of " + digits + "-digit numbers", bars);
        plot.put("single digits", new MeanInterval[]{digitsInterval, null});
        run.plot("accuracy.png", f -> ImagePlots.accuracy(f, spec.name() + ": test accuracy (95% CI over " + seeds
                + " seeds)", plot, 1.0 / (DigitAddition.maxSum(digits) + 1)));
        ImageTask.writeConfusion(run, in.knowledge(), Map.of("digits read by the knowledge model, all seeds", confusion));
    }
}
