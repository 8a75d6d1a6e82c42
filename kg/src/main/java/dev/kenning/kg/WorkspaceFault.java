package dev.kenning.kg;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What went wrong with a TDB2 workspace's files, in the words a user acts on: its disk is full (a
 * write refused, or a fault in a memory-mapped file, which the JVM reports as an InternalError),
 * or the store is damaged (Jena reading a block that was never written: what a disk that filled up
 * while the store was made leaves behind). Any other error is not a fault of the files.
 */
final class WorkspaceFault {
    /** Less free space than this on the workspace's disk is a full disk: TDB2 grows its files 8 MB at a time. */
    private static final long FULL_BELOW_BYTES = 8L << 20;

    /** The errors Jena's storage layer raises when a file or block of the store is not what it wrote. */
    private static final java.util.Set<String> DAMAGE = java.util.Set.of("DBOpEnvException", "BlockException",
            "FileException", "BPTreeException", "RecordBufferPageException");

    private WorkspaceFault() {
    }

    /** The message for {@code e} thrown by the store in {@code workspace}, or empty if it is not a fault of its files. */
    static Optional<InputError> of(Path workspace, Throwable e) {
        boolean storeError = false;
        boolean noSpace = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.equals("org.apache.jena.dboe.base.file.AlreadyLocked")) {
                return Optional.empty(); // another process holds the store: its own message says so
            }
            // the store's own file and block errors only: a transaction refused, a query malformed, say nothing of its files
            storeError |= t instanceof InternalError || name.startsWith("org.apache.jena.dboe.")
                    && DAMAGE.contains(t.getClass().getSimpleName());
            noSpace |= t.getMessage() != null && t.getMessage().contains("No space left on device");
        }
        if (!storeError && !noSpace) {
            return Optional.empty();
        }
        String where = workspace.toString();
        long free = freeBytes(workspace);
        if (noSpace || e instanceof InternalError || free < FULL_BELOW_BYTES) {
            return Optional.of(new InputError(where, String.format(Locale.ROOT, "cannot write the workspace: its disk is full"
                    + " (%.1f MB free): free some space, or name another workspace (--workspace DIR or KENNING_WORKSPACE=DIR;"
                    + " off records nothing)", free / 1e6), e));
        }
        return Optional.of(new InputError(where, "the workspace is damaged (" + oneLine(e) + "; a disk that filled up"
                    + " while it was written leaves it so): move it aside (mv " + where + " " + where + ".damaged), then"
                    + " record your runs in a new one with kenning runs record RUN_DIR... and import your knowledge again"
                    + " with kenning kg import", e));
    }

    private static long freeBytes(Path workspace) {
        try {
            Path existing = workspace.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String oneLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : SparqlText.oneLine(e.getMessage());
    }
}
