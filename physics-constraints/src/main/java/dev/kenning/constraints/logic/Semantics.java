package dev.kenning.constraints.logic;

import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Locale;

/**
 * A fuzzy logic: how truth values in [0, 1] combine, and how a formula's truth becomes a loss
 * (van Krieken, Acar &amp; van Harmelen, "Analyzing differentiable fuzzy logic operators", AIJ 2022).
 * <ul>
 *   <li>{@link #PRODUCT}: a∧b = ab, a∨b = a+b−ab, a⇒b = 1−a+ab (Reichenbach); loss −log t, so a
 *       rule on a known premise is exactly the cross-entropy of its conclusion.</li>
 *   <li>{@link #GODEL}: a∧b = min, a∨b = max, a⇒b = 1 if a ≤ b else b (the residuum); loss 1 − t.
 *       Gradients reach one argument only, which makes it the slowest learner of the three.</li>
 *   <li>{@link #LUKASIEWICZ}: a∧b = max(0, a+b−1), a∨b = min(1, a+b), a⇒b = min(1, 1−a+b); loss 1 − t.</li>
 * </ul>
 * Negation is 1 − a in all three.
 */
public enum Semantics {
    PRODUCT, GODEL, LUKASIEWICZ;

    /** Keeps −log finite when a formula is flatly false. */
    static final double EPS = 1e-6;

    public static Semantics parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('ö', 'o').replace('ł', 'l')) {
            case "product" -> PRODUCT;
            case "godel", "goedel" -> GODEL;
            case "lukasiewicz" -> LUKASIEWICZ;
            default -> throw new IllegalArgumentException("unknown logic semantics '" + name
                    + "'; valid: product, godel, lukasiewicz");
        };
    }

    public String displayName() {
        return switch (this) {
            case PRODUCT -> "product";
            case GODEL -> "godel";
            case LUKASIEWICZ -> "lukasiewicz";
        };
    }

    public SDVariable not(SDVariable a) {
        return a.rsub(1.0);
    }

    public SDVariable and(SDVariable a, SDVariable b) {
        return switch (this) {
            case PRODUCT -> a.mul(b);
            case GODEL -> a.getSameDiff().math().min(a, b);
            case LUKASIEWICZ -> a.getSameDiff().nn().relu(a.add(b).sub(1.0), 0);
        };
    }

    public SDVariable or(SDVariable a, SDVariable b) {
        return switch (this) {
            case PRODUCT -> a.add(b).sub(a.mul(b));
            case GODEL -> a.getSameDiff().math().max(a, b);
            case LUKASIEWICZ -> a.getSameDiff().nn().relu(a.add(b).rsub(1.0), 0).rsub(1.0);
        };
    }

    public SDVariable implies(SDVariable a, SDVariable b) {
        return switch (this) {
            case PRODUCT -> a.rsub(1.0).add(a.mul(b));
            // 1 − [a > b](1 − b): the comparison is a constant mask, the gradient flows through b.
            case GODEL -> a.gt(b).castTo(b.dataType()).mul(b.rsub(1.0)).rsub(1.0);
            case LUKASIEWICZ -> a.getSameDiff().nn().relu(a.sub(b), 0).rsub(1.0);
        };
    }

    /** The loss of formulas with truth {@code t} (elementwise): 0 where a formula is fully true. */
    public SDVariable loss(SDVariable t) {
        if (this == PRODUCT) {
            return t.getSameDiff().math().log(t.add(EPS)).neg();
        }
        return t.rsub(1.0);
    }
}
