package dev.kenning.constraints.logic;

import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind under every semantics: ~0 when satisfied, clearly positive when violated, exact gradients. */
class LogicConstraintsTest {
    private static final List<String> OUTPUTS = List.of("class:sandal", "class:shoe", "class:shirt", "attr:straps", "attr:sole");

    private static final List<ConstraintSpec> RULES = List.of(
            spec("implies", 1.0, "class:sandal", "class:shoe"),
            spec("class-implies-attribute", 1.0, "class:sandal", "attr:straps"),
            spec("class-excludes-attribute", 0.5, "class:shirt", "attr:sole"),
            spec("mutually-exclusive", 1.0, "class:shoe", "class:shirt"),
            spec("attributes-imply-class", 2.0, "attr:straps", "attr:sole", "class:sandal"));

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    private static ConstraintSpec spec(String kind, double weight, String... bindings) {
        ConstraintSpec.Builder b = ConstraintSpec.builder(kind).weight(weight).rule("test");
        for (String out : bindings) {
            b.bind(out);
        }
        return b.build();
    }

    private static double lossOf(Semantics s, double[][] truth) {
        return single(s, RULES, truth);
    }

    // a sandal (shoe, straps, sole) and a shirt: every rule holds
    private static final double[][] SATISFIED = {{1, 1, 0, 1, 1}, {0, 0, 1, 0, 0}};
    // a "sandal" that is no shoe, has no straps, and a shirt on a sole
    private static final double[][] VIOLATED = {{1, 0, 0, 0, 1}, {0, 1, 1, 1, 1}};

    @Test
    void satisfiedRulesCostNothingAndBrokenOnesDo() {
        for (Semantics s : Semantics.values()) {
            assertEquals(0, lossOf(s, SATISFIED), 1e-4, s + " satisfied");
            assertTrue(lossOf(s, VIOLATED) > 0.3, s + " violated: " + lossOf(s, VIOLATED));
        }
    }

    @Test
    void eachKindReadsItsOwnBindings() {
        // only the exclusion is broken: a shirt (and nothing else) with a sole
        double[][] shirtOnSole = {{0, 0, 1, 0, 1}};
        double lossExcl = lossOf(Semantics.LUKASIEWICZ, shirtOnSole);
        // weight 0.5 of 5.5 in total, a formula of truth 0 costs 1
        assertEquals(0.5 / 5.5, lossExcl, 1e-6);
        // a lone profile (straps and sole) without the class: breaks attributes ⇒ class (weight 2)
        double[][] profileWithoutClass = {{0, 0, 0, 1, 1}};
        assertEquals(2 / 5.5, lossOf(Semantics.GODEL, profileWithoutClass), 1e-6);
        assertEquals(2 / 5.5, lossOf(Semantics.LUKASIEWICZ, profileWithoutClass), 1e-6);
    }

    @Test
    void partialTruthFollowsEachSemantics() {
        // sandal 0.8, shoe 0.3: sandal ⇒ shoe only
        List<ConstraintSpec> one = List.of(spec("implies", 1, "class:sandal", "class:shoe"));
        double[][] t = {{0.8, 0.3, 0, 0, 0}};
        assertEquals(-Math.log(1 - 0.8 + 0.8 * 0.3), single(Semantics.PRODUCT, one, t), 1e-4);
        assertEquals(1 - 0.3, single(Semantics.GODEL, one, t), 1e-6);
        assertEquals(1 - Math.min(1, 1 - 0.8 + 0.3), single(Semantics.LUKASIEWICZ, one, t), 1e-6);
    }

    private static double single(Semantics s, List<ConstraintSpec> rules, double[][] truth) {
        return lossOver(OUTPUTS, s, rules, truth);
    }

