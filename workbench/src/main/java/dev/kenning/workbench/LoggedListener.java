package dev.kenning.workbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's listener that also appends every stage line it is told (what the run reads, its notes and
 * warnings) to the run folder's {@code log.txt} as it comes, so what the console said stays with the
 * run after the terminal has scrolled, in its report too, and a killed run keeps what it said up to
 * then. Training progress is not logged: history.csv holds it.
 */
final class LoggedListener extends ForwardingListener {
    private final Path file;
    private boolean failed;

    LoggedListener(RunListener inner, Path file) {
        super(inner);
        this.file = file;
    }

    @Override
    public void onStage(String stage) {
        super.onStage(stage);
        if (failed) {
            return;
        }
        try {
            Files.writeString(file, stage + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a copy of what the console shows; a full disk is reported by the run's own writes
            failed = true;
        }
    }
}
