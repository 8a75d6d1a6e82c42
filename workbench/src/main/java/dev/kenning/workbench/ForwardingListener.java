package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;

/**
 * A listener that passes everything on to another: a run's wrappers (its log.txt, what it
 * records of its training, its answer to a signal) extend it and override only what they add.
 */
abstract class ForwardingListener implements RunListener {
    private final RunListener inner;

    ForwardingListener(RunListener inner) {
        this.inner = inner;
    }

    @Override
    public void onStage(String stage) {
        inner.onStage(stage);
    }

    @Override
    public void onLog(String phase, HistoryRow row, int totalSteps) {
        inner.onLog(phase, row, totalSteps);
    }

    @Override
    public void onTesting(int done, int total) {
        inner.onTesting(done, total);
    }

    @Override
    public boolean cancelled() {
        return inner.cancelled();
    }
}
