package dev.kenning.constraints.logic;

import dev.kenning.constraints.ConstraintCatalogue;
import dev.kenning.constraints.ConstraintKind;
import dev.kenning.constraints.ConstraintKind.Logic;
import dev.kenning.core.ConstraintSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The logic constraints the class packs derive, as one loss over a matrix of truth values
 * {@code T[example, output]} whose columns are named outputs ("class:sandal", "attr:straps").
 * Which formula a kind states is its {@link Logic} shape in the {@link ConstraintCatalogue}:
 * <ul>
 *   <li>{@link Logic#IMPLIES} — bindings [p, q]: p ⇒ q ({@code implies}, {@code class-implies-attribute});</li>
 *   <li>{@link Logic#IMPLIES_NOT} — [p, q]: p ⇒ ¬q ({@code class-excludes-attribute});</li>
 *   <li>{@link Logic#NOT_BOTH} — [p, q]: ¬(p ∧ q) ({@code mutually-exclusive}: disjoint classes);</li>
 *   <li>{@link Logic#CONJUNCTION_IMPLIES_LAST} — [a₁ … aₙ, c]: (a₁ ∧ … ∧ aₙ) ⇒ c ({@code attributes-imply-class});</li>
 *   <li>{@link Logic#DEGREE} — [p, q] with degree d: given p, q holds with probability d
 *       ({@code class-attribute-degree}, a soft target). Its loss is p · (H(d, q) − H(d)), the
 *       cross-entropy of q against d less its least value, weighted by p's truth: zero when
 *       q = d or p is false, the same under every semantics.</li>
 * </ul>
 * {@link Logic#EXACTLY_ONE} is not here: it is the labels' own loss ({@link SemanticLoss}); nor is
 * {@link Logic#FORMULA}, whose loss is exact ({@link FormulaCircuit}).
 * The loss is the weighted mean over constraints and examples of {@link Semantics#loss} of each
 * formula's truth, so it does not grow with the number of rules the graph yields. Each kind is
 * computed for all its constraints at once, with constant 0/1 selection matrices picking the
 * columns: a graph of a few ops, however many constraints there are.
 */
public final class LogicConstraints {
    private static final ConstraintCatalogue CATALOGUE = ConstraintCatalogue.standard();

    private final List<String> outputs;
    private final Map<String, Integer> column = new LinkedHashMap<>();
    private final List<ConstraintSpec> constraints;
    private final Semantics semantics;
    private final FormulaSettings formulas;
    private final long maxSelection;

    private LogicConstraints(List<String> outputs, List<ConstraintSpec> constraints, Semantics semantics,
                             FormulaSettings formulas, long maxSelection) {
        this.outputs = List.copyOf(outputs);
        for (int i = 0; i < outputs.size(); i++) {
            column.put(outputs.get(i), i);
        }
        this.constraints = List.copyOf(constraints);
        this.semantics = semantics;
        this.formulas = formulas;
        this.maxSelection = maxSelection;
    }

    /**
     * The logic constraints among {@code derived} (other than exactly-one) whose every binding is
     * one of {@code outputs}; the others concern outputs this model does not have and are left out.
     */
    public static LogicConstraints over(List<String> outputs, List<ConstraintSpec> derived, Semantics semantics) {
        return over(outputs, derived, semantics, FormulaSettings.DEFAULT);
    }

    /** The same, formula constraints compiled and (if asked) falling back as {@code formulas} says. */
    public static LogicConstraints over(List<String> outputs, List<ConstraintSpec> derived, Semantics semantics,
                                        FormulaSettings formulas) {
        Set<String> names = Set.copyOf(outputs);
        List<ConstraintSpec> kept = derived.stream()
                .filter(c -> {
                    Logic shape = CATALOGUE.logicOf(c);
                    if (shape == Logic.FORMULA) {
                        // a formula over true/false outputs this model has; categorical ones are other tasks'
                        Formula f = ConstraintCatalogue.formula(c);
                        return f.groups().isEmpty() && names.containsAll(f.booleans()) && names.containsAll(c.bindings());
                    }
                    return shape != null && shape != Logic.EXACTLY_ONE && names.containsAll(c.bindings());
                })
                .toList();
        requireExact(kept, formulas);
        return new LogicConstraints(outputs, kept, semantics, formulas, MAX_SELECTION);
    }

    /**
     * Compiles each formula shape once, before any training, so a formula nothing satisfies, or one
     * over the circuit limits without {@code knowledge.formula_fallback}, is refused while the run is
     * planned, naming its rule and the statement it was read from (the circuits are cached, so
     * training compiles nothing again).
     *
     * @throws IllegalArgumentException naming the rule, the law's triple and what would do
     */
    private static void requireExact(List<ConstraintSpec> kept, FormulaSettings formulas) {
        Set<String> done = new java.util.HashSet<>();
        for (ConstraintSpec c : kept) {
            if (CATALOGUE.logicOf(c) != Logic.FORMULA) {
                continue;
            }
            Formula shape = ConstraintCatalogue.formula(c).positional();
            if (!done.add(shape.text())) {
                continue;
            }
            try {
                FormulaCircuit.cached(shape, formulas.limits());
            } catch (FormulaCircuit.CompilationRefused refused) {
                if (!formulas.fuzzyFallback() || !refused.overLimits()) {
                    throw new IllegalArgumentException(refusal(c, refused));
                }
            }
        }
    }

    /** Why a formula constraint cannot be an exact loss, naming its rule and the statement behind it. */
    private static String refusal(ConstraintSpec c, FormulaCircuit.CompilationRefused refused) {
        String from = c.provenance().triples().stream().filter(t -> t.predicate().endsWith("formula")).findFirst()
                .map(t -> " (" + t.subject() + " " + t.predicate() + " " + t.object() + ")")
                .orElse(c.provenance().triples().stream().filter(t -> t.predicate().endsWith("readFrom")).findFirst()
                        .map(t -> " (" + t.subject() + " " + t.predicate() + " " + t.object() + ")").orElse(""));
        return "the formula of rule '" + c.provenance().rule() + "'" + from + " cannot be made an exact loss: "
                + refused.getMessage() + (refused.overLimits()
                ? "; raise knowledge.max_circuit_nodes, or allow its fuzzy reading (knowledge.formula_fallback: true)" : "");
    }

    /** The outputs a constraint reads: a formula's own, else its bindings (a formula may bind fewer, or none). */
    private static List<String> reads(ConstraintSpec c) {
        return CATALOGUE.logicOf(c) == Logic.FORMULA ? ConstraintCatalogue.formula(c).booleans() : c.bindings();
    }

    public List<ConstraintSpec> constraints() {
        return constraints;
    }

    public List<String> outputs() {
        return outputs;
    }

    public Semantics semantics() {
        return semantics;
    }

    public boolean isEmpty() {
        return constraints.isEmpty();
    }

    /**
     * The most numbers a constant selecting each constraint's outputs may hold (64 MB): past it, a
     * kind's constraints are laid out on a {@link PairGrid} (SUN's 717 scenes are 256 686 pairs;
     * as selections, 1.7 GB, more than a saved graph may hold), and formulas keep their own order.
     */
    static final long MAX_SELECTION = 1L << 24;

    /** Whether a constant of {@code numbers} numbers stays within the most a selection may hold. */
    private boolean fits(long numbers) {
        return numbers <= maxSelection;
    }

    /** The same constraints, laid out on grids past {@code numbers} numbers instead of {@link #MAX_SELECTION} (tests: 0). */
    LogicConstraints withMaxSelection(long numbers) {
        return new LogicConstraints(outputs, constraints, semantics, formulas, numbers);
    }

    /** The scalar loss; {@code truth} is [examples, outputs] in the order of {@link #outputs()}. */
    public SDVariable loss(SameDiff sd, SDVariable truth, String prefix) {
        return loss(sd, truth, prefix, Set.of());
    }

    /**
     * The same, where the outputs named in {@code fed} are given (labels fed to the graph), not
     * learnt: a constraint over fed outputs alone has no gradient, so it is left out of the graph
     * (the classes' pairwise disjointness, given one-hot labels) and only its weight stays in the
     * mean. Every gradient is as with it; the loss's value lacks its constant part, which is 0
     * where the fed outputs satisfy it (one-hot labels satisfy disjointness).
     */
    public SDVariable loss(SameDiff sd, SDVariable truth, String prefix, Set<String> fed) {
        if (constraints.isEmpty()) {
            throw new IllegalStateException("no logic constraint binds these outputs: " + outputs);
        }
        List<SDVariable> sums = new ArrayList<>();
        double totalWeight = constraints.stream().mapToDouble(ConstraintSpec::weight).sum();
        // one group per kind, in the catalogue's order, so the sum is the same whatever order the rules fired in
        for (ConstraintKind kind : CATALOGUE.kinds()) {
            List<ConstraintSpec> group = constraints.stream()
                    .filter(c -> c.kind().equals(kind.name()) && !fed.containsAll(reads(c))).toList();
            if (group.isEmpty()) {
                continue;
            }
            String p = prefix + "/" + kind.name();
            if (kind.logic() == Logic.DEGREE) {
                sums.add(softTargetLoss(sd, truth, group, p));
                continue;
            }
            if (kind.logic() == Logic.FORMULA) {
                List<ConstraintSpec> order = new ArrayList<>();
                SDVariable losses = exactLoss(sd, truth, group, p, order);
                sums.add(weighted(sd, p, losses, order, truth));
                continue;
            }
            if (kind.logic() == Logic.CONJUNCTION_IMPLIES_LAST) {
                SDVariable formula = semantics.implies(conjunction(sd, truth, group, p),
                        truth.mmul(typed(sd, p + "/class", selection(group, -1), truth)));
                sums.add(weighted(sd, p, semantics.loss(formula), group, truth));
                continue;
            }
            // IMPLIES, IMPLIES_NOT, NOT_BOTH: each constraint's two truths picked by a selection of constraints ×
            // outputs; past MAX_SELECTION numbers, every pair of their outputs at once, on a grid (slower a step)
            boolean selected = fits((long) group.size() * outputs.size());
            PairGrid grid = selected ? null : PairGrid.of(group, column, outputs.size());
            SDVariable a = selected ? truth.mmul(typed(sd, p + "/first", selection(group, 0), truth)) : grid.firsts(sd, truth, p);
            SDVariable b = selected ? truth.mmul(typed(sd, p + "/second", selection(group, 1), truth)) : grid.seconds(sd, truth, p);
            SDVariable formula = switch (kind.logic()) {
                case IMPLIES_NOT -> semantics.implies(a, semantics.not(b));
                case NOT_BOTH -> semantics.not(semantics.and(a, b));
                case IMPLIES -> semantics.implies(a, b);
                default -> throw new IllegalStateException(kind.name() + " is not a pair of outputs");
            };
            sums.add(selected ? weighted(sd, p, semantics.loss(formula), group, truth) : grid.weighted(sd, semantics.loss(formula), p));
        }
        if (sums.isEmpty()) {
            return truth.sum().mul(prefix + "/loss", 0.0);
        }
        SDVariable total = sums.get(0);
        for (int i = 1; i < sums.size(); i++) {
            total = total.add(sums.get(i));
        }
        return total.div(prefix + "/loss", totalWeight);
    }

    /**
     * −log P(formula) for each formula constraint, [examples, constraints]: each output's truth t,
     * clipped to [ε, 1 − ε], is a Bernoulli [log(1 − t), log t] on the formula's compiled circuit.
     * Whatever the semantics, the probability is exact. For one implication p ⇒ q it is 1 − p + pq,
     * the product semantics' own truth; for formulas sharing outputs it is not the product of their
     * truths. Formulas of one shape (every "class ⇒ attribute") share one circuit, evaluated once
     * on [examples × constraints] rows, then put back in the group's order by a permutation, unless
     * that constant of constraints² numbers passes {@link #MAX_SELECTION}: then the columns stay
     * shape by shape. {@code order} is filled with the constraint of each column.
     */
    private SDVariable exactLoss(SameDiff sd, SDVariable truth, List<ConstraintSpec> group, String p, List<ConstraintSpec> order) {
        SDVariable clipped = sd.math().clipByValue(truth, Semantics.EPS, 1 - Semantics.EPS);
        Map<String, List<Integer>> byShape = new LinkedHashMap<>();
        Map<String, Formula> shapes = new LinkedHashMap<>();
        List<Formula> parsed = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            Formula f = ConstraintCatalogue.formula(group.get(k));
            parsed.add(f);
            Formula shape = f.positional();
            shapes.putIfAbsent(shape.text(), shape);
            byShape.computeIfAbsent(shape.text(), x -> new ArrayList<>()).add(k);
        }
        // each shape's losses side by side, then back into the constraints' order if that fits
        List<SDVariable> parts = new ArrayList<>();
        int[] position = new int[group.size()];
        int at = 0;
        int s = 0;
        for (Map.Entry<String, List<Integer>> e : byShape.entrySet()) {
            List<Integer> members = e.getValue();
            Formula shape = shapes.get(e.getKey());
            FormulaCircuit circuit = null;
            try {
                circuit = FormulaCircuit.cached(shape, formulas.limits());
            } catch (FormulaCircuit.CompilationRefused refused) {
                if (!formulas.fuzzyFallback() || !refused.overLimits()) {
                    throw new IllegalArgumentException(refusal(group.get(members.get(0)), refused));
                }
            }
            int n = members.size();
            Map<String, SDVariable> values = new LinkedHashMap<>();
            for (int index = 0; index < shape.booleans().size(); index++) {
                INDArray pick = Nd4j.zeros(DataType.FLOAT, outputs.size(), n);
                for (int j = 0; j < n; j++) {
                    pick.putScalar(column.get(parsed.get(members.get(j)).booleans().get(index)), j, 1);
                }
                // [examples, n] → [examples·n, 1], row e·n + j: constraint j's output on example e
                values.put("v" + index, clipped.mmul(typed(sd, p + "/shape" + s + "/v" + index, pick, truth)).reshape(-1, 1));
            }
            if (circuit == null) {
                parts.add(semantics.loss(fuzzy(shape.root(), values)).reshape(-1, n));
            } else {
                Map<String, SDVariable> logP = new LinkedHashMap<>();
                values.forEach((name, t) -> logP.put(name, sd.concat(1, sd.math().log(t.rsub(1.0)), sd.math().log(t))));
                parts.add(circuit.logProbability(sd, logP, p + "/shape" + s).neg().reshape(-1, n));
            }
            for (int j = 0; j < n; j++) {
                position[members.get(j)] = at + j;
            }
            at += n;
            s++;
        }
        SDVariable all = parts.size() == 1 ? parts.get(0) : sd.concat(1, parts.toArray(new SDVariable[0]));
        if (!fits((long) group.size() * group.size())) {
            // a permutation back would be constraints² numbers: the columns stay shape by shape
            ConstraintSpec[] byColumn = new ConstraintSpec[group.size()];
            for (int k = 0; k < group.size(); k++) {
                byColumn[position[k]] = group.get(k);
            }
            order.addAll(List.of(byColumn));
            return all;
        }
        // a 0/1 permutation puts each constraint back at its place in the group
        INDArray back = Nd4j.zeros(DataType.FLOAT, group.size(), group.size());
        for (int k = 0; k < group.size(); k++) {
            back.putScalar(position[k], k, 1);
        }
        order.addAll(group);
        return all.mmul(typed(sd, p + "/order", back, truth));
    }

    /**
     * A formula's truth under the fuzzy {@link #semantics}, from its outputs' truths: the fallback
     * for a formula too large to compile, when the spec allows it. ⇔ is (a ⇒ b) ∧ (b ⇒ a); at most
     * one is ¬(a ∧ b) for every pair. Sums of categorical outputs have no fuzzy reading here.
     */
    private SDVariable fuzzy(Formula.Node node, Map<String, SDVariable> t) {
        SDVariable any = t.values().iterator().next();
        if (node instanceof Formula.Constant k) {
            return any.mul(0.0).add(k.value() ? 1.0 : 0.0);
        } else if (node instanceof Formula.Output o) {
            return t.get(o.name());
        } else if (node instanceof Formula.Not n) {
            return semantics.not(fuzzy(n.operand(), t));
        } else if (node instanceof Formula.And a) {
            return a.operands().stream().map(x -> fuzzy(x, t)).reduce(semantics::and).orElseThrow();
        } else if (node instanceof Formula.Or o) {
            return o.operands().stream().map(x -> fuzzy(x, t)).reduce(semantics::or).orElseThrow();
        } else if (node instanceof Formula.Implies i) {
            return semantics.implies(fuzzy(i.premise(), t), fuzzy(i.conclusion(), t));
        } else if (node instanceof Formula.Iff i) {
            SDVariable a = fuzzy(i.left(), t);
            SDVariable b = fuzzy(i.right(), t);
            return semantics.and(semantics.implies(a, b), semantics.implies(b, a));
        } else if (node instanceof Formula.AtMostOne m) {
            SDVariable all = null;
            for (int x = 0; x < m.outputs().size(); x++) {
                for (int y = x + 1; y < m.outputs().size(); y++) {
                    SDVariable pair = semantics.not(semantics.and(t.get(m.outputs().get(x)), t.get(m.outputs().get(y))));
                    all = all == null ? pair : semantics.and(all, pair);
                }
            }
            return all;
        }
        throw new IllegalArgumentException("a sum of categorical outputs has no fuzzy reading; its formula must compile");
    }

    /**
     * Σ over constraints of weight × mean over examples of p · (H(d, q) − H(d)), for each
     * constraint [p, q] of degree d. Written as Σ_ij p_i (A_ij log q_j + B_ij log(1 − q_j) + C_ij),
     * with A = −w·d, B = −w·(1 − d) and C = −w·H(d) constant [premises, attributes] grids (0 where
     * no constraint pairs them): products of the [examples, premises] truths by the grids, so no row
     * of degrees is broadcast over the examples (slow to differentiate in SameDiff: with 31 000
     * degrees, as CUB's matrix gives, it was most of a step) and no constant grows with
     * constraints × outputs.
     */
    private SDVariable softTargetLoss(SameDiff sd, SDVariable truth, List<ConstraintSpec> group, String p) {
        if (fits((long) group.size() * outputs.size())) {
            return softTargetLossSelected(sd, truth, group, p);
        }
        PairGrid grid = PairGrid.of(group, column, outputs.size());
        INDArray onLog = grid.weights(c -> -c.weight() * c.param("degree"));
        INDArray onLogNot = grid.weights(c -> -c.weight() * (1 - c.param("degree")));
        INDArray onPremise = grid.weights(c -> {
            double v = c.param("degree");
            return c.weight() * (v * Math.log(v) + (1 - v) * Math.log(1 - v));
        });
        SDVariable premise = truth.mmul(typed(sd, p + "/first", grid.firstSelection(), truth));
        SDVariable q = sd.math().clipByValue(truth.mmul(typed(sd, p + "/second", grid.secondSelection(), truth)),
                Semantics.EPS, 1 - Semantics.EPS);
        // Σ over pairs (i, j) of p_i · W_ij · f(q_j) is Σ_j (p · W)_j f(q_j): [examples, seconds], no grid of examples × pairs
        SDVariable perPlace = premise.mmul(typed(sd, p + "/onLog", onLog, truth)).mul(sd.math().log(q))
                .add(premise.mmul(typed(sd, p + "/onLogNot", onLogNot, truth)).mul(sd.math().log(q.rsub(1.0))))
                .add(premise.mmul(typed(sd, p + "/onPremise", onPremise, truth)));
        // the mean over examples first: SameDiff M2.1 fails on a sum over an axis of length 1
        return perPlace.mean(0).sum();
    }

    /** The same, each constraint's truths picked by a selection of constraints × outputs (within {@link #MAX_SELECTION}). */
    private SDVariable softTargetLossSelected(SameDiff sd, SDVariable truth, List<ConstraintSpec> group, String p) {
        INDArray onLog = Nd4j.create(DataType.FLOAT, group.size(), 1);
        INDArray onLogNot = Nd4j.create(DataType.FLOAT, group.size(), 1);
        INDArray onPremise = Nd4j.create(DataType.FLOAT, group.size(), 1);
        for (int k = 0; k < group.size(); k++) {
            double v = group.get(k).param("degree");
            double w = group.get(k).weight();
            onLog.putScalar(k, 0, -w * v);
            onLogNot.putScalar(k, 0, -w * (1 - v));
            onPremise.putScalar(k, 0, w * (v * Math.log(v) + (1 - v) * Math.log(1 - v)));
        }
        SDVariable premise = truth.mmul(typed(sd, p + "/first", selection(group, 0), truth));
        SDVariable q = sd.math().clipByValue(truth.mmul(typed(sd, p + "/second", selection(group, 1), truth)),
                Semantics.EPS, 1 - Semantics.EPS);
        SDVariable perExample = premise.mul(sd.math().log(q)).mmul(typed(sd, p + "/onLog", onLog, truth))
                .add(premise.mul(sd.math().log(q.rsub(1.0))).mmul(typed(sd, p + "/onLogNot", onLogNot, truth)))
                .add(premise.mmul(typed(sd, p + "/onPremise", onPremise, truth)));
        return perExample.mean();
    }

    /** Σ over constraints of weight × mean over examples of the loss, for one group. */
    private SDVariable weighted(SameDiff sd, String p, SDVariable losses, List<ConstraintSpec> group, SDVariable truth) {
        INDArray w = Nd4j.create(DataType.FLOAT, group.size(), 1);
        for (int k = 0; k < group.size(); k++) {
            w.putScalar(k, 0, group.get(k).weight());
        }
        return losses.mmul(typed(sd, p + "/weights", w, truth)).mean();
    }

    /** The truth of each constraint's premise a₁ ∧ … ∧ aₙ (all bindings but the last), [examples, constraints]. */
    private SDVariable conjunction(SameDiff sd, SDVariable truth, List<ConstraintSpec> group, String p) {
        int k = group.size();
        INDArray members = Nd4j.zeros(DataType.FLOAT, outputs.size(), k);
        INDArray arity = Nd4j.zeros(DataType.FLOAT, 1, k);
        for (int j = 0; j < k; j++) {
            List<String> bindings = group.get(j).bindings();
            for (String premise : bindings.subList(0, bindings.size() - 1)) {
                members.putScalar(column.get(premise), j, 1);
            }
            arity.putScalar(0, j, bindings.size() - 1);
        }
        SDVariable s = typed(sd, p + "/members", members, truth);
        return switch (semantics) {
            // clipped so that the product of truths at 1 stays at 1, not 1 + ε, where 1 − a + ab goes below 0
            case PRODUCT -> sd.math().exp(sd.math().log(sd.math().clipByValue(truth, Semantics.EPS, 1.0)).mmul(s));
            case LUKASIEWICZ -> sd.nn().relu(truth.mmul(s).sub(typed(sd, p + "/arity", arity, truth)).add(1.0), 0);
            case GODEL -> {
                // min over the members: add 1 to every other column so it cannot be the minimum
                SDVariable[] columns = new SDVariable[k];
                for (int j = 0; j < k; j++) {
                    INDArray others = members.getColumn(j).rsub(1).reshape(1, outputs.size()).dup();
                    columns[j] = truth.add(typed(sd, p + "/others" + j, others, truth)).min(true, 1);
                }
                yield k == 1 ? columns[0] : sd.concat(1, columns);
            }
        };
    }

    static SDVariable typed(SameDiff sd, String name, INDArray value, SDVariable like) {
        return sd.constant(name, value.castTo(like.dataType()));
    }

    /** [outputs, constraints]: a 1 at the column of binding {@code index} (−1: the last) of each constraint. */
    private INDArray selection(List<ConstraintSpec> group, int index) {
        INDArray s = Nd4j.zeros(DataType.FLOAT, outputs.size(), group.size());
        for (int k = 0; k < group.size(); k++) {
            List<String> bindings = group.get(k).bindings();
            String name = bindings.get(index < 0 ? bindings.size() + index : index);
            s.putScalar(column.get(name), k, 1);
        }
        return s;
    }
}
