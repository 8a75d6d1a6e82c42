package dev.kenning.workbench.registry;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The run folders claimed by runs recording into a workspace, one line each, in a plain file beside
 * the TDB2 store ({@value #FILE}). A run adds its folder here before it claims it, so a run killed
 * before its start record reaches the store (opening TDB2 takes a few hundred ms) is still found by
 * {@link RunRegistry#list()}. Appending is cheap and needs no store: one {@code write} of one line
 * to a file opened for append (the OS places each such write whole at the end, however many runs
 * append at once), forced to disk before the claim goes ahead. Lines are {@code file:} URIs, so a
 * folder name with a line break in it still takes one line.
 */
public final class ClaimedRuns {
    /** The file's name in the workspace folder. */
    public static final String FILE = "claimed-runs.txt";

    private final Path file;

    private ClaimedRuns(Path file) {
        this.file = file;
    }

    /** The list kept in {@code workspace}. */
    public static ClaimedRuns in(Path workspace) {
        return new ClaimedRuns(workspace.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    /**
     * Adds {@code folder} (made absolute) to the list and forces it to disk; creates the workspace
     * folder if need be.
     *
     * @throws IOException if the workspace cannot be written
     */
    public void add(Path folder) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] line = (folder.toAbsolutePath().normalize().toUri() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap(line));
            out.force(true);
        }
    }

    /**
     * Every folder the list names, in the order claimed, each once; none when there is no list. A
     * line that is not a {@code file:} URI (cut short by a crash of the machine) is skipped.
     */
    public List<Path> folders() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Set<Path> folders = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    folders.add(Path.of(URI.create(line.strip())));
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    // not a whole line: nothing a reader can use
                }
            }
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read the workspace's list of claimed run folders: " + e.getMessage(), e);
        }
        return List.copyOf(folders);
    }
}
