package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A run's answer to its process being asked to stop (Ctrl-C, SIGTERM, the machine shutting down):
 * for the run's life a shutdown hook cancels the run through its listener, as a Cancel button
 * does, so training stops at its next step, keeps its model and status.json says
 * "cancelled"; the JVM waits for the hook. A run in a stage that does not stop for a cancel
 * (deriving constraints, reading data) is ended by the hook itself after {@link #GRACE}, with
 * the stage it reached ({@code lastWord}). SIGKILL runs no hook: that run reads as interrupted.
 */
final class StopOnSignal implements AutoCloseable {
    /** How long the hook waits for the run to stop by itself; a service manager's SIGKILL comes later (systemd: 90 s, Docker: 10 s). */
    static final Duration GRACE = Duration.ofSeconds(8);
    /** How status.json and the console name the cause. */
    static final String CAUSE = "stopped by a signal (Ctrl-C or SIGTERM)";

    private final Duration grace;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean requested;
    private volatile String stage = "starting";
    private volatile String step = "";
    private Thread hook;
    private RunListener told = RunListener.SILENT;

    StopOnSignal(Duration grace) {
        this.grace = grace;
    }

    /**
     * The run's listener, seen through this: what it is told is remembered (the stage, the last
     * training step logged), and it reads as cancelled once a signal came.
     */
    RunListener watching(RunListener inner) {
        told = inner;
        return new ForwardingListener(inner) {
            @Override
            public void onStage(String said) {
                if (!said.startsWith("note: ") && !said.startsWith("warning: ")) {
                    stage = said;
                }
                super.onStage(said);
            }

            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                step = String.format(Locale.ROOT, "%s step %d of %d", phase, row.step(), totalSteps);
                super.onLog(phase, row, totalSteps);
            }

            @Override
            public boolean cancelled() {
                return requested || super.cancelled();
            }
        };
    }

    /**
     * Installs the hook. On a signal, the listener {@link #watching} watches hears that the run is
     * stopping; if the run has not ended within the grace period, {@code lastWord} is given where it
     * was ({@link #where()}) and must record the run as stopped there.
     */
    void install(Consumer<String> lastWord) {
        hook = new Thread(() -> {
            requested = true;
            told.onStage(CAUSE + ": the run stops at its next training step, keeps its model and says so in status.json");
            try {
                if (!ended.await(grace.toMillis(), TimeUnit.MILLISECONDS) && settle()) {
                    lastWord.accept(where());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kenning-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a signal came: a run that stops now was stopped by it. */
    boolean requested() {
        return requested;
    }

    /** The stage the run had reached and its last logged training step: "while training label-free, at label_free step 50 of 800". */
    String where() {
        return "while " + stage + (step.isEmpty() ? "" : ", at " + step);
    }

    /**
     * Claims the right to write the run's end (its status, the lock's release): true for the first
     * caller only, the run's own thread or the hook, so a run is ended once.
     */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** The run has ended: the hook, if it is waiting, returns, and is removed unless the JVM is already stopping. */
    @Override
    public void close() {
        ended.countDown();
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and returns now
        }
    }
}
