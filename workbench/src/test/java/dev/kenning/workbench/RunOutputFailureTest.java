package dev.kenning.workbench;

import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.learner.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose output cannot be written (the disk fills up while a model is saved) keeps the last
 * good model, leaves no half file, and says in status.json why it failed; space set aside at the
 * claim is what lets that status be written on a full disk.
 */
class RunOutputFailureTest {
    @TempDir
    Path dir;

    /** A network that writes {@code text} to the file it is saved to, then fails if {@code full}. */
    private static Network network(String text, boolean full) {
        return new Network() {
            @Override
            public SameDiff graph() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void save(Path file) {
                try {
                    Files.writeString(file, full ? text.substring(0, text.length() / 2) : text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (full) {
                    throw new IllegalStateException("write failed", new IOException("No space left on device"));
                }
            }
        };
    }

    @Test
    void aModelSaveThatFailsKeepsTheLastGoodModelAndTheStatusSaysWhy() throws IOException {
        Path out = dir.resolve("run");
        RunDirectory run = RunDirectory.claim(out);
        assertTrue(Files.isRegularFile(out.resolve(RunDirectory.RESERVE)), "space set aside while the run runs");
        run.saveModel("label_free", network("weights of step 400", false));

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> run.saveModel("label_free", network("weights of a second training", true)));
        Path model = RunFolder.of(out).model("label_free");
        assertEquals("cannot write " + model + ": No space left on device", e.getMessage());
        assertEquals("weights of step 400", Files.readString(model), "the last good model is kept whole");
        try (Stream<Path> files = Files.list(model.getParent())) {
            assertEquals(1, files.count(), "no half-written model left beside it");
        }

        run.markFailed(e);
        run.release();
        RunStatus status = RunFolder.of(out).status().orElseThrow();
        assertEquals(RunStatus.State.FAILED, status.state());
        assertEquals(e.getMessage(), status.message());
        assertFalse(Files.exists(out.resolve(RunDirectory.RESERVE)), "the reserve is given back");
    }
}
