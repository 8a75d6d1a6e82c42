package dev.kenning.sweeps;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A run folder packed into bytes on the worker and unpacked on the driver, which is how a run's
 * files reach the sweep's folder without a file system both can see.
 */
final class FolderArchive {
    private FolderArchive() {
    }

    static byte[] pack(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + folder, e);
        }
        return bytes.toByteArray();
    }

    /** Unpacks into {@code folder}, which must not exist; entries that would leave it are refused. */
    static void unpack(byte[] archive, Path folder) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            Files.createDirectories(folder);
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = folder.resolve(e.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("entry " + e.getName() + " leaves the run folder");
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a run into " + folder, e);
        }
    }
}
