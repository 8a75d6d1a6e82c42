package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;
import dev.kenning.workbench.spec.ExperimentSpec;

import java.nio.file.Path;

/**
 * A process that runs a small experiment until it is signalled, for {@link RunSignalTest}:
 * {@code RunUntilSignalled FIXTURE_DIR OUT WORKSPACE training|deriving}. It prints "training" at the
 * first logged step, or with "deriving" hangs in the stage that derives the constraints (a stage that
 * no cancel stops) after printing "deriving".
 */
public final class RunUntilSignalled {
    private RunUntilSignalled() {
    }

    public static void main(String[] args) throws Exception {
        ExperimentFixture f = new ExperimentFixture(Path.of(args[0]));
        f.replaceInSpec("steps: 20", "steps: 1000000");
        boolean hang = args[3].equals("deriving");
        RunListener listener = new RunListener() {
            private boolean said;

            @Override
            public void onStage(String stage) {
                if (hang && stage.startsWith("deriving constraints")) {
                    System.out.println("deriving");
                    System.out.flush();
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onLog(String phase, HistoryRow row, int totalSteps) {
                if (!said) {
                    said = true;
                    System.out.println("training");
                    System.out.flush();
                }
            }
        };
        Workbench.create(WorkbenchConfig.recordingIn(Path.of(args[2]))).run(ExperimentSpec.load(f.spec), Path.of(args[1]),
                listener);
    }
}
