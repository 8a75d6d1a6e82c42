package dev.kenning.export;

import dev.kenning.core.InputError;

import java.util.Locale;

/** Which runtime computes a bundle's predictions: SameDiff (model.sdz) or ONNX Runtime (model.onnx). */
public enum Engine {
    SAMEDIFF, ONNX;

    public static Engine parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputError("--engine", "must be samediff or onnx, got '" + name + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
