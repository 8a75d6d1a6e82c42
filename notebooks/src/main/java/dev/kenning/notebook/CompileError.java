package dev.kenning.notebook;

/** A cell that does not compile: each problem with its line in the cell and the compiler's message. */
public final class CompileError extends RuntimeException {
    public CompileError(String message) {
        super(message, null, false, false); // where the kernel noticed it is of no use to the reader
    }
}
