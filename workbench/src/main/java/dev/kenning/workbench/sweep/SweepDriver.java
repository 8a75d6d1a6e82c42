package dev.kenning.workbench.sweep;

import dev.kenning.core.InputError;
import dev.kenning.core.run.LockFile;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.Sha256;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.registry.FinishedRun;
import dev.kenning.workbench.registry.RunRegistry;
import dev.kenning.workbench.registry.SweepMember;
import dev.kenning.workbench.registry.SweepRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The driver's side of a sweep: skips the runs the registry already holds as completed with the
 * same spec hash, hands the rest to the engine, records each run as it comes back (once, whatever
 * the engine retried), and at the end writes the comparison and records the sweep's end. On
 * Ctrl-C the engine is stopped and what finished is recorded and compared as above.
 */
public final class SweepDriver {
    private final Path workspace;
    private final SweepEngine engine;

    /** @param workspace where runs are recorded and looked up for resuming; null for neither */
    public SweepDriver(Path workspace, SweepEngine engine) {
        this.workspace = workspace;
        this.engine = engine;
    }

    public SweepResult run(SweepPlan plan, SweepProgress progress) {
        long t0 = System.nanoTime();
        int slots = engine.slots(plan); // an engine refuses a plan it cannot run here, before anything is recorded
        Instant started = Instant.now();
        Path out = plan.request().out().toAbsolutePath().normalize();
        String iri = RunRegistry.SWEEP_PREFIX + plan.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + RunFolder.stamp(started) + "-"
                + Sha256.of(out.toString()).substring(0, 8);
        List<RunOutcome> outcomes = new ArrayList<>();
        List<SweepPlan.PlannedRun> todo = new ArrayList<>();
        Map<String, Path> done = Map.of();
        if (workspace != null) {
            try {
                done = registry(r -> r.completedBySpecHash(plan.runs().stream().map(SweepPlan.PlannedRun::specHash).toList()));
            } catch (RuntimeException e) {
                // Typically the workspace held by another process (kenning kg serve): run everything, as a run would.
                progress.onNote("warning: cannot read the workspace " + workspace + " to resume (" + e.getMessage()
                        + "); every run is run");
            }
        }
        for (SweepPlan.PlannedRun run : plan.runs()) {
            Path folder = done.get(run.specHash());
            if (folder != null && Files.isRegularFile(folder.resolve("metrics.json"))) {
                outcomes.add(new RunOutcome(run, true, FinishedRun.read(folder).metrics(), folder, null, 0, "registry"));
            } else {
                todo.add(run);
            }
        }
        int skipped = outcomes.size();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new InputError(out.toString(), "cannot make the sweep folder: " + e.getMessage());
        }
        // held for the sweep's life: its record says running only while a live process holds it
        try (LockFile held = LockFile.hold(out.resolve(RunRegistry.SWEEP_LOCK), "this sweep folder")) {
            return run(plan, progress, t0, slots, started, out, iri, outcomes, todo, skipped);
        }
    }

    /** The sweep, its folder held: recorded as running, run, compared and recorded as it ended. */
    private SweepResult run(SweepPlan plan, SweepProgress progress, long t0, int slots, Instant started, Path out, String iri,
                            List<RunOutcome> outcomes, List<SweepPlan.PlannedRun> todo, int skipped) {
        record(iri, plan, out, "running", started, null, progress);
        Tally tally = new Tally(plan.runs().size(), skipped, slots);
        progress.onStart(plan, tally.counts());

        CountDownLatch finished = new CountDownLatch(1);
        boolean[] interrupted = {false};
        // Ctrl-C: stop the engine, then let this thread record and compare what finished.
        Thread hook = new Thread(() -> {
            interrupted[0] = true;
            progress.onNote("stopping the sweep: runs still going are abandoned; finished ones are recorded");
            engine.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kenning-sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Set<String> recorded = new HashSet<>();
        // the runs going now, by run: a try's end may reach the driver after the run's outcome (YARN),
        // or a retry start again, and a count would then show a finished run as running
        Set<String> going = new HashSet<>();
        try {
            engine.run(plan, todo, out, new SweepEngine.Sink() {
                @Override
                public void started(SweepPlan.PlannedRun run, String where) {
                    synchronized (outcomes) {
                        if (!recorded.contains(run.specHash())) {
                            going.add(run.specHash());
                        }
                        tally.running = going.size();
                        progress.onRunStarted(run, where, tally.counts());
                    }
                }

                @Override
                public void ended(SweepPlan.PlannedRun run) {
                    synchronized (outcomes) {
                        going.remove(run.specHash());
                        tally.running = going.size();
                    }
                }

                @Override
                public void finished(RunOutcome outcome) {
                    synchronized (outcomes) {
                        if (!recorded.add(outcome.run().specHash())) {
                            return; // the engine reported it twice; a run is recorded once
                        }
                        going.remove(outcome.run().specHash());
                        tally.running = going.size();
                        tally.done++;
                        if (!outcome.completed()) {
                            tally.failed++;
                        }
                        outcomes.add(outcome);
                        recordRun(iri, plan, outcome, progress);
                        progress.onRunFinished(outcome, tally.counts());
                    }
                }

                @Override
                public void note(String line) {
                    progress.onNote(line);
                }
            });
            SweepComparison comparison;
            synchronized (outcomes) {
                List<RunOutcome> ordered = new ArrayList<>();
                for (SweepPlan.PlannedRun r : plan.runs()) {
                    outcomes.stream().filter(o -> o.run().equals(r)).findFirst().ifPresent(ordered::add);
                }
                comparison = SweepComparison.of(plan.configurations(), ordered, plan.request().metric());
                comparison.write(out, plan.name() + " sweep");
                outcomes.clear();
                outcomes.addAll(ordered);
            }
            boolean stopped = interrupted[0] || outcomes.size() < plan.runs().size();
            record(iri, plan, out, stopped ? "interrupted" : "completed", started, Instant.now(), progress);
            SweepResult result = new SweepResult(out, workspace == null ? null : iri, outcomes, comparison, stopped, skipped,
                    (System.nanoTime() - t0) / 1e9);
            progress.onEnd(result);
            return result;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and waits for the latch above
            }
        }
    }

    private void recordRun(String iri, SweepPlan plan, RunOutcome o, SweepProgress progress) {
        if (workspace == null) {
            return;
        }
        SweepMember member = new SweepMember(iri, o.run().configuration().label(), o.run().specHash());
        try {
            registry(r -> o.completed() ? r.record(o.folder(), member)
                    : r.recordFailed(member, plan.name(), o.run().seed(), o.run().folder(), o.folder(), o.message(),
                    Instant.now().minusMillis(Math.round(o.seconds() * 1000)), Instant.now()));
        } catch (RuntimeException e) {
            progress.onNote("warning: " + o.run().label() + " not recorded in the workspace " + workspace + " ("
                    + e.getMessage() + ")" + (o.folder() == null ? "" : "; record it later with kenning runs record " + o.folder()));
        }
    }

    /** Records the sweep's state; a workspace another process holds costs a warning, never the sweep. */
    private void record(String iri, SweepPlan plan, Path out, String status, Instant started, Instant ended,
                        SweepProgress progress) {
        if (workspace == null) {
            return;
        }
        SweepRequest q = plan.request();
        String seeds = plan.runs().stream().map(r -> Long.toString(r.seed())).distinct()
                .reduce((a, b) -> a + "," + b).orElse("");
        try {
            registry(r -> r.recordSweep(new SweepRecord(iri, out.getFileName().toString(), plan.name(), q.spec(), q.gridText(),
                    seeds, q.master(), status, out, started, ended)));
        } catch (RuntimeException e) {
            progress.onNote("warning: the sweep's state (" + status + ") not recorded in the workspace " + workspace
                    + " (" + e.getMessage() + ")");
        }
    }

    private <T> T registry(java.util.function.Function<RunRegistry, T> use) {
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            return use.apply(new RunRegistry(kb));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    /** Counts behind the progress bar; changed under the sink's lock. */
    private static final class Tally {
        final int total;
        final int skipped;
        final int slots;
        int done;
        int running;
        int failed;

        Tally(int total, int skipped, int slots) {
            this.total = total;
            this.skipped = skipped;
            this.slots = slots;
            this.done = skipped;
        }

        SweepProgress.Counts counts() {
            return new SweepProgress.Counts(total, done, Math.min(running, slots), failed, skipped);
        }
    }
}
