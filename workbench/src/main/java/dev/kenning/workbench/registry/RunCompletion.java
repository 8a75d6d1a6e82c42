package dev.kenning.workbench.registry;

import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.RunListener;

import java.nio.file.Path;

/**
 * What a run leaves besides its own files: its record in the workspace graph (made when it
 * starts, so a killed run is listed as interrupted, and replaced when it ends) and, once
 * completed, {@code report.html}. Neither may cost the user a finished training, so a failure here (typically
 * the workspace locked by another process, such as {@code kenning kg serve}) is a warning that
 * says how to catch up later, never an error.
 */
public final class RunCompletion {
    private final Path workspace;

    /** @param workspace where runs are recorded; null to record none */
    public RunCompletion(Path workspace) {
        this.workspace = workspace;
    }

    /**
     * Called before the folder is claimed: adds it to the workspace's {@link ClaimedRuns}, so that
     * {@link RunRegistry#list()} finds the run even if it is killed before {@link #started} stores
     * its record; or warns.
     */
    public void claiming(Path folder, RunListener listener) {
        if (workspace == null) {
            return;
        }
        try {
            ClaimedRuns.in(workspace).add(folder);
        } catch (java.io.IOException e) {
            listener.onStage("warning: run folder not noted in the workspace " + workspace + " (" + e.getMessage()
                    + "); if the run is killed before it is recorded, kenning runs list will not show it");
        }
    }

    /**
     * Called once the folder is claimed and spec.yaml written, before any other work: records the
     * run as running, or warns.
     */
    public void started(Path folder, RunListener listener) {
        if (workspace == null) {
            return;
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            new RunRegistry(kb).recordStarted(folder);
        } catch (RuntimeException e) {
            listener.onStage("warning: run not recorded in the workspace " + workspace + " as it starts (" + e.getMessage()
                    + "); if it completes it is recorded then");
        }
    }

    /** Called when the run's inputs were refused and its folder removed: forgets the record {@link #started} made. */
    public void abandoned(Path folder) {
        if (workspace == null) {
            return;
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            new RunRegistry(kb).forget(folder);
        } catch (RuntimeException e) {
            // the input error the user is about to see matters more; runs list shows this one as missing
        }
    }

    /** Called once status.json says "failed": records the run as failed, or warns. */
    public void failed(Path folder, RunListener listener) {
        if (workspace == null) {
            return;
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            new RunRegistry(kb).recordFailed(folder);
        } catch (RuntimeException e) {
            listener.onStage("warning: failed run not recorded in the workspace " + workspace + " (" + e.getMessage() + ")");
        }
    }

    /** Called once metrics.json is written, so the folder already reads as a completed run. */
    public void finish(Path folder, RunListener listener) {
        try {
            RunReport.write(folder);
        } catch (RuntimeException e) {
            listener.onStage("warning: report.html not written (" + e.getMessage() + "); retry with kenning runs report "
                    + folder);
        }
        if (workspace == null) {
            return;
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            String iri = new RunRegistry(kb).record(folder);
            listener.onStage("recorded as <" + iri + "> in the workspace " + workspace);
        } catch (RuntimeException e) {
            listener.onStage("warning: run not recorded in the workspace " + workspace + " (" + e.getMessage()
                    + "); record it later with kenning runs record " + folder + " --workspace " + workspace);
        }
    }

    /** Called once status.json says "cancelled": records the run as cancelled, or warns. */
    public void cancelled(Path folder, RunListener listener) {
        if (workspace == null) {
            return;
        }
        try (KnowledgeBase kb = KnowledgeBase.openWorkspace(workspace)) {
            String iri = new RunRegistry(kb).recordCancelled(folder);
            listener.onStage("recorded as cancelled <" + iri + "> in the workspace " + workspace);
        } catch (RuntimeException e) {
            listener.onStage("warning: cancelled run not recorded in the workspace " + workspace + " (" + e.getMessage() + ")");
        }
    }
}
