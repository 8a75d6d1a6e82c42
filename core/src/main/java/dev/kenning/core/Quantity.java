package dev.kenning.core;

import java.util.Objects;

/** A number with its unit ("m/s^2", "s", "m"; "" when dimensionless). */
public record Quantity(double value, String unit) {
    public Quantity {
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("quantity must be finite, got " + value);
        }
    }

    public static Quantity of(double value, String unit) {
        return new Quantity(value, unit == null ? "" : unit);
    }

    @Override
    public String toString() {
        return unit.isEmpty() ? Double.toString(value) : value + " " + unit;
    }
}
