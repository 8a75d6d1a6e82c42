package dev.kenning.workbench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Workbench} is set up, decided once by the front end that makes it: the workspace
 * (the TDB2 store the {@code kg} commands work on and completed runs are recorded in) and whether
 * runs are recorded there. Nothing else configures the workbench: no system property, no global.
 *
 * @param workspace  the workspace folder
 * @param recordRuns true to record each completed or cancelled run in the workspace's registry
 */
public record WorkbenchConfig(Path workspace, boolean recordRuns) {
    /** The workspace of a project: {@code .kenning/workspace} under the folder Kenning runs in. */
    public static final Path DEFAULT_WORKSPACE = Path.of(".kenning", "workspace");
    /** The environment variable the command line reads: a workspace folder, or "off" to record no run. */
    public static final String WORKSPACE_VARIABLE = "KENNING_WORKSPACE";

    public WorkbenchConfig {
        Objects.requireNonNull(workspace, "workspace");
    }

    /** Runs recorded in the default workspace. */
    public static WorkbenchConfig defaults() {
        return new WorkbenchConfig(DEFAULT_WORKSPACE, true);
    }

    /** Runs recorded in {@code workspace}. */
    public static WorkbenchConfig recordingIn(Path workspace) {
        return new WorkbenchConfig(workspace, true);
    }

    /** No run recorded anywhere (the default workspace is still the one the knowledge commands use). */
    public static WorkbenchConfig notRecording() {
        return new WorkbenchConfig(DEFAULT_WORKSPACE, false);
    }

    /** The command line's configuration: {@value #WORKSPACE_VARIABLE} if set ("off": record nothing), else the defaults. */
    public static WorkbenchConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static WorkbenchConfig fromEnvironment(Map<String, String> environment) {
        String value = environment.get(WORKSPACE_VARIABLE);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        return value.strip().equals("off") ? notRecording() : recordingIn(Path.of(value.strip()));
    }
}
