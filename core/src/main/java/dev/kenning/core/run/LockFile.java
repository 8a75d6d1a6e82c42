package dev.kenning.core.run;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A file a process holds an OS lock on for as long as it writes a folder (a run's, a sweep's):
 * the OS releases the lock when the process dies however it dies, so a folder whose record says
 * "running" while no process holds its lock was left by a process that is gone.
 */
public final class LockFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private LockFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Whether a live process holds {@code file}'s lock: this JVM, or another one. A missing or
     * unreadable file is not held.
     */
    public static boolean isHeld(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Takes {@code file}'s lock (made if absent; a file a dead process left is taken over) and
     * writes this process's id and the time into it, until {@link #close()}.
     *
     * @throws InputError naming {@code what} and the process holding it, if another one does
     */
    public static LockFile hold(Path file, String what) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InputError(file.getParent().toString(), "cannot write to " + what + ": " + e.getMessage());
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new InputError(file.getParent().toString(), "another process is writing to " + what + " (" + holder(file)
                        + "); choose another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new LockFile(file, channel);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the error being reported matters more
            }
            throw e instanceof InputError input ? input
                    : new InputError(file.getParent().toString(), "cannot write to " + what + ": " + e.getMessage());
        }
    }

    /** "process PID, since TIME" as the holder wrote it into {@code file}, else the file's name. */
    public static String holder(Path file) {
        try {
            String[] pidAndStart = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            return pidAndStart.length == 2 ? "process " + pidAndStart[0] + ", since " + pidAndStart[1] : "its lock file " + file;
        } catch (IOException e) {
            return "its lock file " + file;
        }
    }

    /** Releases the lock and removes the file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            channel.close();
        } catch (IOException e) {
            // the OS releases the lock with the process in any case
        }
    }
}
