package dev.kenning.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader sees the old file or the new one, never part of it, and a
 * failure half-way (a full disk, a crash) leaves the old one as it was: the content goes to a
 * temporary file in the same folder, which is then moved over the file (atomically where the
 * file system can).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What writes the content to a file it is given (for libraries that write only to a path). */
    @FunctionalInterface
    public interface PathContent {
        void writeTo(Path temporary) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    /**
     * Whether {@code file} is a temporary file of a write that never finished (its process stopped
     * mid-write): ".NAME.HEX.tmp", as {@link #writeVia} names them.
     */
    public static boolean isTemporary(Path file) {
        return file.getFileName().toString().matches("\\..+\\.[0-9a-f]+\\.tmp");
    }

    /**
     * The error a failed write of {@code what} (a file, or files) becomes, with its reason (a full
     * disk, a folder made read-only), which is what the user acts on.
     */
    public static java.io.UncheckedIOException cannotWrite(Object what, IOException e) {
        return new java.io.UncheckedIOException("cannot write " + what + ": " + e.getMessage(), e);
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    public static void write(Path file, Content content) throws IOException {
        writeVia(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * The same for content a library writes to a path ({@code content} is given the temporary
     * file's path, ending in {@code .tmp}).
     */
    public static void writeVia(Path file, PathContent content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // Not Files.createTempFile: its owner-only permissions would carry over to the file.
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + TEMPORARY_SUFFIX);
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error being reported matters more than the leftover
            }
            throw e;
        }
    }
}
