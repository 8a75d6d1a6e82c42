package dev.kenning.workbench.registry;

import dev.kenning.kg.KnowledgeBase;
import dev.kenning.workbench.RunListener;

import java.nio.file.Path;

/**
 * What a completed run leaves besides its own files: {@code report.html} and its record in the
 * workspace graph. Neither may cost the user a finished training, so a failure here (typically
 * the workspace locked by another process, such as {@code kenning kg serve}) is a warning that
 * says how to catch up later, never an error.
 */
public final class RunCompletion {
    /** Same default as {@code kenning kg}. */
    public static final Path DEFAULT_WORKSPACE = Path.of(".kenning", "workspace");
    /** System property, then environment variable, naming the workspace runs are recorded in; "off" records none. */
    public static final String WORKSPACE_PROPERTY = "kenning.workspace";
    public static final String WORKSPACE_VARIABLE = "KENNING_WORKSPACE";

    private RunCompletion() {
    }

    /** Called once metrics.json is written, so the folder already reads as a completed run. */
    public static void finish(Path folder, RunListener listener) {
        try {
            RunReport.write(folder);
        } catch (RuntimeException e) {
            listener.onStage("warning: report.html not written (" + e.getMessage() + "); retry with kenning runs report "
                    + folder);
        }
        Path workspace = workspace();
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
    public static void cancelled(Path folder, RunListener listener) {
        Path workspace = workspace();
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

    /** The workspace to record in, or null when recording is switched off. */
    static Path workspace() {
        String value = System.getProperty(WORKSPACE_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(WORKSPACE_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_WORKSPACE;
        }
        return value.equals("off") ? null : Path.of(value);
    }
}