    /** The same rules as formulas: their exact loss is the product semantics' loss (up to its ε). */
    @Test
    void rulesAsFormulasGiveTheProductSemanticsLoss() {
        List<ConstraintSpec> formulas = List.of(
                formula("class:sandal => class:shoe", 1.0, "class:sandal", "class:shoe"),
                formula("class:sandal => attr:straps", 1.0, "class:sandal", "attr:straps"),
                formula("class:shirt => ~attr:sole", 0.5, "class:shirt", "attr:sole"),
                formula("~(class:shoe & class:shirt)", 1.0, "class:shoe", "class:shirt"),
                formula("(attr:straps & attr:sole) => class:sandal", 2.0, "attr:straps", "attr:sole", "class:sandal"));
        Random rnd = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            double[][] truth = new double[4][OUTPUTS.size()];
            for (double[] row : truth) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = 0.05 + 0.9 * rnd.nextDouble();
                }
            }
            for (Semantics s : Semantics.values()) {
                // exact whatever the semantics asked: the formula kind does not read it
                assertEquals(single(Semantics.PRODUCT, RULES, truth), single(s, formulas, truth), 1e-4, s + " trial " + trial);
            }
        }
        // the formulas keep their place in the profile: sandal has straps, shirt lacks a sole
        assertEquals(Boolean.TRUE, ConstraintCatalogue.formula(formulas.get(1)).statesOf("class:sandal", "attr:straps"));
        assertEquals(Boolean.FALSE, ConstraintCatalogue.formula(formulas.get(2)).statesOf("class:shirt", "attr:sole"));
        assertEquals(Boolean.FALSE, ConstraintCatalogue.formula(formulas.get(3)).statesOf("class:shoe", "class:shirt"));
        assertEquals(null, ConstraintCatalogue.formula(formulas.get(4)).statesOf("attr:straps", "attr:sole"));
    }

    /** A formula over its size limit is refused, unless the spec allows its fuzzy reading: then it is the fuzzy loss. */
    @Test
    void aFormulaTooLargeIsRefusedOrReadFuzzilyWhenAllowed() {
        List<ConstraintSpec> one = List.of(formula("class:sandal => attr:straps", 1.0, "class:sandal", "attr:straps"));
        List<ConstraintSpec> dedicated = List.of(spec("class-implies-attribute", 1.0, "class:sandal", "attr:straps"));
        double[][] truth = {{0.9, 0.2, 0.1, 0.3, 0.6}, {0.2, 0.7, 0.4, 0.8, 0.1}};
        FormulaCircuit.Limits tiny = new FormulaCircuit.Limits(1, java.time.Duration.ofSeconds(10));
        SameDiff sd = SameDiff.create();
        SDVariable t = sd.var("t", Nd4j.createFromArray(truth));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogicConstraints.over(OUTPUTS, one, Semantics.GODEL, new FormulaSettings(tiny, false)).loss(sd, t, "x"));
        assertTrue(e.getMessage().contains("rule 'test'") && e.getMessage().contains("knowledge.formula_fallback"),
                e.getMessage());
        for (Semantics s : Semantics.values()) {
            SameDiff g = SameDiff.create();
            double fallback = LogicConstraints.over(OUTPUTS, one, s, new FormulaSettings(tiny, true))
                    .loss(g, g.var("t", Nd4j.createFromArray(truth)), "logic").eval().getDouble(0);
            assertEquals(single(s, dedicated, truth), fallback, 1e-6, s.toString());
        }
    }

    private static ConstraintSpec formula(String text, double weight, String... bindings) {
        ConstraintSpec.Builder b = ConstraintSpec.builder("formula").formula(text).weight(weight).rule("test");
        for (String out : bindings) {
            b.bind(out);
        }
        return b.build();
    }

    @Test
    void aDegreeIsASoftTargetThatCostsNothingWhereTheAttributeMatchesIt() {
        // sandals have a sole to degree 0.7: given a sandal, p(sole) should be 0.7
        List<ConstraintSpec> soft = List.of(ConstraintSpec.builder("class-attribute-degree").bind("class:sandal").bind("attr:sole")
                .param("degree", 0.7, "").weight(1).rule("test").build());
        double entropy = -(0.7 * Math.log(0.7) + 0.3 * Math.log(0.3));
        for (Semantics s : Semantics.values()) {
            assertEquals(0, single(s, soft, new double[][]{{1, 0, 0, 0, 0.7}}), 1e-5, s + ": on target");
            assertEquals(0, single(s, soft, new double[][]{{0, 0, 0, 0, 0.1}}), 1e-6, s + ": no sandal, nothing asked");
            // a sandal at 0.5 with p(sole) = 0.2: 0.5 · (H(0.7, 0.2) − H(0.7))
            double expected = 0.5 * (-(0.7 * Math.log(0.2) + 0.3 * Math.log(0.8)) - entropy);
            assertEquals(expected, single(s, soft, new double[][]{{0.5, 0, 0, 0, 0.2}}), 1e-5, s + ": off target");
        }
    }

    /** Degrees of their own weights, over several examples: the weighted mean, and its exact gradient. */
    @Test
    void degreesWeighAndDifferentiateExactly() {
        List<ConstraintSpec> soft = List.of(
                ConstraintSpec.builder("class-attribute-degree").bind("class:sandal").bind("attr:sole").param("degree", 0.7, "")
                        .weight(2).rule("test").build(),
                ConstraintSpec.builder("class-attribute-degree").bind("class:shirt").bind("attr:straps").param("degree", 0.2, "")
                        .weight(1).rule("test").build());
        double[][] t = {{0.9, 0.1, 0.2, 0.3, 0.4}, {0.3, 0.6, 0.8, 0.7, 0.9}, {0.5, 0.5, 0.1, 0.05, 0.6}};
        java.util.function.Function<double[][], Double> byHand = x -> {
            double sum = 0;
            for (double[] e : x) {
                sum += 2 * e[0] * (kl(0.7, e[4])) + e[2] * kl(0.2, e[3]);
            }
            return sum / x.length / 3;
        };
        assertEquals(byHand.apply(t), single(Semantics.PRODUCT, soft, t), 1e-7); // the degrees are kept as floats
        SameDiff sd = SameDiff.create();
        SDVariable tv = sd.var("t", Nd4j.createFromArray(t));
        SDVariable loss = LogicConstraints.over(OUTPUTS, soft, Semantics.PRODUCT).loss(sd, tv, "logic");
        sd.setLossVariables(loss.name());
        INDArray grad = sd.calculateGradients(Map.of(), "t").get("t");
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < t[i].length; j++) {
                double[][] plus = copy(t);
                double[][] minus = copy(t);
                plus[i][j] += 1e-6;
                minus[i][j] -= 1e-6;
                assertEquals((byHand.apply(plus) - byHand.apply(minus)) / 2e-6, grad.getDouble(i, j), 1e-6, "d/dt[" + i + "][" + j + "]");
            }
        }
    }

    /** H(d, q) − H(d): the cross-entropy of q against d less its least value. */
    private static double kl(double d, double q) {
        return -(d * Math.log(q) + (1 - d) * Math.log(1 - q)) + (d * Math.log(d) + (1 - d) * Math.log(1 - d));
    }

    /**
     * Many constraints over shared outputs, as a table of classes gives: every pair of 12 classes
     * disjoint, classes with and without attributes, a constraint stated twice, degrees, formulas,
     * in no particular order. The loss is each constraint's alone, weighed, whether the kinds pick
     * their outputs by selections or lay them out on grids (as past {@link
     * LogicConstraints#MAX_SELECTION}): a pair counted once per constraint, the pairs no constraint
     * states not at all; and the grids' gradient is the selections'.
     */
    @Test
    void manyConstraintsOverSharedOutputsCountEachOnceOnGridsToo() {
        List<String> outputs = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            outputs.add("class:c" + c);
        }
        for (int a = 0; a < 5; a++) {
            outputs.add("attr:a" + a);
        }
        Random rnd = new Random(3);
        List<ConstraintSpec> rules = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            for (int a = 0; a < 5; a++) {
                int pick = rnd.nextInt(4);
                if (pick == 0) {
                    rules.add(spec("class-implies-attribute", 0.5 + rnd.nextDouble(), "class:c" + c, "attr:a" + a));
                } else if (pick == 1) {
                    rules.add(spec("class-excludes-attribute", 0.5 + rnd.nextDouble(), "class:c" + c, "attr:a" + a));
                } else if (pick == 2) {
                    rules.add(ConstraintSpec.builder("class-attribute-degree").weight(1).rule("test").bind("class:c" + c)
                            .bind("attr:a" + a).param("degree", 0.1 + 0.8 * rnd.nextDouble(), "").build());
                }
            }
            for (int d = c + 1; d < 12; d++) {
                rules.add(spec("mutually-exclusive", 1.0, "class:c" + c, "class:c" + d));
            }
            int a = rnd.nextInt(4);
            rules.add(c % 2 == 0
                    ? formula("class:c" + c + " => attr:a" + a + " | attr:a" + (a + 1), 1.5, "class:c" + c, "attr:a" + a, "attr:a" + (a + 1))
                    : formula("class:c" + c + " => ~(attr:a" + a + " & attr:a" + (a + 1) + ")", 0.7, "class:c" + c, "attr:a" + a,
                    "attr:a" + (a + 1)));
        }
        rules.add(spec("class-implies-attribute", 2.0, "class:c0", "attr:a0"));
        rules.add(spec("class-implies-attribute", 2.0, "class:c0", "attr:a0"));
        Collections.shuffle(rules, rnd);
        double[][] t = new double[4][outputs.size()];
        for (double[] row : t) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 0.02 + 0.96 * rnd.nextDouble();
            }
        }
        double total = rules.stream().mapToDouble(ConstraintSpec::weight).sum();
        for (Semantics s : Semantics.values()) {
            LogicConstraints selected = LogicConstraints.over(outputs, rules, s);
            LogicConstraints onGrids = selected.withMaxSelection(0);
            double expected = 0;
            for (ConstraintSpec c : rules) {
                expected += c.weight() * lossOver(LogicConstraints.over(outputs, List.of(c), s), t) / total;
            }
            assertEquals(expected, lossOver(selected, t), 1e-5 * expected, s + " selected");
            assertEquals(expected, lossOver(onGrids, t), 1e-5 * expected, s + " on grids");
            INDArray a = gradientOf(selected, t);
            INDArray b = gradientOf(onGrids, t);
            assertTrue(a.norm2Number().doubleValue() > 0, s + " has zero gradient");
            assertTrue(a.sub(b).amaxNumber().doubleValue() < 1e-5 * a.amaxNumber().doubleValue(), s + ": " + a + " against " + b);
        }
    }

    /**
     * With the classes fed (labels), the constraints among classes alone are left out: the
     * attributes' gradient is the same to the bit, and the loss lacks exactly their part.
     */
    @Test
    void constraintsOverFedOutputsAloneAreLeftOutWithTheSameGradient() {
        double[][] t = {{1, 1, 0, 0.3, 0.8}, {0, 0.4, 1, 0.6, 0.2}, {0.2, 0.9, 0.7, 0.5, 0.5}};
        Set<String> fed = Set.of("class:sandal", "class:shoe", "class:shirt");
        for (Semantics s : Semantics.values()) {
            LogicConstraints logic = LogicConstraints.over(OUTPUTS, RULES, s);
            double classesAlone = 0;
            for (ConstraintSpec c : RULES) {
                if (fed.containsAll(c.bindings())) {
                    classesAlone += c.weight() * single(s, List.of(c), t) / 5.5;
                }
            }
            assertTrue(classesAlone > 0.01, s + ": the rows break the class rules");
            SameDiff all = SameDiff.create();
            SDVariable ta = all.var("t", Nd4j.createFromArray(t));
            SDVariable full = logic.loss(all, ta, "logic");
            SameDiff some = SameDiff.create();
            SDVariable ts = some.var("t", Nd4j.createFromArray(t));
            SDVariable withoutFed = logic.loss(some, ts, "logic", fed);
            assertEquals(full.eval().getDouble(0) - classesAlone, withoutFed.eval().getDouble(0), 1e-6, s.toString());
            all.setLossVariables(full.name());
            some.setLossVariables(withoutFed.name());
            INDArray a = all.calculateGradients(Map.of(), "t").get("t");
            INDArray b = some.calculateGradients(Map.of(), "t").get("t");
            for (int j = 3; j < OUTPUTS.size(); j++) {
                assertEquals(a.getColumn(j), b.getColumn(j), s + ": the gradient of " + OUTPUTS.get(j));
            }
        }
    }

    /**
     * A formula reads the outputs it names, whatever it binds: one read from an OWL axiom binds its
     * class only, a law of the user's binds nothing; with the classes fed, each still teaches the
     * attributes it names (before, both were left out as if over fed outputs alone, adding 0).
     */
    @Test
    void aFormulaOverFedClassesAndAttributesStaysWhateverItBinds() {
        double[][] t = {{1, 0, 0, 0.3, 0.2}, {0, 0, 1, 0.6, 0.2}};
        Set<String> fed = Set.of("class:sandal", "class:shoe", "class:shirt");
        String text = "class:sandal => (attr:straps | attr:sole)";
        for (ConstraintSpec c : List.of(formula(text, 1.0, "class:sandal"), formula(text, 1.0))) {
            LogicConstraints logic = LogicConstraints.over(OUTPUTS, List.of(c), Semantics.PRODUCT);
            SameDiff sd = SameDiff.create();
            SDVariable loss = logic.loss(sd, sd.var("t", Nd4j.createFromArray(t)), "logic", fed);
            // −log P on the sandal row: 1 − (1 − 0.3)(1 − 0.2) = 0.44; the shirt's row holds at any attributes
            assertEquals(-Math.log(0.44) / 2, loss.eval().getDouble(0), 1e-5, c.bindings().toString());
            sd.setLossVariables(loss.name());
            assertTrue(sd.calculateGradients(Map.of(), "t").get("t").getDouble(0, 3) < 0, "the straps are pushed up");
        }
    }

    /** A formula nothing satisfies is refused when the constraints are gathered, before any graph is built. */
    @Test
    void aFormulaNothingSatisfiesIsRefusedAtOnce() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogicConstraints.over(OUTPUTS, List.of(formula("attr:straps & ~attr:straps", 1.0)), Semantics.PRODUCT));
        assertTrue(e.getMessage().startsWith("the formula of rule 'test' cannot be made an exact loss: the formula holds for no"
                + " values of its outputs"), e.getMessage());
    }

    /** The graph's constants for pairwise constraints stay within outputs² numbers past MAX_SELECTION. */
    @Test
    void pairwiseConstraintsPastTheSelectionLimitKeepTheGraphSmall() {
        List<String> outputs = new ArrayList<>();
        List<ConstraintSpec> rules = new ArrayList<>();
        for (int c = 0; c < 400; c++) {
            outputs.add("class:c" + c);
            for (int d = 0; d < c; d++) {
                rules.add(spec("mutually-exclusive", 1.0, "class:c" + d, "class:c" + c));
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable t = sd.var("t", Nd4j.rand(DataType.FLOAT, 2, 400));
        double loss = LogicConstraints.over(outputs, rules, Semantics.PRODUCT).loss(sd, t, "logic").eval().getDouble(0);
        assertTrue(loss > 0, "loss " + loss);
        long constants = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.CONSTANT)
                .mapToLong(v -> v.getArr().length()).sum();
        // 79 800 constraints: selections of constraints × outputs would be 2 × 32 million numbers
        assertTrue(constants <= 4L * 400 * 400, constants + " constant numbers");
    }

    private static double lossOver(List<String> outputs, Semantics s, List<ConstraintSpec> rules, double[][] truth) {
        return lossOver(LogicConstraints.over(outputs, rules, s), truth);
    }

    private static double lossOver(LogicConstraints logic, double[][] truth) {
        SameDiff sd = SameDiff.create();
        SDVariable t = sd.var("t", Nd4j.createFromArray(truth));
        return logic.loss(sd, t, "logic").eval().getDouble(0);
    }

    private static INDArray gradientOf(LogicConstraints logic, double[][] truth) {
        SameDiff sd = SameDiff.create();
        SDVariable t = sd.var("t", Nd4j.createFromArray(truth));
        sd.setLossVariables(logic.loss(sd, t, "logic").name());
        return sd.calculateGradients(Map.of(), "t").get("t");
    }


    @Test
    void constraintsOnOutputsTheModelLacksAreLeftOut() {
        List<ConstraintSpec> rules = List.of(spec("implies", 1, "class:sandal", "class:footwear"),
                spec("free-fall", 1, "height"), spec("implies", 1, "class:sandal", "class:shoe"));
        assertEquals(1, LogicConstraints.over(OUTPUTS, rules, Semantics.PRODUCT).constraints().size());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rnd = new Random(7);
        double[][] t = new double[3][OUTPUTS.size()];
        for (double[] row : t) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 0.05 + 0.9 * rnd.nextDouble();
            }
        }
        for (Semantics s : Semantics.values()) {
            SameDiff sd = SameDiff.create();
            SDVariable tv = sd.var("t", Nd4j.createFromArray(t));
            SDVariable loss = LogicConstraints.over(OUTPUTS, RULES, s).loss(sd, tv, "logic");
            sd.setLossVariables(loss.name());
            INDArray grad = sd.calculateGradients(Map.of(), "t").get("t");
            double eps = 1e-6;
            double maxErr = 0;
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < t[i].length; j++) {
                    double[][] plus = copy(t);
                    double[][] minus = copy(t);
                    plus[i][j] += eps;
                    minus[i][j] -= eps;
                    double numeric = (lossOf(s, plus) - lossOf(s, minus)) / (2 * eps);
                    maxErr = Math.max(maxErr, Math.abs(numeric - grad.getDouble(i, j)));
                }
            }
            assertTrue(maxErr < 1e-6, s + " gradient error " + maxErr);
            assertTrue(grad.norm2Number().doubleValue() > 0, s + " has zero gradient");
        }
    }

    @Test
    void semanticLossIsTheExactCountAndVanishesOnlyOnOneHot() {
        double[][] logits = {{2.0, -1.0, 0.5}, {-3, -3, -3}, {9, -9, -9}};
        SameDiff sd = SameDiff.create();
        INDArray l = SemanticLoss.exactlyOne(sd, sd.var("z", Nd4j.createFromArray(logits))).eval();
        for (int i = 0; i < logits.length; i++) {
            double[] p = new double[3];
            for (int j = 0; j < 3; j++) {
                p[j] = 1 / (1 + Math.exp(-logits[i][j]));
            }
            assertEquals(SemanticLoss.exactlyOne(p), l.getDouble(i), 1e-9);
        }
        assertTrue(l.getDouble(1) > 1, "all outputs off: no class holds");
        assertEquals(0, l.getDouble(2), 1e-3);
    }

    @Test
    void semanticLossGradientMatchesFiniteDifferences() {
        double[][] z = {{0.3, -1.2, 2.0, 0.1}, {-0.5, 0.5, 0.0, 1.5}};
        SameDiff sd = SameDiff.create();
        SDVariable zv = sd.var("z", Nd4j.createFromArray(z));
        SDVariable loss = SemanticLoss.exactlyOne(sd, zv).mean("loss");
        sd.setLossVariables(loss.name());
        INDArray grad = sd.calculateGradients(Map.of(), "z").get("z");
        double eps = 1e-6;
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                double[][] plus = copy(z);
                double[][] minus = copy(z);
                plus[i][j] += eps;
                minus[i][j] -= eps;
                double numeric = (meanSemantic(plus) - meanSemantic(minus)) / (2 * eps);
                assertEquals(numeric, grad.getDouble(i, j), 1e-6);
            }
        }
    }

    private static double meanSemantic(double[][] z) {
        double sum = 0;
        for (double[] row : z) {
            double[] p = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                p[j] = 1 / (1 + Math.exp(-row[j]));
            }
            sum += SemanticLoss.exactlyOne(p);
        }
        return sum / z.length;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }
}
