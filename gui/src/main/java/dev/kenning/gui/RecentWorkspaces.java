package dev.kenning.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workspaces opened lately, newest first, one path a line in
 * {@code ~/.config/kenning/recent-workspaces} (system property {@code kenning.gui.recent} names
 * another file; tests use it). A file that cannot be read or written only loses the list.
 */
final class RecentWorkspaces {
    static final String PROPERTY = "kenning.gui.recent";
    private static final int KEEP = 8;

    private RecentWorkspaces() {
    }

    static Path file() {
        String p = System.getProperty(PROPERTY);
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".config", "kenning", "recent-workspaces");
    }

    static List<Path> list() {
        try {
            if (!Files.isRegularFile(file())) {
                return List.of();
            }
            return Files.readAllLines(file()).stream().filter(l -> !l.isBlank()).map(Path::of)
                    .filter(Files::isDirectory).limit(KEEP).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void remember(Path workspace) {
        List<Path> paths = new ArrayList<>(list());
        Path abs = workspace.toAbsolutePath().normalize();
        paths.remove(abs);
        paths.add(0, abs);
        try {
            Files.createDirectories(file().toAbsolutePath().getParent());
            Files.write(file(), paths.stream().limit(KEEP).map(Path::toString).toList());
        } catch (IOException e) {
            // The list is a convenience; the workspace itself opened fine.
        }
    }
}
