package dev.kenning.sweeps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The driver's local folder for Spark ({@code spark.local.dir}) in YARN sweeps: one per JVM, under
 * {@code java.io.tmpdir}, deleted with all it holds when the JVM exits. Spark's YARN client puts the
 * configuration archive it uploads in a {@code spark-<uuid>} folder of the driver's local folder and
 * never deletes that folder, so without this every YARN sweep left one behind in /tmp. Spark reads
 * its local folders once per JVM, so the folder is the JVM's, not a sweep's.
 */
final class DriverScratch {

    private static Path folder;

    private DriverScratch() {
    }

    /** The JVM's folder, made on first use. */
    static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("kenning-spark-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make Spark's local folder in " + System.getProperty("java.io.tmpdir"), e);
            }
            Path made = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made), "kenning-spark-scratch"));
        }
        return folder;
    }

    /** Deletes the tree, what another hook (Spark's own) deleted first aside. */
    static void delete(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a folder another hook is still emptying: left for the system's tmp cleaning
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the tree went while it was walked
        }
    }
}
