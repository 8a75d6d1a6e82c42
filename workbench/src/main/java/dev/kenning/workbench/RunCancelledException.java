package dev.kenning.workbench;

/**
 * A run stopped because its listener asked ({@link dev.kenning.core.ProgressListener#cancelled()},
 * a GUI's Cancel) or its process was signalled to stop ({@link StopOnSignal}). By the time it is thrown the run folder's status.json says "cancelled" and the
 * workspace registry records the run as cancelled; it is not a failure.
 */
public final class RunCancelledException extends RuntimeException {
    public RunCancelledException(String message) {
        super(message);
    }
}
