package dev.kenning.workbench.sweep;

/** What a front end hears while a sweep runs: runs starting and ending, with the counts so far. */
public interface SweepProgress {
    /** How many runs are left after a resume, and whether any were already done. */
    record Counts(int total, int done, int running, int failed, int skipped) {
    }

    void onStart(SweepPlan plan, Counts counts);

    void onRunStarted(SweepPlan.PlannedRun run, String where, Counts counts);

    void onRunFinished(RunOutcome outcome, Counts counts);

    void onNote(String line);

    /**
     * The sweep ended, was compared and recorded. Called before {@link SweepDriver#run} returns and,
     * on Ctrl-C, before the process may exit: a front end shows the result here, not after the call.
     */
    default void onEnd(SweepResult result) {
    }

    SweepProgress SILENT = new SweepProgress() {
        @Override
        public void onStart(SweepPlan plan, Counts counts) {
        }

        @Override
        public void onRunStarted(SweepPlan.PlannedRun run, String where, Counts counts) {
        }

        @Override
        public void onRunFinished(RunOutcome outcome, Counts counts) {
        }

        @Override
        public void onNote(String line) {
        }
    };
}
