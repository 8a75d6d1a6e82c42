package dev.kenning.constraints.logic;

import dev.kenning.constraints.logic.Formula.Node;
import org.logicng.formulas.FormulaFactory;
import org.logicng.formulas.Variable;
import org.logicng.knowledgecompilation.bdds.jbuddy.BDDConstruction;
import org.logicng.knowledgecompilation.bdds.jbuddy.BDDKernel;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Formula} compiled once into a circuit on which the probability that it holds is exact
 * and linear in the circuit's size. LogicNG's BDD kernel builds an ordered binary decision
 * diagram (Bryant 1986) over one variable per Boolean output and one indicator per value of each
 * categorical output, conjoined with "exactly one value" per categorical output — no auxiliary
 * variable, which a CNF or DNNF route may add and a weighted model count would have to sum out.
 * Read one output at a time, the diagram is a multi-valued decision diagram: a node of output X
 * has one child per value x (the diagram restricted to X = x), a deterministic, decomposable
 * circuit (Darwiche &amp; Marquis 2002) whose nodes are
 * <pre>  P(node) = Σ_x P(X = x) · P(child_x),</pre>
 * with independent outputs, each output's probabilities summing to 1 (a softmax, a sigmoid's p and
 * 1 − p, or a known label's one-hot), so an output a path skips sums to 1 and needs no smoothing.
 * The root is P(formula), and −log P(formula) is the semantic loss of Xu et al. (ICML 2018) for
 * any formula. {@link #logProbability} evaluates it in log space, one output at a time, as SameDiff
 * ops with exact gradients.
 *
 * <p>Output order: categorical outputs with more values first (a sum above its addends), then
 * larger coefficients first (tens before units, so partial sums collapse to a carry), then first
 * use; Boolean outputs after, in the order they appear.
 */
public final class FormulaCircuit {
    /** log 0 in a circuit: finite, so 0 · log 0 and a − b stay defined in float32. */
    public static final double LOG_ZERO = -1e30;

    private final Formula formula;
    private final List<Output> outputs;
    /** Nodes bottom-up (children first); node i has id i + 2 (0 is true, 1 false). */
    private final int[] nodeOutput;
    private final int[][] children;
    private final int root;
    private final int diagramNodes;
    private final double secondsCompiling;

    private FormulaCircuit(Formula formula, List<Output> outputs, int[] nodeOutput, int[][] children, int root,
                           int diagramNodes, double secondsCompiling) {
        this.formula = formula;
        this.outputs = List.copyOf(outputs);
        this.nodeOutput = nodeOutput;
        this.children = children;
        this.root = root;
        this.diagramNodes = diagramNodes;
        this.secondsCompiling = secondsCompiling;
    }

    /**
     * An output the circuit reads, in circuit order: a categorical one with {@code size} values
     * from {@code lo}, or a Boolean one (values false, true).
     */
    public record Output(String name, boolean bool, int lo, int size) {
        /** The value's position among the output's values: its column in the output's probabilities. */
        public int column(int value) {
            return value - lo;
        }
    }

    /** How large a circuit may grow and how long compiling may take before it is refused. */
    public record Limits(int maxNodes, Duration maxTime) {
        public static final Limits DEFAULT = new Limits(200_000, Duration.ofSeconds(60));

        public Limits {
            if (maxNodes < 1) {
                throw new IllegalArgumentException("the circuit size limit must be >= 1, got " + maxNodes);
            }
        }
    }

    /** A formula whose circuit outgrew the limits, or that no assignment satisfies. */
    public static final class CompilationRefused extends IllegalArgumentException {
        private final boolean overLimits;

        CompilationRefused(String message) {
            this(message, true);
        }

        CompilationRefused(String message, boolean overLimits) {
            super(message);
            this.overLimits = overLimits;
        }

        /** True when larger {@link Limits} would let it compile; false when no limit would help. */
        public boolean overLimits() {
            return overLimits;
        }
    }

    /** The diagram's variable for value {@code value} of categorical output {@code group}: "group=value". */
    static String indicator(String group, int value) {
        return group + "=" + value;
    }

    private static final Map<String, FormulaCircuit> CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, FormulaCircuit> eldest) {
                    return size() > 256;
                }
            });

    /** {@link #compile}, once per formula text and limits: later calls get the same circuit. */
    public static FormulaCircuit cached(Formula formula, Limits limits) {
        String key = limits.maxNodes() + "/" + limits.maxTime().toMillis() + "/" + formula.text();
        FormulaCircuit known = CACHE.get(key);
        if (known != null) {
            return known;
        }
        FormulaCircuit made = compile(formula, limits);
        CACHE.put(key, made);
        return made;
    }

    /**
     * Compiles {@code formula}.
     *
     * @throws CompilationRefused when the circuit exceeds {@code limits} (saying how far it got) or
     *                            the formula is unsatisfiable
     */
    public static FormulaCircuit compile(Formula formula, Limits limits) {
        long start = System.nanoTime();
        long deadline = start + limits.maxTime().toNanos();
        List<String> order = order(formula);
        FormulaFactory f = new FormulaFactory();
        List<Variable> vars = order.stream().map(f::variable).toList();
        BDDKernel kernel = new BDDKernel(f, vars, 10_000, 10_000);
        Builder b = new Builder(formula, order, kernel, limits, deadline, start);
        // Shannon expansion on the first output when it is categorical (the largest: a sum): one diagram per
        // value, sharing nodes, so its indicators never enter a diagram — one-hot chains there grow with the
        // square of its values
        String first = formula.groups().isEmpty() ? null : order.get(0).substring(0, order.get(0).lastIndexOf('='));
        List<Integer> roots = new ArrayList<>();
        if (first != null) {
            Formula.Range range = formula.groups().get(first);
            for (int v = range.lo(); v <= range.hi(); v++) {
                roots.add(b.withOthersExactlyOne(b.build(substitute(formula.root(), first, v)), first));
            }
        } else {
            roots.add(b.withOthersExactlyOne(b.build(formula.root()), null));
        }
        if (roots.stream().allMatch(r -> r == BDDKernel.BDD_FALSE)) {
            throw new CompilationRefused("the formula holds for no values of its outputs, so its probability is 0"
                    + " whatever the model predicts", false);
        }
        // the outputs in circuit order, and which output each diagram variable belongs to
        List<Output> outputs = new ArrayList<>();
        int[] outputOfVariable = new int[order.size()];
        int[] valueOfVariable = new int[order.size()];
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int v = 0; v < order.size(); v++) {
            String name = order.get(v);
            int eq = name.lastIndexOf('=');
            String group = eq < 0 || !formula.groups().containsKey(name.substring(0, eq)) ? name : name.substring(0, eq);
            Integer o = seen.get(group);
            if (o == null) {
                o = outputs.size();
                seen.put(group, o);
                Formula.Range r = formula.groups().get(group);
                outputs.add(r == null ? new Output(group, true, 0, 2) : new Output(group, false, r.lo(), r.size()));
            }
            outputOfVariable[v] = o;
            valueOfVariable[v] = outputs.get(o).bool() ? 1 : Integer.parseInt(name.substring(eq + 1)) - outputs.get(o).lo();
        }
        Mdd mdd = new Mdd(b.c, outputs, outputOfVariable, valueOfVariable, limits, deadline, formula);
        int top;
        if (first != null) {
            int[] kids = new int[roots.size()];
            for (int v = 0; v < kids.length; v++) {
                kids[v] = mdd.node(roots.get(v));
            }
            top = mdd.decision(0, kids);
        } else {
            top = mdd.node(roots.get(0));
        }
        // renumber bottom-up: deepest output first, so children come before parents
        List<Integer> byDepth = new ArrayList<>();
        for (int i = 0; i < mdd.nodeOutput.size(); i++) {
            byDepth.add(i);
        }
        byDepth.sort(Comparator.comparingInt((Integer i) -> -mdd.nodeOutput.get(i)));
        int[] id = new int[mdd.nodeOutput.size()];
        for (int k = 0; k < byDepth.size(); k++) {
            id[byDepth.get(k)] = k + 2;
        }
        int n = byDepth.size();
        int[] nodeOutput = new int[n];
        int[][] children = new int[n][];
        for (int k = 0; k < n; k++) {
            int old = byDepth.get(k);
            nodeOutput[k] = mdd.nodeOutput.get(old);
            int[] c = mdd.children.get(old);
            children[k] = new int[c.length];
            for (int v = 0; v < c.length; v++) {
                children[k][v] = c[v] < 2 ? c[v] : id[c[v] - 2];
            }
        }
        int rootId = top < 2 ? top : id[top - 2];
        FormulaCircuit circuit = new FormulaCircuit(formula, outputs, nodeOutput, children, rootId,
                mdd.diagramNodes(roots), (System.nanoTime() - start) / 1e9);
        long entries = circuit.evaluationEntries();
        if (entries > MAX_EVALUATION_ENTRIES) {
            throw new CompilationRefused(String.format(java.util.Locale.ROOT, "the formula compiled to %d circuit nodes in"
                    + " %.1f s, but evaluating them as dense SameDiff ops needs %.0f million matrix entries (the limit is"
                    + " %.0f million): too large to train with", circuit.size(), circuit.secondsCompiling(), entries / 1e6,
                    MAX_EVALUATION_ENTRIES / 1e6), false);
        }
        return circuit;
    }

    /** Matrix entries the SameDiff evaluation may hold in its constant 0/1 picking matrices (float32: ×4 bytes). */
    static final long MAX_EVALUATION_ENTRIES = 50_000_000L;

    /** The formula with categorical output {@code group} fixed to {@code value}. */
    static Node substitute(Node node, String group, int value) {
        if (node instanceof Formula.Equation e) {
            long constant = e.constant();
            List<Formula.Term> rest = new ArrayList<>();
            for (Formula.Term t : e.terms()) {
                if (t.group().equals(group)) {
                    constant -= t.coefficient() * value;
                } else {
                    rest.add(t);
                }
            }
            return rest.isEmpty() ? new Formula.Constant(constant == 0) : new Formula.Equation(rest, constant);
        } else if (node instanceof Formula.Not n) {
            return new Formula.Not(substitute(n.operand(), group, value));
        } else if (node instanceof Formula.And a) {
            return new Formula.And(a.operands().stream().map(o -> substitute(o, group, value)).toList());
        } else if (node instanceof Formula.Or o) {
            return new Formula.Or(o.operands().stream().map(x -> substitute(x, group, value)).toList());
        } else if (node instanceof Formula.Implies i) {
            return new Formula.Implies(substitute(i.premise(), group, value), substitute(i.conclusion(), group, value));
        } else if (node instanceof Formula.Iff i) {
            return new Formula.Iff(substitute(i.left(), group, value), substitute(i.right(), group, value));
        }
        return node;
    }

    /**
     * The decision diagram read one output at a time: a node per diagram node that starts an
     * output's tests, its child for value x found by following the diagram with X = x (that
     * indicator true, the output's others false; a Boolean output's variable x).
     */
    private static final class Mdd {
        final List<Integer> nodeOutput = new ArrayList<>();
        final List<int[]> children = new ArrayList<>();
        private final BDDConstruction c;
        private final List<Output> outputs;
        private final int[] outputOfVariable;
        private final int[] valueOfVariable;
        private final Map<Integer, Integer> ids = new HashMap<>();
        private final Limits limits;
        private final long deadline;
        private final Formula formula;

        Mdd(BDDConstruction c, List<Output> outputs, int[] outputOfVariable, int[] valueOfVariable, Limits limits,
            long deadline, Formula formula) {
            this.c = c;
            this.outputs = outputs;
            this.outputOfVariable = outputOfVariable;
            this.valueOfVariable = valueOfVariable;
            this.limits = limits;
            this.deadline = deadline;
            this.formula = formula;
        }

        /** The circuit node of diagram node {@code bdd}: 0 true, 1 false, else 2 + its index here. */
        int node(int bdd) {
            if (bdd == BDDKernel.BDD_TRUE) {
                return 0;
            }
            if (bdd == BDDKernel.BDD_FALSE) {
                return 1;
            }
            Integer known = ids.get(bdd);
            if (known != null) {
                return known;
            }
            int output = outputOfVariable[c.bddVar(bdd)];
            int[] kids = new int[outputs.get(output).size()];
            for (int value = 0; value < kids.length; value++) {
                int at = bdd;
                while (at != BDDKernel.BDD_TRUE && at != BDDKernel.BDD_FALSE && outputOfVariable[c.bddVar(at)] == output) {
                    at = valueOfVariable[c.bddVar(at)] == value ? c.bddHigh(at) : c.bddLow(at);
                }
                kids[value] = node(at);
            }
            int id = nodeOutput.size() + 2;
            nodeOutput.add(output);
            children.add(kids);
            ids.put(bdd, id);
            if (nodeOutput.size() > limits.maxNodes()) {
                throw new CompilationRefused("the formula's circuit has more than " + limits.maxNodes() + " nodes (the"
                        + " limit); the formula over " + formula.outputs().size() + " outputs is too large to compile");
            }
            if (System.nanoTime() > deadline) {
                throw new CompilationRefused(String.format(java.util.Locale.ROOT, "compiling the formula took longer"
                        + " than %.0f s (the limit), %d circuit nodes made so far", limits.maxTime().toMillis() / 1000.0,
                        nodeOutput.size()));
            }
            return id;
        }

        /** A node of {@code output} with the given children (circuit ids). */
        int decision(int output, int[] kids) {
            int id = nodeOutput.size() + 2;
            nodeOutput.add(output);
            children.add(kids);
            return id;
        }

        /** Nodes of the binary diagrams under {@code roots}, for the record. */
        int diagramNodes(List<Integer> roots) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(roots);
            while (!todo.isEmpty()) {
                int n = todo.pop();
                if (n == BDDKernel.BDD_TRUE || n == BDDKernel.BDD_FALSE || !seen.add(n)) {
                    continue;
                }
                todo.push(c.bddHigh(n));
                todo.push(c.bddLow(n));
            }
            return seen.size();
        }
    }

    /** The circuit's variables in order: see the class comment. */
    static List<String> order(Formula formula) {
        Map<String, Long> largest = new HashMap<>();
        collectCoefficients(formula.root(), largest);
        List<String> groups = new ArrayList<>(formula.groups().keySet());
        List<String> declared = List.copyOf(groups);
        groups.sort(Comparator.comparingInt((String g) -> -formula.groups().get(g).size())
                .thenComparingLong(g -> -largest.getOrDefault(g, 0L))
                .thenComparingInt(declared::indexOf));
        List<String> order = new ArrayList<>();
        for (String g : groups) {
            Formula.Range r = formula.groups().get(g);
            for (int v = r.lo(); v <= r.hi(); v++) {
                order.add(indicator(g, v));
            }
        }
        order.addAll(formula.booleans());
        return order;
    }

    private static void collectCoefficients(Node node, Map<String, Long> largest) {
        if (node instanceof Formula.Equation e) {
            e.terms().forEach(t -> largest.merge(t.group(), Math.abs(t.coefficient()), Math::max));
        } else {
            children(node).forEach(child -> collectCoefficients(child, largest));
        }
    }

    /** The operands of a connective; none for atoms. */
    static List<Node> children(Node node) {
        if (node instanceof Formula.Not n) {
            return List.of(n.operand());
        } else if (node instanceof Formula.And a) {
            return a.operands();
        } else if (node instanceof Formula.Or o) {
            return o.operands();
        } else if (node instanceof Formula.Implies i) {
            return List.of(i.premise(), i.conclusion());
        } else if (node instanceof Formula.Iff i) {
            return List.of(i.left(), i.right());
        }
        return List.of();
    }

    /** Builds diagrams bottom-up through the kernel, keeping every result referenced so garbage collection spares it. */
    private static final class Builder {
        final BDDConstruction c;
        private final BDDKernel kernel;
        private final Formula formula;
        private final Map<String, Integer> index = new HashMap<>();
        private final Limits limits;
        private final long deadline;
        private final long start;

        Builder(Formula formula, List<String> order, BDDKernel kernel, Limits limits, long deadline, long start) {
            this.formula = formula;
            this.kernel = kernel;
            this.c = new BDDConstruction(kernel);
            for (int i = 0; i < order.size(); i++) {
                index.put(order.get(i), i);
            }
            this.limits = limits;
            this.deadline = deadline;
            this.start = start;
        }

        int keep(int bdd) {
            kernel.addRef(bdd, null);
            if (System.nanoTime() > deadline) {
                throw new CompilationRefused(String.format(java.util.Locale.ROOT, "compiling the formula took longer than"
                        + " %.0f s (the limit) with %d diagram nodes made so far", limits.maxTime().toMillis() / 1000.0,
                        kernel.statistics().usedNodes()));
            }
            // the kernel's table holds every node made so far: a blow-up shows there long before the end
            if (kernel.statistics().usedNodes() > 20L * limits.maxNodes() + 100_000) {
                throw new CompilationRefused("compiling the formula made more than " + kernel.statistics().usedNodes()
                        + " diagram nodes in " + Math.round((System.nanoTime() - start) / 1e9) + " s; its circuit would"
                        + " exceed the limit of " + limits.maxNodes() + " nodes");
            }
            return bdd;
        }

        int variable(String name) {
            return c.ithVar(index.get(name));
        }

        int build(Node node) {
            if (node instanceof Formula.Constant k) {
                return k.value() ? BDDKernel.BDD_TRUE : BDDKernel.BDD_FALSE;
            } else if (node instanceof Formula.Output o) {
                return variable(o.name());
            } else if (node instanceof Formula.Not n) {
                return keep(c.not(build(n.operand())));
            } else if (node instanceof Formula.And a) {
                int r = BDDKernel.BDD_TRUE;
                for (Node o : a.operands()) {
                    r = keep(c.and(r, build(o)));
                }
                return r;
            } else if (node instanceof Formula.Or o) {
                int r = BDDKernel.BDD_FALSE;
                for (Node x : o.operands()) {
                    r = keep(c.or(r, build(x)));
                }
                return r;
            } else if (node instanceof Formula.Implies i) {
                return keep(c.implication(build(i.premise()), build(i.conclusion())));
            } else if (node instanceof Formula.Iff i) {
                return keep(c.equivalence(build(i.left()), build(i.right())));
            } else if (node instanceof Formula.AtMostOne m) {
                return atMostOne(m.outputs().stream().map(this::variable).toList());
            }
            return equation((Formula.Equation) node);
        }

        /** No two of {@code vars} hold: "none so far" and "one so far" carried along the list. */
        int atMostOne(List<Integer> vars) {
            int none = BDDKernel.BDD_TRUE;
            int one = BDDKernel.BDD_FALSE;
            for (int v : vars) {
                int nv = keep(c.not(v));
                int newOne = keep(c.or(keep(c.and(one, nv)), keep(c.and(none, v))));
                none = keep(c.and(none, nv));
                one = newOne;
            }
            return keep(c.or(none, one));
        }

        /** {@code bdd} and exactly one value of every categorical output but {@code except}. */
        int withOthersExactlyOne(int bdd, String except) {
            for (Map.Entry<String, Formula.Range> g : formula.groups().entrySet()) {
                if (!g.getKey().equals(except) && bdd != BDDKernel.BDD_FALSE) {
                    bdd = keep(c.and(bdd, exactlyOne(g.getKey(), g.getValue())));
                }
            }
            return bdd;
        }

        int exactlyOne(String group, Formula.Range r) {
            List<Integer> vars = new ArrayList<>();
            int any = BDDKernel.BDD_FALSE;
            for (int v = r.lo(); v <= r.hi(); v++) {
                int x = variable(indicator(group, v));
                vars.add(x);
                any = keep(c.or(any, x));
            }
            return keep(c.and(any, atMostOne(vars)));
        }

        /**
         * Σ cᵢ·xᵢ = k by dynamic programming over the terms in circuit order: "the terms from i on
         * sum to r" is ⋁ over x's values v of (x = v ∧ the terms from i + 1 sum to r − c·v), with
         * the remaining terms' least and greatest sums pruning impossible r. Shared sub-results
         * are made once, so the size grows with the number of distinct remainders, not of
         * assignments.
         */
        int equation(Formula.Equation e) {
            List<Formula.Term> terms = new ArrayList<>(e.terms());
            terms.sort(Comparator.comparingInt(t -> index.get(indicator(t.group(), formula.groups().get(t.group()).lo()))));
            int n = terms.size();
            long[] minRest = new long[n + 1];
            long[] maxRest = new long[n + 1];
            for (int i = n - 1; i >= 0; i--) {
                Formula.Term t = terms.get(i);
                Formula.Range r = formula.groups().get(t.group());
                long a = t.coefficient() * r.lo();
                long b = t.coefficient() * r.hi();
                minRest[i] = minRest[i + 1] + Math.min(a, b);
                maxRest[i] = maxRest[i + 1] + Math.max(a, b);
            }
            List<Map<Long, Integer>> memo = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                memo.add(new HashMap<>());
            }
            return remainder(terms, 0, e.constant(), minRest, maxRest, memo);
        }

        private int remainder(List<Formula.Term> terms, int i, long r, long[] minRest, long[] maxRest,
                              List<Map<Long, Integer>> memo) {
            if (r < minRest[i] || r > maxRest[i]) {
                return BDDKernel.BDD_FALSE;
            }
            if (i == terms.size()) {
                return r == 0 ? BDDKernel.BDD_TRUE : BDDKernel.BDD_FALSE;
            }
            Integer known = memo.get(i).get(r);
            if (known != null) {
                return known;
            }
            Formula.Term t = terms.get(i);
            Formula.Range range = formula.groups().get(t.group());
            // a decision chain over the output's values, each branch saying the later values are false:
            // "x = v and the rest sums to r − c·v", exactly one v. A plain disjunction of (x = v ∧ rest)
            // would be the same under exactly-one, but its diagram unions the rests and blows up.
            int out = BDDKernel.BDD_FALSE;
            int laterFalse = BDDKernel.BDD_TRUE;
            for (int v = range.hi(); v >= range.lo(); v--) {
                int x = variable(indicator(t.group(), v));
                int rest = remainder(terms, i + 1, r - t.coefficient() * v, minRest, maxRest, memo);
                int chosen = rest == BDDKernel.BDD_FALSE ? BDDKernel.BDD_FALSE : keep(c.and(laterFalse, rest));
                int notX = keep(c.not(x));
                out = keep(c.or(keep(c.and(x, chosen)), keep(c.and(notX, out))));
                laterFalse = keep(c.and(laterFalse, notX));
            }
            memo.get(i).put(r, out);
            return out;
        }
    }

    public Formula formula() {
        return formula;
    }

    /** The outputs the circuit reads, in its order; {@link #logProbability} takes their probabilities in this order. */
    public List<Output> outputs() {
        return outputs;
    }

    /** Nodes of the circuit (the constants true and false not counted). */
    public int size() {
        return nodeOutput.length;
    }

    /** Nodes of the binary decision diagram it was read from. */
    public int diagramNodes() {
        return diagramNodes;
    }

    public double secondsCompiling() {
        return secondsCompiling;
    }

    /**
     * log P(formula) in double precision from each output's log-probabilities ({@link #outputs()}
     * order; a Boolean output's [log(1 − p), log p]); for checking the SameDiff graph, and for tests.
     */
    public double logProbability(double[][] logP) {
        double[] value = new double[nodeOutput.length + 2];
        value[0] = 0;
        value[1] = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nodeOutput.length; i++) {
            double[] w = logP[nodeOutput[i]];
            double m = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < w.length; v++) {
                m = Math.max(m, w[v] + value[children[i][v]]);
            }
            double sum = 0;
            for (int v = 0; v < w.length; v++) {
                sum += Math.exp(w[v] + value[children[i][v]] - m);
            }
            value[i + 2] = m == Double.NEGATIVE_INFINITY ? m : m + Math.log(sum);
        }
        return value[root];
    }

    /**
     * log P(formula) for each example, [examples, 1], from each output's log-probabilities
     * [examples, values] ({@code logP.get(name)}; a Boolean output's columns log(1 − p), log p).
     * Write log 0 as {@link #LOG_ZERO}, not −∞. One level per output: the children's values are
     * picked from the nodes below by a constant 0/1 matrix (SameDiff M2.1's gather has no usable
     * gradient), combined with the output's probabilities by a log-sum-exp over its values.
     */
    public SDVariable logProbability(SameDiff sd, Map<String, SDVariable> logP, String prefix) {
        SDVariable any = logP.get(outputs.get(0).name());
        DataType type = any.dataType();
        SDVariable zeros = any.sum(true, 1).mul(0.0);
        SDVariable terminals = sd.concat(1, zeros, zeros.add(LOG_ZERO));
        if (root < 2) {
            return root == 0 ? zeros : zeros.add(LOG_ZERO);
        }
        List<int[]> levels = levels();
        List<SDVariable> values = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            int start = levels.get(l)[0];
            int end = levels.get(l)[1];
            Output out = outputs.get(nodeOutput[start]);
            int n = end - start;
            int d = out.size();
            int[] window = window(levels, l);
            // the inputs: the two constants, then the nodes of the levels the children lie in
            List<SDVariable> parts = new ArrayList<>(List.of(terminals));
            for (int k = window[0]; k <= window[1]; k++) {
                parts.add(values.get(k));
            }
            SDVariable below = parts.size() == 1 ? terminals : sd.concat(1, parts.toArray(new SDVariable[0]));
            int offset = window[0] <= window[1] ? levels.get(window[0])[0] + 2 : 0;
            int rows = 2 + (window[0] <= window[1] ? levels.get(window[1])[1] + 2 - offset : 0);
            // column v·n + j picks child v of node j
            INDArray pick = Nd4j.zeros(type, rows, (long) d * n);
            for (int j = 0; j < n; j++) {
                for (int v = 0; v < d; v++) {
                    int child = children[start + j][v];
                    pick.putScalar(child < 2 ? child : child - offset + 2, (long) v * n + j, 1.0);
                }
            }
            String p = prefix + "/" + out.name().replaceAll("[^A-Za-z0-9_]", "_") + "_" + l;
            SDVariable w = logP.get(out.name());
            if (w == null) {
                throw new IllegalArgumentException("no probabilities given for output '" + out.name() + "'");
            }
            SDVariable terms = below.mmul(sd.constant(p + "/pick", pick)).reshape(-1, d, n).add(w.reshape(-1, d, 1));
            SDVariable max = terms.max(true, 1);
            values.add(sd.math().log(sd.math().exp(terms.sub(max)).sum(true, 1)).add(max).reshape(-1, n));
        }
        if (root != nodeOutput.length + 1) {
            throw new IllegalStateException("the root is not the last node of the circuit");
        }
        // the root is the only node of the last level: its output comes before every other node's
        return values.get(values.size() - 1).add(prefix + "/logP", 0.0);
    }

    /** [first, end) node indices of each level: the nodes of one output, bottom-up. */
    private List<int[]> levels() {
        List<int[]> levels = new ArrayList<>();
        int start = 0;
        while (start < nodeOutput.length) {
            int end = start;
            while (end < nodeOutput.length && nodeOutput[end] == nodeOutput[start]) {
                end++;
            }
            levels.add(new int[]{start, end});
            start = end;
        }
        return levels;
    }

    /** The range of levels [first, last] holding the children of level {@code l}'s nodes; first > last for none. */
    private int[] window(List<int[]> levels, int l) {
        int lowest = Integer.MAX_VALUE;
        int highest = -1;
        for (int i = levels.get(l)[0]; i < levels.get(l)[1]; i++) {
            for (int child : children[i]) {
                if (child >= 2) {
                    lowest = Math.min(lowest, child - 2);
                    highest = Math.max(highest, child - 2);
                }
            }
        }
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int k = 0; k < l; k++) {
            if (levels.get(k)[1] > lowest && levels.get(k)[0] <= highest) {
                first = Math.min(first, k);
                last = Math.max(last, k);
            }
        }
        return new int[]{first, last};
    }

    /** Entries of the constant picking matrices {@link #logProbability(SameDiff, Map, String)} builds. */
    long evaluationEntries() {
        List<int[]> levels = levels();
        long entries = 0;
        for (int l = 0; l < levels.size(); l++) {
            int[] window = window(levels, l);
            long rows = 2 + (window[0] <= window[1] ? levels.get(window[1])[1] - levels.get(window[0])[0] : 0);
            entries += rows * outputs.get(nodeOutput[levels.get(l)[0]]).size() * (levels.get(l)[1] - levels.get(l)[0]);
        }
        return entries;
    }

    /**
     * Log-probabilities of categorical outputs from logits [examples, values], by hand: M2.1's
     * log_softmax op fails to set its dimension in some graphs.
     */
    public static SDVariable logSoftmax(SameDiff sd, SDVariable logits) {
        SDVariable max = logits.max(true, 1);
        SDVariable shifted = logits.sub(max);
        return shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "circuit of %d nodes (a binary diagram of %d) over %d outputs,"
                + " compiled in %.3f s", size(), diagramNodes, outputs.size(), secondsCompiling);
    }
}
