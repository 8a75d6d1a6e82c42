package dev.kenning.workbench.edit;

import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * Undo and redo over knowledge edits. Undo writes back the bytes each file had before the edit,
 * redo the bytes it had after; either is refused, changing nothing, if a file no longer holds
 * what the edit left there (it was changed by hand since), so no one's work is overwritten.
 */
public final class EditHistory {
    private final Deque<Edit> done = new ArrayDeque<>();
    private final Deque<Edit> undone = new ArrayDeque<>();

    synchronized void record(Edit edit) {
        done.push(edit);
        undone.clear();
    }

    public synchronized boolean canUndo() {
        return !done.isEmpty();
    }

    public synchronized boolean canRedo() {
        return !undone.isEmpty();
    }

    /** What undo would take back, if anything. */
    public synchronized Optional<String> nextUndo() {
        return Optional.ofNullable(done.peek()).map(Edit::description);
    }

    /** What redo would do again, if anything. */
    public synchronized Optional<String> nextRedo() {
        return Optional.ofNullable(undone.peek()).map(Edit::description);
    }

    /**
     * Takes the last edit back; the edit, or empty if there is none.
     *
     * @throws InputError if one of its files changed since (nothing is written then)
     */
    public synchronized Optional<Edit> undo() {
        Edit e = done.peek();
        if (e == null) {
            return Optional.empty();
        }
        put(e, e.after(), e.before(), "undo");
        undone.push(done.pop());
        return Optional.of(e);
    }

    /** Does the last undone edit again; the edit, or empty if there is none. */
    public synchronized Optional<Edit> redo() {
        Edit e = undone.peek();
        if (e == null) {
            return Optional.empty();
        }
        put(e, e.before(), e.after(), "redo");
        done.push(undone.pop());
        return Optional.of(e);
    }

    private static void put(Edit e, Map<Path, byte[]> expected, Map<Path, byte[]> wanted, String verb) {
        for (Path f : e.files()) {
            if (!Arrays.equals(read(f), expected.get(f))) {
                throw new InputError(f.toString(), "cannot " + verb + " '" + e.description()
                        + "': the file was changed since (by hand or another program); nothing was written");
            }
        }
        for (Path f : e.files()) {
            write(f, wanted.get(f));
        }
    }

    static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException ex) {
            throw new InputError(f.toString(), "cannot read: " + ex.getMessage());
        }
    }

    static void write(Path f, byte[] bytes) {
        try {
            AtomicFile.write(f, bytes);
        } catch (IOException ex) {
            throw new InputError(f.toString(), "cannot write: " + ex.getMessage() + " (the file is as it was)");
        }
    }
}
