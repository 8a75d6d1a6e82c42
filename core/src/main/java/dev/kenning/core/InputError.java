package dev.kenning.core;

/**
 * Bad input a user can fix: a Turtle file that does not parse, a DRL error, an unknown YAML key,
 * a missing file. {@code where} is "file:line:col", "file:line", a key path or a file name.
 * Front ends print {@link #getMessage()} as the single line the user sees.
 */
public class InputError extends RuntimeException {
    private final String where;
    private final String detail;

    public InputError(String where, String message) {
        super(where + ": " + message);
        this.where = where;
        this.detail = message;
    }

    public InputError(String where, String message, Throwable cause) {
        super(where + ": " + message, cause);
        this.where = where;
        this.detail = message;
    }

    public String where() {
        return where;
    }

    /** What is wrong, without where: for a message that says more, or shows the place otherwise (an editor's line). */
    public String detail() {
        return detail;
    }
}
