package dev.kenning.workbench;

import dev.kenning.core.ProgressListener;

/** Training progress plus the stages of a run ("deriving constraints", "generating data", …). */
public interface RunListener extends ProgressListener {
    void onStage(String stage);

    /** Testing after training: {@code done} of {@code total} evaluations (each a block of episodes) are in. */
    default void onTesting(int done, int total) {
    }

    RunListener SILENT = new RunListener() {
        @Override
        public void onStage(String stage) {
        }

        @Override
        public void onLog(String phase, dev.kenning.core.HistoryRow row, int totalSteps) {
        }
    };
}
