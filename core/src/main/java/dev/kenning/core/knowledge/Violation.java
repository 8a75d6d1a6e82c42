package dev.kenning.core.knowledge;

/**
 * One SHACL result: which node broke which shape, along which path, and the shape's message.
 *
 * @param focusNode the node validated, in prefixed form where the store has a prefix
 * @param path      the property path, e.g. {@code k:modelOutput}; empty for node-level shapes
 * @param message   what the shape says is wrong
 * @param severity  Violation, Warning or Info
 * @param value     the offending value, if the result names one; empty otherwise
 */
public record Violation(String focusNode, String path, String message, String severity, String value) {

    @Override
    public String toString() {
        return severity + " " + focusNode + (path.isEmpty() ? "" : " " + path) + ": " + message
                + (value.isEmpty() ? "" : " (value " + value + ")");
    }
}
