package dev.kenning.workbench;

import java.nio.file.Path;

/** A process that claims a run folder and then waits to be killed, for {@link RunFolderClaimTest}. */
public final class HoldRunFolder {
    private HoldRunFolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunDirectory.claim(Path.of(args[0]));
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
