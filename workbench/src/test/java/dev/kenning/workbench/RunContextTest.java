package dev.kenning.workbench;

import dev.kenning.core.HistoryRow;
import dev.kenning.core.TrainingDivergedException;
import dev.kenning.learner.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a run that stops mid-training keeps of the curve it had logged. */
class RunContextTest {

    /** A small real graph that saves as a file, so a checkpoint can be written. */
    private static Network network() {
        return new Network() {
            private final SameDiff graph = SameDiff.create();

            @Override
            public SameDiff graph() {
                return graph;
            }

            @Override
            public void save(Path file) {
                try {
                    Files.writeString(file, "weights");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static HistoryRow row(int step, double loss) {
        return new HistoryRow(step, Map.of("free-fall", loss), loss, 10);
    }

    @Test
    void aPhaseThatDivergesKeepsTheRowsItLogged(@TempDir Path dir) {
        RunDirectory folder = RunDirectory.claim(dir.resolve("run"));
        RunContext run = new RunContext(folder, RunListener.SILENT);
        // a first restart logs, then a second starts over: only the second's rows are the phase's
        assertThrows(TrainingDivergedException.class, () -> run.train("label_free", network(), () -> {
            run.listener().onLog("label_free", row(10, 0.5), 100);
            throw new TrainingDivergedException("label_free", 20, 10, 1e9);
        }));
        assertEquals(Map.of("label_free", List.of(row(10, 0.5))), run.historySoFar());
        assertThrows(TrainingDivergedException.class, () -> run.train("label_free", network(), () -> {
            run.listener().onLog("label_free", row(10, 0.4), 100);
            run.listener().onLog("label_free", row(20, 0.3), 100);
            throw new TrainingDivergedException("label_free", 30, 20, 1e9);
        }));
        assertEquals(Map.of("label_free", List.of(row(10, 0.4), row(20, 0.3))), run.historySoFar());
        assertEquals(Map.of(), run.history(), "nothing kept as a completed phase");
        folder.release();
    }
}
