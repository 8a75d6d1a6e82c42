package dev.kenning.constraints;

import dev.kenning.constraints.ConstraintKind.Family;
import dev.kenning.constraints.ConstraintKind.Logic;
import dev.kenning.constraints.ConstraintKind.Parameter;
import dev.kenning.constraints.logic.Formula;
import dev.kenning.core.ConstraintSpec;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every kind of constraint Kenning knows, each registered once with what it needs, what it
 * implies and how it becomes a loss ({@link ConstraintKind}). Rules may derive any kind listed
 * here without Java changes; the workbench checks each derived constraint against its kind when
 * the rules fire, so a misspelt kind, a missing parameter or a wrong unit is reported with the
 * rule that derived it, before any data is read.
 */
public final class ConstraintCatalogue {
    private static final String[] SECONDS = {"s"};
    private static final String[] ACCELERATION = {"m/s^2", "m/s²", "m s-2", "m.s-2", "m/s2"};
    private static final String[] ANGULAR_FREQUENCY = {"rad/s", "1/s", "s-1", "/s"};

    private static final ConstraintCatalogue STANDARD = new ConstraintCatalogue()
            .law("free-fall", true, s -> new FreeFallConstraint(one(s), s.param("g"), s.param("dt")),
                    Parameter.in("g", ACCELERATION), Parameter.in("dt", SECONDS))
            .law("constant-velocity", false, s -> new ConstantVelocityConstraint(one(s), s.param("dt")),
                    Parameter.in("dt", SECONDS))
            .law("constant-acceleration", false, s -> new ConstantAccelerationConstraint(one(s), s.param("dt")),
                    Parameter.in("dt", SECONDS))
            .law("harmonic", false, s -> new HarmonicMotionConstraint(one(s), s.param("omega"), s.param("dt")),
                    Parameter.in("omega", ANGULAR_FREQUENCY), Parameter.in("dt", SECONDS))
            .register(new ConstraintKind("spread", Family.ANTI_TRIVIAL, 1, false,
                    List.of(Parameter.anyUnit("min_std")), false, null, s -> new SpreadTerm(one(s), s.param("min_std"))))
            .register(new ConstraintKind("range", Family.ANTI_TRIVIAL, 1, false,
                    List.of(Parameter.anyUnit("min"), Parameter.sameUnitAs("max", "min")), false, null,
                    s -> new RangeTerm(one(s), s.param("min"), s.param("max"))))
            // the paper code's pair (rules/packs/footage.drl): a pooled spread reward bounded by the worst range violation
            .register(new ConstraintKind("pooled-spread", Family.ANTI_TRIVIAL, 1, false, List.of(), false, null,
                    s -> new PooledSpreadTerm(one(s))))
            .register(new ConstraintKind("range-max", Family.ANTI_TRIVIAL, 1, false,
                    List.of(Parameter.anyUnit("min"), Parameter.sameUnitAs("max", "min")), false, null,
                    s -> new RangeTerm(one(s), s.param("min"), s.param("max"), true)))
            .logic("implies", 2, false, Logic.IMPLIES)                       // taxonomy: child => parent
            .logic("class-implies-attribute", 2, false, Logic.IMPLIES)
            .logic("class-excludes-attribute", 2, false, Logic.IMPLIES_NOT)
            .logic("mutually-exclusive", 2, false, Logic.NOT_BOTH)           // disjoint classes
            .logic("attributes-imply-class", 2, true, Logic.CONJUNCTION_IMPLIES_LAST)
            .logic("exactly-one", 2, true, Logic.EXACTLY_ONE)
            .register(new ConstraintKind("class-attribute-degree", Family.LOGIC, 2, false,
                    List.of(Parameter.in("degree", "")), false, Logic.DEGREE, null))
            // any formula; its outputs are named in its text, so it binds none (docs/formulas.md)
            .register(new ConstraintKind("formula", Family.LOGIC, 0, true, List.of(), false, Logic.FORMULA, null));

