package dev.kenning.constraints.logic;

import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled circuit counts what brute-force enumeration counts, on hundreds of random formulas
 * of up to 16 outputs; its SameDiff graph gives the same log-probability and gradients that
 * finite differences give; the formula syntax reports its errors where they are.
 */
class FormulaCircuitTest {

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    /** A random formula's text over Boolean outputs x0…x(n−1) and the categorical g0 in 0..2, g1 in 1..4. */
    private static String randomFormula(Random rnd, int booleans, boolean categorical, int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            int pick = rnd.nextInt(categorical ? 10 : 8);
            if (pick < 6) {
                return "x" + rnd.nextInt(booleans);
            } else if (pick == 6) {
                return rnd.nextBoolean() ? "true" : "false";
            } else if (pick == 7) {
                return (rnd.nextBoolean() ? "exactly_one(" : "at_most_one(") + "x" + rnd.nextInt(booleans) + ", x"
                        + rnd.nextInt(booleans) + ", x" + rnd.nextInt(booleans) + ")";
            } else if (pick == 8) {
                return "g0 " + (rnd.nextBoolean() ? "=" : "!=") + " " + rnd.nextInt(3);
            }
            return rnd.nextInt(3) + "*g0 + g1 = " + rnd.nextInt(9) + (rnd.nextBoolean() ? "" : " + g0");
        }
        String a = randomFormula(rnd, booleans, categorical, depth - 1);
        String b = randomFormula(rnd, booleans, categorical, depth - 1);
        return switch (rnd.nextInt(6)) {
            case 0 -> "(" + a + " & " + b + ")";
            case 1 -> "(" + a + " | " + b + ")";
            case 2 -> "(" + a + " => " + b + ")";
            case 3 -> "(" + a + " <=> " + b + ")";
            case 4 -> "~(" + a + ")";
            default -> "!" + "(" + a + " | ~" + b + ")";
        };
    }

    /** The formula's truth under an assignment, straight from the syntax tree. */
    private static boolean holds(Formula.Node node, Map<String, Boolean> b, Map<String, Integer> g) {
        if (node instanceof Formula.Constant k) {
            return k.value();
        } else if (node instanceof Formula.Output o) {
            return b.get(o.name());
        } else if (node instanceof Formula.Not n) {
            return !holds(n.operand(), b, g);
        } else if (node instanceof Formula.And a) {
            return a.operands().stream().allMatch(o -> holds(o, b, g));
        } else if (node instanceof Formula.Or o) {
            return o.operands().stream().anyMatch(x -> holds(x, b, g));
        } else if (node instanceof Formula.Implies i) {
            return !holds(i.premise(), b, g) || holds(i.conclusion(), b, g);
        } else if (node instanceof Formula.Iff i) {
            return holds(i.left(), b, g) == holds(i.right(), b, g);
        } else if (node instanceof Formula.AtMostOne m) {
            return m.outputs().stream().distinct().filter(b::get).count() <= 1
                    && m.outputs().stream().filter(b::get).count() <= 1;
        }
        Formula.Equation e = (Formula.Equation) node;
        long sum = 0;
        for (Formula.Term t : e.terms()) {
            sum += t.coefficient() * g.get(t.group());
        }
        return sum == e.constant();
    }

    /** log Σ over satisfying assignments of Π weights, by enumeration (Boolean p, categorical probabilities). */
    private static double bruteForce(Formula f, Map<String, Double> p, Map<String, double[]> dist) {
        List<String> bools = f.booleans();
        List<String> groups = new ArrayList<>(f.groups().keySet());
        double total = 0;
        int[] values = new int[groups.size()];
        for (long mask = 0; mask < (1L << bools.size()); mask++) {
            Map<String, Boolean> b = new HashMap<>();
            double wb = 1;
            for (int i = 0; i < bools.size(); i++) {
                boolean v = ((mask >> i) & 1) == 1;
                b.put(bools.get(i), v);
                wb *= v ? p.get(bools.get(i)) : 1 - p.get(bools.get(i));
            }
            // every combination of the categorical values
            java.util.Arrays.fill(values, 0);
            while (true) {
                Map<String, Integer> g = new HashMap<>();
                double w = wb;
                for (int k = 0; k < groups.size(); k++) {
                    Formula.Range r = f.groups().get(groups.get(k));
                    g.put(groups.get(k), r.lo() + values[k]);
                    w *= dist.get(groups.get(k))[values[k]];
                }
                if (holds(f.root(), b, g)) {
                    total += w;
                }
                int k = 0;
                while (k < groups.size() && ++values[k] == f.groups().get(groups.get(k)).size()) {
                    values[k++] = 0;
                }
                if (k == groups.size()) {
                    break;
                }
            }
        }
        return Math.log(total);
    }

    /** Each circuit output's log-probabilities: Boolean [log(1 − p), log p], categorical its distribution. */
    private static double[][] logWeights(FormulaCircuit c, Map<String, Double> p, Map<String, double[]> dist) {
        double[][] w = new double[c.outputs().size()][];
        for (int o = 0; o < w.length; o++) {
            FormulaCircuit.Output out = c.outputs().get(o);
            if (out.bool()) {
                w[o] = new double[]{Math.log(1 - p.get(out.name())), Math.log(p.get(out.name()))};
            } else {
                w[o] = java.util.Arrays.stream(dist.get(out.name())).map(Math::log).toArray();
            }
        }
        return w;
    }

    private static Map<String, double[]> randomDistributions(Formula f, Random rnd) {
        Map<String, double[]> dist = new HashMap<>();
        for (Map.Entry<String, Formula.Range> g : f.groups().entrySet()) {
            double[] d = new double[g.getValue().size()];
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = 0.05 + rnd.nextDouble();
                sum += d[i];
            }
            for (int i = 0; i < d.length; i++) {
                d[i] /= sum;
            }
            dist.put(g.getKey(), d);
        }
        return dist;
    }

    @Test
    void countsWhatEnumerationCountsOnHundredsOfRandomFormulas() {
        Random rnd = new Random(7);
        int checked = 0;
        int unsatisfiable = 0;
        for (int trial = 0; trial < 400; trial++) {
            int booleans = 1 + rnd.nextInt(trial < 300 ? 10 : 16);
            boolean categorical = trial % 3 == 0;
            String text = randomFormula(rnd, booleans, categorical, 2 + rnd.nextInt(4));
            if (categorical && (text.contains("g0") || text.contains("g1"))) {
                text += " where " + (text.contains("g0") ? "g0 in 0..2" : "") + (text.contains("g0") && text.contains("g1")
                        ? ", " : "") + (text.contains("g1") ? "g1 in 1..4" : "");
            }
            Formula f = Formula.parse(text);
            Map<String, Double> p = new HashMap<>();
            for (String b : f.booleans()) {
                p.put(b, 0.02 + 0.96 * rnd.nextDouble());
            }
            Map<String, double[]> dist = randomDistributions(f, rnd);
            double expected = bruteForce(f, p, dist);
            if (expected == Double.NEGATIVE_INFINITY) {
                assertThrows(FormulaCircuit.CompilationRefused.class, () -> FormulaCircuit.compile(f, FormulaCircuit.Limits.DEFAULT),
                        text);
                unsatisfiable++;
                continue;
            }
            FormulaCircuit c = FormulaCircuit.compile(f, FormulaCircuit.Limits.DEFAULT);
            assertEquals(expected, c.logProbability(logWeights(c, p, dist)), 1e-9, text);
            // the model count: the probability under uniform outputs times the number of assignments
            Map<String, Double> half = new HashMap<>();
            f.booleans().forEach(b -> half.put(b, 0.5));
            Map<String, double[]> uniform = new HashMap<>();
            f.groups().forEach((g, r) -> uniform.put(g, java.util.stream.DoubleStream.generate(() -> 1.0).limit(r.size()).toArray()));
            double count = Math.exp(bruteForce(f, half, uniform)) * Math.pow(2, f.booleans().size());
            double assignments = Math.pow(2, f.booleans().size());
            for (Formula.Range r : f.groups().values()) {
                assignments *= r.size();
            }
            Map<String, double[]> uniformDist = new HashMap<>();
            f.groups().forEach((g, r) -> uniformDist.put(g, java.util.stream.DoubleStream.generate(() -> 1.0 / r.size())
                    .limit(r.size()).toArray()));
            assertEquals(count, Math.exp(c.logProbability(logWeights(c, half, uniformDist))) * assignments, 1e-6 * count, text);
            checked++;
        }
        assertTrue(checked > 300, checked + " satisfiable formulas checked, " + unsatisfiable + " unsatisfiable");
    }

    @Test
    void theSameDiffGraphGivesTheProbabilityAndItsGradients() {
        Random rnd = new Random(3);
        for (String text : List.of("(x0 & x1) | (~x2 => x3) | exactly_one(x0, x4, x5)",
                "a + b = s where a, b in 0..3, s in 0..6",
                "(x0 <=> g0 = 1) & (2*g0 + g1 != 5 | x1) where g0 in 0..2, g1 in 1..4")) {
            Formula f = Formula.parse(text);
            FormulaCircuit c = FormulaCircuit.compile(f, FormulaCircuit.Limits.DEFAULT);
            int batch = 3;
            // logits per output and example; Boolean outputs as two logits too (a softmax over false, true)
            List<double[][]> logits = new ArrayList<>();
            for (FormulaCircuit.Output o : c.outputs()) {
                double[][] z = new double[batch][o.size()];
                for (double[] row : z) {
                    for (int v = 0; v < row.length; v++) {
                        row[v] = rnd.nextGaussian();
                    }
                }
                logits.add(z);
            }
            SameDiff sd = SameDiff.create();
            Map<String, SDVariable> logP = new HashMap<>();
            for (int o = 0; o < c.outputs().size(); o++) {
                SDVariable z = sd.var("z" + o, Nd4j.createFromArray(logits.get(o)));
                logP.put(c.outputs().get(o).name(), FormulaCircuit.logSoftmax(sd, z));
            }
            SDVariable out = c.logProbability(sd, logP, "formula");
            out.sum("total");
            sd.setLossVariables("total");
            INDArray values = out.eval();
            for (int e = 0; e < batch; e++) {
                assertEquals(javaLogP(c, logits, e), values.getDouble(e, 0), 1e-9, text);
            }
            String[] names = java.util.stream.IntStream.range(0, c.outputs().size()).mapToObj(o -> "z" + o).toArray(String[]::new);
            Map<String, INDArray> grads = sd.calculateGradients(Map.of(), names);
            double h = 1e-6;
            for (int o = 0; o < c.outputs().size(); o++) {
                for (int e = 0; e < batch; e++) {
                    for (int v = 0; v < c.outputs().get(o).size(); v++) {
                        double keep = logits.get(o)[e][v];
                        logits.get(o)[e][v] = keep + h;
                        double up = javaLogP(c, logits, e);
                        logits.get(o)[e][v] = keep - h;
                        double down = javaLogP(c, logits, e);
                        logits.get(o)[e][v] = keep;
                        assertEquals((up - down) / (2 * h), grads.get("z" + o).getDouble(e, v), 1e-6,
                                text + " d/dz of " + c.outputs().get(o).name() + "[" + v + "]");
                    }
                }
            }
        }
    }

    /** log P of example {@code e} in double precision, from the logits through a log-softmax. */
    private static double javaLogP(FormulaCircuit c, List<double[][]> logits, int e) {
        double[][] w = new double[logits.size()][];
        for (int o = 0; o < w.length; o++) {
            double[] z = logits.get(o)[e];
            double m = java.util.Arrays.stream(z).max().orElseThrow();
            double lse = m + Math.log(java.util.Arrays.stream(z).map(x -> Math.exp(x - m)).sum());
            w[o] = java.util.Arrays.stream(z).map(x -> x - lse).toArray();
        }
        return c.logProbability(w);
    }

    @Test
    void exactlyOneIsTheSemanticLossOfXuEtAl() {
        double[] p = {0.7, 0.1, 0.25, 0.6};
        Formula f = Formula.parse("exactly_one(c0, c1, c2, c3)");
        FormulaCircuit c = FormulaCircuit.compile(f, FormulaCircuit.Limits.DEFAULT);
        double[][] w = new double[4][];
        for (int o = 0; o < 4; o++) {
            double q = p[Integer.parseInt(c.outputs().get(o).name().substring(1))];
            w[o] = new double[]{Math.log(1 - q), Math.log(q)};
        }
        assertEquals(SemanticLoss.exactlyOne(p), -c.logProbability(w), 1e-12);
    }

    @Test
    void digitSumsAreSmallCircuitsWithTensBeforeUnits() {
        FormulaCircuit one = FormulaCircuit.compile(Formula.parse("a + b = sum where a, b in 0..9, sum in 0..18"),
                FormulaCircuit.Limits.DEFAULT);
        FormulaCircuit two = FormulaCircuit.compile(Formula.parse(
                "10*a1 + a2 + 10*b1 + b2 = sum where a1, a2, b1, b2 in 0..9, sum in 0..198"), FormulaCircuit.Limits.DEFAULT);
        assertTrue(one.size() < 100, one.toString());
        assertTrue(two.size() < 1_000, two.toString());
        assertEquals("sum", one.outputs().get(0).name());
        // P(a + b = 7) with uniform digits is 8/100: the sum observed as 7
        double[][] w = new double[3][];
        for (int o = 0; o < 3; o++) {
            FormulaCircuit.Output out = one.outputs().get(o);
            w[o] = new double[out.size()];
            for (int v = 0; v < out.size(); v++) {
                w[o][v] = out.name().equals("sum") ? (v == 7 ? 0 : FormulaCircuit.LOG_ZERO) : Math.log(0.1);
            }
        }
        assertEquals(Math.log(0.08), one.logProbability(w), 1e-9);
    }

    @Test
    void refusesACircuitBeyondTheLimitSayingHowFarItGot() {
        Formula f = Formula.parse("10*a1 + a2 + 10*b1 + b2 = sum where a1, a2, b1, b2 in 0..9, sum in 0..198");
        FormulaCircuit.CompilationRefused e = assertThrows(FormulaCircuit.CompilationRefused.class,
                () -> FormulaCircuit.compile(f, new FormulaCircuit.Limits(100, Duration.ofSeconds(60))));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
        assertThrows(FormulaCircuit.CompilationRefused.class,
                () -> FormulaCircuit.compile(Formula.parse("x & ~x"), FormulaCircuit.Limits.DEFAULT));
    }

    @Test
    void syntaxErrorsSayWhereAndWhatWasExpected() {
        Formula.SyntaxError e = assertThrows(Formula.SyntaxError.class, () -> Formula.parse("a &\n  (b | )"));
        assertEquals(2, e.line());
        assertEquals(8, e.column());
        assertTrue(e.getMessage().contains("expected an output"), e.getMessage());
        e = assertThrows(Formula.SyntaxError.class, () -> Formula.parse("a + b = 3"));
        assertTrue(e.getMessage().contains("declare its values after 'where'"), e.getMessage());
        e = assertThrows(Formula.SyntaxError.class, () -> Formula.parse("a + b = 3 where a in 0..9, b in 9..0"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(Formula.SyntaxError.class, () -> Formula.parse("x ^ y"));
        assertEquals(3, e.column());
        // names carry the output prefixes and dashes Kenning's outputs use
        Formula ok = Formula.parse("class:sandal => attr:heel-strap | ~attr:sole # a comment\n");
        assertEquals(List.of("class:sandal", "attr:heel-strap", "attr:sole"), ok.booleans());
    }
}
