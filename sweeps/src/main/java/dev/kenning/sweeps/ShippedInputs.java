package dev.kenning.sweeps;

import dev.kenning.workbench.sweep.SweepPlan;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A sweep's input files (spec, ontologies, rule packs, data) shipped to the workers by content:
 * the driver adds each file to Spark under its SHA-256, so two files of the same name never clash
 * and a file is sent once however many runs read it; a worker fetches them from the driver and
 * rebuilds the tree they came from under a folder named after the whole set, checking each hash.
 */
final class ShippedInputs implements Serializable {
    private final List<Entry> files;
    private final String setHash;

    /** One file: where it goes under the rebuilt tree, and its content hash. */
    record Entry(String relative, String sha256) implements Serializable {
    }

    private ShippedInputs(List<Entry> files, String setHash) {
        this.files = List.copyOf(files);
        this.setHash = setHash;
    }

    /** Stages the plan's inputs in {@code staging} named by hash and adds them to the context. */
    static ShippedInputs ship(SweepPlan plan, JavaSparkContext sc, Path staging) {
        StringBuilder set = new StringBuilder();
        try {
            Files.createDirectories(staging);
            for (SweepPlan.InputFile f : plan.inputs()) {
                Path staged = staging.resolve(f.sha256());
                if (!Files.exists(staged)) {
                    try {
                        Files.createLink(staged, f.local());
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f.local(), staged, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                sc.addFile(staged.toString());
                set.append(f.relative()).append('\t').append(f.sha256()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the sweep's input files in " + staging, e);
        }
        return new ShippedInputs(plan.inputs().stream().map(f -> new Entry(f.relative(), f.sha256())).toList(),
                sha256(set.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * On a worker: the tree rebuilt under Spark's files folder (once per worker; tasks that find
     * it complete reuse it).
     */
    Path materialize() {
        Path root = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath().normalize().resolve("kenning-inputs").resolve(setHash.substring(0, 16));
        try {
            for (Entry e : files) {
                Path target = root.resolve(e.relative()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("input " + e.relative() + " leaves the inputs folder");
                }
                if (Files.isRegularFile(target)) {
                    continue;
                }
                Path fetched = Path.of(SparkFiles.get(e.sha256()));
                String actual = sha256(fetched);
                if (!actual.equals(e.sha256())) {
                    throw new IOException(e.relative() + " arrived with SHA-256 " + actual + ", not " + e.sha256());
                }
                Files.createDirectories(target.getParent());
                // Another task on this worker may be placing the same file: place a copy, then move it in.
                Path part = Files.createTempFile(target.getParent(), ".part-", "");
                Files.copy(fetched, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot rebuild the sweep's inputs under " + root + ": " + ex.getMessage(), ex);
        }
        return root;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
