package dev.kenning.gui;

import dev.kenning.core.HistoryRow;
import dev.kenning.workbench.RunCancelledException;
import dev.kenning.workbench.RunListener;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.spec.SpecFile;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs experiments one after another on a training thread of their own; the JavaFX thread only
 * hears about them through {@link Platform#runLater}. Cancel stops the running one at its next
 * step (the workbench then records it as cancelled) or drops a queued one.
 */
final class RunQueue {
    enum State { QUEUED, RUNNING, COMPLETED, CANCELLED, FAILED }

    /** What the view draws: called on the JavaFX thread. */
    interface Watcher {
        void stage(Job job, String stage);

        void logged(Job job, String phase, HistoryRow row, int totalSteps);

        /** Testing after training (the job's last stage): {@code done} of {@code total} evaluations. */
        void testing(Job job, int done, int total);

        void finished(Job job);
    }

    static final class Job {
        final Path spec;
        final String name;
        final Path out;
        final int phases;
        final ObjectProperty<State> state = new SimpleObjectProperty<>(State.QUEUED);
        final AtomicBoolean cancel = new AtomicBoolean();
        volatile String message = "";

        Job(Path spec, String name, Path out, int phases) {
            this.spec = spec;
            this.name = name;
            this.out = out;
            this.phases = phases;
        }

        @Override
        public String toString() {
            return name + " — " + state.get().name().toLowerCase() + (message.isEmpty() ? "" : ": " + message);
        }
    }

    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kenning-training");
        t.setDaemon(true);
        return t;
    });
    final ObservableList<Job> jobs = FXCollections.observableArrayList();
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> logs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Watcher watcher;

    RunQueue(Watcher watcher) {
        this.watcher = watcher;
    }

    /** Queues the spec; it runs into {@code out} when the runs before it are done. */
    Job submit(Workbench workbench, SpecFile spec, Path out) {
        Job job = new Job(spec.source(), spec.name(), out, spec.stages());
        jobs.add(0, job);
        training.submit(() -> run(workbench, job, spec));
        return job;
    }

    private void run(Workbench workbench, Job job, SpecFile spec) {
        if (job.cancel.get()) {
            finish(job, State.CANCELLED, "cancelled before it started");
            return;
        }
        fx(() -> {
            job.state.set(State.RUNNING);
            int i = jobs.indexOf(job);
            if (i >= 0) {
                jobs.set(i, job);
            }
        });
        RunListener listener = new RunListener() {
            @Override
            public void onStage(String stage) {
                fx(() -> watcher.stage(job, stage));
            }

            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                // Rows queue up and are drawn together: however fast training logs, the JavaFX
                // thread gets one task per pulse at most, not one per row.
                logs.add(() -> watcher.logged(job, phase, row, totalSteps));
                if (!drainScheduled.getAndSet(true)) {
                    fx(RunQueue.this::drainLogs);
                }
            }

            @Override
            public void onTesting(int done, int total) {
                fx(() -> watcher.testing(job, done, total));
            }

            @Override
            public boolean cancelled() {
                return job.cancel.get();
            }
        };
        try {
            workbench.run(spec, job.out, listener);
            finish(job, State.COMPLETED, job.out.getFileName().toString());
        } catch (RunCancelledException e) {
            finish(job, State.CANCELLED, e.getMessage());
        } catch (Throwable e) {
            finish(job, State.FAILED, Background.message(e));
        }
    }

    private void drainLogs() {
        drainScheduled.set(false);
        for (Runnable r; (r = logs.poll()) != null; ) {
            r.run();
        }
    }

    private void finish(Job job, State state, String message) {
        job.message = message;
        fx(() -> {
            drainLogs();
            job.state.set(state);
            // Re-set the item so the list redraws its text.
            int i = jobs.indexOf(job);
            if (i >= 0) {
                jobs.set(i, job);
            }
            watcher.finished(job);
        });
    }

    /** Stops the running job at its next step, or drops a queued one. */
    void cancel(Job job) {
        job.cancel.set(true);
    }

    /** The job training now, or null. */
    Job running() {
        return jobs.stream().filter(j -> j.state.get() == State.RUNNING).findFirst().orElse(null);
    }

    private static void fx(Runnable r) {
        Platform.runLater(r);
    }

    static void forEachQueued(RunQueue q, Consumer<Job> action) {
        q.jobs.stream().filter(j -> j.state.get() == State.QUEUED).forEach(action);
    }
}
