package dev.kenning.workbench;

import dev.kenning.workbench.registry.RunCompletion;

import java.nio.file.Path;

/**
 * A process that claims a run folder and then waits to be killed, for {@link RunFolderClaimTest}:
 * {@code HoldRunFolder FOLDER [WORKSPACE]}. Given a workspace, it first notes the folder there as
 * {@link Workbench#run} does, and stores no record, as a run killed in its first second has none.
 */
public final class HoldRunFolder {
    private HoldRunFolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path folder = Path.of(args[0]);
        if (args.length > 1) {
            new RunCompletion(Path.of(args[1])).claiming(folder, RunListener.SILENT);
        }
        RunDirectory.claim(folder);
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
