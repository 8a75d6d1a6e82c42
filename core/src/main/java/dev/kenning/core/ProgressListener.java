package dev.kenning.core;

/** Told about training as it goes; front ends draw progress bars and live charts from it. */
@FunctionalInterface
public interface ProgressListener {
    void onLog(String phase, HistoryRow row, int totalSteps);

    /** Stops training early when true (a GUI's Cancel); checked every step. */
    default boolean cancelled() {
        return false;
    }

    ProgressListener NONE = (phase, row, total) -> {
    };
}
