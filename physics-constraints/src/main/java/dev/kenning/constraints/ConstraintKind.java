package dev.kenning.constraints;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.Quantity;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind of constraint a rule pack may derive, registered once in {@link ConstraintCatalogue}:
 * what it needs (how many outputs it binds, which parameters in which units), what it implies
 * about the bound output (does it fix the sign? does it give the output's range and unit?) and
 * how it becomes a loss. Laws and anti-trivial terms become a {@link Constraint} each, over
 * sequences of one output; logic kinds are read together by the logic loss, which asks their
 * {@link Logic} shape.
 *
 * @param name       the kind as rules write it, e.g. "free-fall"
 * @param family     what part it plays in training
 * @param bindings   how many outputs it binds: exactly {@code minBindings}, or any number from it
 *                   when {@code moreBindings} is true
 * @param parameters the parameters it needs, each with the units it accepts
 * @param fixesSign  true when the law fixes the sign of the bound quantity (gravity points down);
 *                   false when x and −x satisfy the constraints equally
 * @param logic      the formula's shape for logic kinds, null otherwise
 * @param loss       the sequence loss for laws and anti-trivial terms, null for logic kinds
 */
public record ConstraintKind(String name, Family family, int minBindings, boolean moreBindings,
                             List<Parameter> parameters, boolean fixesSign, Logic logic,
                             Function<ConstraintSpec, Constraint> loss) {

    /** What part a kind plays in training. */
    public enum Family {
        /** A physical law over a sequence of one output (free fall, harmonic motion …). */
        LAW,
        /** A term against the trivial solutions a law alone admits (spread, range). */
        ANTI_TRIVIAL,
        /** A formula over per-example truth values (class and attribute outputs). */
        LOGIC
    }

    /** The formula a logic kind states over its bindings [b₀, b₁, …]. */
    public enum Logic {
        /** b₀ ⇒ b₁. */
        IMPLIES,
        /** b₀ ⇒ ¬b₁. */
        IMPLIES_NOT,
        /** ¬(b₀ ∧ b₁). */
        NOT_BOTH,
        /** (b₀ ∧ … ∧ bₙ₋₁) ⇒ bₙ. */
        CONJUNCTION_IMPLIES_LAST,
        /** exactly one of the bindings holds (and they are the labels, in label order). */
        EXACTLY_ONE,
        /**
         * b₀ ⇒ b₁ to a degree d (parameter {@code degree}, strictly between 0 and 1): given b₀,
         * b₁ holds with probability d. A soft target, not a formula: an attribute table's 0.7.
         */
        DEGREE,
        /**
         * Any propositional formula over Boolean and categorical outputs, its text the
         * constraint's {@code formula} ({@link dev.kenning.constraints.logic.Formula}); its loss is
         * −log of the exact probability that it holds ({@link dev.kenning.constraints.logic.FormulaCircuit}).
         */
        FORMULA;

        /** For a two-output formula between a class and an attribute: does it say the class has it? */
        public Boolean statesAttribute() {
            return switch (this) {
                case IMPLIES -> true;
                case IMPLIES_NOT, NOT_BOTH -> false;
                default -> null;
            };
        }
    }

    /**
     * A parameter and the unit spellings it accepts; an empty set accepts any unit, and
     * {@code sameUnitAs} names a parameter whose unit this one must share (a range's min and max).
     */
    public record Parameter(String name, Set<String> units, String sameUnitAs) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            units = Set.copyOf(units);
        }

        public static Parameter in(String name, String... units) {
            return new Parameter(name, Set.of(units), null);
        }

        public static Parameter anyUnit(String name) {
            return new Parameter(name, Set.of(), null);
        }

        public static Parameter sameUnitAs(String name, String other) {
            return new Parameter(name, Set.of(), other);
        }
    }

    public ConstraintKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        parameters = List.copyOf(parameters);
        if ((family == Family.LOGIC) != (logic != null) || (family == Family.LOGIC) == (loss != null)) {
            throw new IllegalArgumentException("kind '" + name + "': a logic kind has a shape and no sequence loss;"
                    + " other kinds have a sequence loss and no shape");
        }
    }

    /** True for the kinds whose min and max parameters give the bound output's range (and unit). */
    public boolean givesRange() {
        return parameters.stream().anyMatch(p -> p.name().equals("min"))
                && parameters.stream().anyMatch(p -> p.name().equals("max"));
    }

    /**
     * Checks a derived constraint of this kind: the number of bindings, each parameter present
     * and in a unit this kind accepts.
     *
     * @throws IllegalArgumentException saying what is wrong and what would be valid
     */
    public void check(ConstraintSpec spec) {
        int n = spec.bindings().size();
        if (moreBindings ? n < minBindings : n != minBindings) {
            throw new IllegalArgumentException("constraint '" + name + "' binds " + (moreBindings ? "at least " : "")
                    + minBindings + " output" + (minBindings == 1 && !moreBindings ? "" : "s") + ", got " + n + " "
                    + spec.bindings());
        }
        for (Parameter p : parameters) {
            Quantity q = spec.params().get(p.name());
            if (q == null) {
                throw new IllegalArgumentException("constraint '" + name + "' needs the parameter '" + p.name()
                        + "'; it has " + spec.params().keySet());
            }
            if (!p.units().isEmpty() && !p.units().contains(q.unit())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' of constraint '" + name + "' is in '"
                        + q.unit() + "'; valid units: " + new java.util.TreeSet<>(p.units()));
            }
            if (p.sameUnitAs() != null) {
                Quantity other = spec.params().get(p.sameUnitAs());
                if (other != null && !other.unit().equals(q.unit())) {
                    throw new IllegalArgumentException("parameters '" + p.sameUnitAs() + "' and '" + p.name()
                            + "' of constraint '" + name + "' must share a unit, got '" + other.unit() + "' and '"
                            + q.unit() + "'");
                }
            }
        }
    }
}
