package dev.kenning.export;

import dev.kenning.core.InputError;

/**
 * The model holds an op (or an op setting) the ONNX writer cannot translate exactly. Export stops
 * here rather than write a graph that computes something else; the message names the op.
 */
public final class UnexportableModelError extends InputError {
    public UnexportableModelError(String opName, String opType, String why) {
        super("op '" + opName + "' (" + opType + ")", "cannot be exported to ONNX: " + why);
    }
}
