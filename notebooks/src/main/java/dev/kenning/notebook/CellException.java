package dev.kenning.notebook;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * An exception a cell threw. Its message starts with the original exception's class, and its
 * stack trace is the original's (JShell copies both out of the evaluated code).
 */
public final class CellException extends RuntimeException {
    CellException(JShellException thrown) {
        super(describe(thrown), thrown.getCause() instanceof JShellException cause ? new CellException(cause) : null);
        setStackTrace(thrown.getStackTrace());
    }

    private static String describe(JShellException e) {
        if (e instanceof EvalException eval) {
            return eval.getExceptionClassName() + (eval.getMessage() == null ? "" : ": " + eval.getMessage());
        }
        if (e instanceof UnresolvedReferenceException unresolved) {
            return "'" + unresolved.getSnippet().source().strip() + "' uses something not yet defined";
        }
        return e.toString();
    }
}