    /**
     * A constraint well formed for its kind whose values the physics refuses (g ≤ 0, a swing
     * faster than the frames): the graph's numbers are wrong, not the rule.
     */
    public static final class ImplausibleValue extends IllegalArgumentException {
        ImplausibleValue(String message) {
            super(message);
        }
    }

    /** In registration order: the logic loss sums its groups in this order. */
    private final Map<String, ConstraintKind> kinds = new LinkedHashMap<>();

    /** The kinds Kenning ships with. */
    public static ConstraintCatalogue standard() {
        return STANDARD;
    }

    private ConstraintCatalogue law(String name, boolean fixesSign, Function<ConstraintSpec, Constraint> loss,
                                    Parameter... parameters) {
        return register(new ConstraintKind(name, Family.LAW, 1, false, List.of(parameters), fixesSign, null, loss));
    }

    private ConstraintCatalogue logic(String name, int bindings, boolean more, Logic shape) {
        return register(new ConstraintKind(name, Family.LOGIC, bindings, more, List.of(), false, shape, null));
    }

    private ConstraintCatalogue register(ConstraintKind kind) {
        if (kinds.putIfAbsent(kind.name(), kind) != null) {
            throw new IllegalStateException("constraint kind '" + kind.name() + "' registered twice");
        }
        return this;
    }

    public Collection<ConstraintKind> kinds() {
        return Collections.unmodifiableCollection(kinds.values());
    }

    public Optional<ConstraintKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /**
     * The kind of a derived constraint, checked against it.
     *
     * @throws IllegalArgumentException for an unknown kind (listing the known ones), a wrong number
     *                                  of bindings, a missing parameter or a unit the kind does not take
     */
    public ConstraintKind check(ConstraintSpec spec) {
        ConstraintKind kind = known(spec);
        if (kind.logic() == Logic.FORMULA) {
            formula(spec);
        }
        if (kind.loss() != null) {
            try {
                kind.loss().apply(spec); // the loss's own checks on the values (dt > 0, max > min …)
            } catch (IllegalArgumentException e) {
                throw new ImplausibleValue(e.getMessage());
            }
        }
        return kind;
    }

    /** The spec's kind, its bindings and parameters checked; the loss not built. */
    private ConstraintKind known(ConstraintSpec spec) {
        ConstraintKind kind = kinds.get(spec.kind());
        if (kind == null) {
            throw new IllegalArgumentException("derived a constraint of unknown kind '" + spec.kind()
                    + "'; known kinds: " + new TreeSet<>(kinds.keySet()));
        }
        kind.check(spec);
        if (spec.formula() != null && kind.logic() != Logic.FORMULA) {
            throw new IllegalArgumentException("constraint '" + kind.name() + "' takes no formula; the kind 'formula' does");
        }
        return kind;
    }

    /**
     * The parsed formula of a {@code formula} constraint.
     *
     * @throws IllegalArgumentException when it has none or it does not parse (with the line and column in it)
     */
    public static Formula formula(ConstraintSpec spec) {
        if (spec.formula() == null) {
            throw new IllegalArgumentException("constraint 'formula' needs its formula: .formula(\"a & b => c\")"
                    + " in a rule, or a k:formula literal in the graph");
        }
        try {
            return Formula.parse(spec.formula());
        } catch (Formula.SyntaxError e) {
            throw new IllegalArgumentException("formula \"" + abbreviated(spec.formula()) + "\": " + e.getMessage());
        }
    }

    private static String abbreviated(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    /** The logic shape of a constraint, or null when it is not a logic kind (or not known). */
    public Logic logicOf(ConstraintSpec spec) {
        ConstraintKind kind = kinds.get(spec.kind());
        return kind == null ? null : kind.logic();
    }

    /** The sequence loss of a law or anti-trivial constraint. */
    public Constraint loss(ConstraintSpec spec) {
        ConstraintKind kind = known(spec);
        if (kind.loss() == null) {
            throw new IllegalArgumentException("constraint '" + spec.kind() + "' is a logic formula over class and"
                    + " attribute outputs; a sequence model takes laws and anti-trivial terms");
        }
        return kind.loss().apply(spec);
    }

    private static String one(ConstraintSpec s) {
        return s.bindings().get(0);
    }
}
