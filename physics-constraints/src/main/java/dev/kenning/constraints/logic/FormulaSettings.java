package dev.kenning.constraints.logic;

import java.util.Objects;

/**
 * How formula constraints become losses: compiled within {@code limits}; and when a formula's
 * circuit outgrows them, either refused (the default) or, with {@code fuzzyFallback}, read under
 * the experiment's fuzzy semantics instead — an approximation the user asked for, never a silent one.
 */
public record FormulaSettings(FormulaCircuit.Limits limits, boolean fuzzyFallback) {
    public static final FormulaSettings DEFAULT = new FormulaSettings(FormulaCircuit.Limits.DEFAULT, false);

    public FormulaSettings {
        Objects.requireNonNull(limits, "limits");
    }
}
