package dev.kenning.sweeps;

import dev.kenning.core.Sha256;
import dev.kenning.workbench.sweep.SweepPlan;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A sweep's input files (spec, ontologies, rule packs, data) shipped to the workers as one archive:
 * the driver packs every file at its path under the plan's common folder, with a manifest of each
 * file's SHA-256, into an archive named after the whole set, and adds that one file to Spark; a
 * worker fetches it once, rebuilds the tree, checking each file against the manifest and the
 * manifest against the set's hash, and every task there reuses the tree. One file rather than one
 * per input: Spark fetches added files one request at a time, and an image folder of 24 000 files
 * took more than ten minutes to reach one executor that way.
 */
final class ShippedInputs implements Serializable {
    /** The manifest's name inside the archive: {@code relative path TAB sha256} per line, in the plan's order. */
    static final String MANIFEST = ".kenning-inputs.tsv";
    /** Written last in a rebuilt tree: the tree is complete. */
    private static final String COMPLETE = ".complete";

    private final String setHash;
    private final String archiveName;

    private ShippedInputs(String setHash, String archiveName) {
        this.setHash = setHash;
        this.archiveName = archiveName;
    }

    /** What will be shipped, for the progress: {@code 24011 input file(s), 95.3 MB}. */
    static String summary(SweepPlan plan) {
        long bytes = 0;
        for (SweepPlan.InputFile f : plan.inputs()) {
            try {
                bytes += Files.size(f.local());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f.local() + ": " + e.getMessage(), e);
            }
        }
        return String.format(java.util.Locale.ROOT, "%d input file(s), %.1f MB", plan.inputs().size(), bytes / 1e6);
    }

    /** The set's hash: the manifest's own, so a worker can check the manifest it unpacks. */
    static String setHash(SweepPlan plan) {
        return Sha256.of(manifest(plan).getBytes(StandardCharsets.UTF_8));
    }

    private static String manifest(SweepPlan plan) {
        StringBuilder set = new StringBuilder();
        for (SweepPlan.InputFile f : plan.inputs()) {
            set.append(f.relative()).append('\t').append(f.sha256()).append('\n');
        }
        return set.toString();
    }

    /** Packs the plan's inputs into {@code staging} (once per set of contents) and adds the archive to the context. */
    static ShippedInputs ship(SweepPlan plan, JavaSparkContext sc, Path staging) {
        String manifest = manifest(plan);
        String hash = Sha256.of(manifest.getBytes(StandardCharsets.UTF_8));
        Path archive = pack(plan, manifest, hash, staging);
        sc.addFile(archive.toString());
        return new ShippedInputs(hash, archive.getFileName().toString());
    }

    /** The archive of the plan's inputs in {@code staging}, written unless a complete one is there. */
    static Path pack(SweepPlan plan, Path staging) {
        String manifest = manifest(plan);
        return pack(plan, manifest, Sha256.of(manifest.getBytes(StandardCharsets.UTF_8)), staging);
    }

    private static Path pack(SweepPlan plan, String manifest, String hash, Path staging) {
        Path archive = staging.resolve("inputs-" + hash.substring(0, 16) + ".zip");
        try {
            Files.createDirectories(staging);
            if (!Files.isRegularFile(archive)) {
                Path part = Files.createTempFile(staging, ".inputs-", ".part");
                try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
                    // Images and archives do not shrink; the fastest level still packs the text files.
                    zip.setLevel(Deflater.BEST_SPEED);
                    zip.putNextEntry(new ZipEntry(MANIFEST));
                    zip.write(manifest.getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                    for (SweepPlan.InputFile f : plan.inputs()) {
                        zip.putNextEntry(new ZipEntry(f.relative().replace('\\', '/')));
                        Files.copy(f.local(), zip);
                        zip.closeEntry();
                    }
                }
                Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the sweep's input files into " + archive + ": " + e.getMessage(), e);
        }
        return archive;
    }

    /**
     * On a worker: the tree rebuilt under Spark's files folder, once per worker; a task that finds
     * it complete reuses it, and two tasks rebuilding it at once each build their own and the first
     * to finish is kept.
     */
    Path materialize() {
        return rebuild(Path.of(SparkFiles.getRootDirectory()).toAbsolutePath().normalize().resolve("kenning-inputs"),
                Path.of(SparkFiles.get(archiveName)), setHash);
    }

    /** The tree of {@code archive} under {@code parent}, named by {@code setHash}: built unless another task built it. */
    static Path rebuild(Path parent, Path archive, String setHash) {
        Path root = parent.resolve(setHash.substring(0, 16));
        if (Files.isRegularFile(root.resolve(COMPLETE))) {
            return root;
        }
        Path part = null;
        try {
            Files.createDirectories(parent);
            part = Files.createTempDirectory(parent, ".part-");
            unpack(archive, part, setHash);
            Files.writeString(part.resolve(COMPLETE), setHash + "\n");
            try {
                Files.move(part, root, StandardCopyOption.ATOMIC_MOVE);
                part = null;
            } catch (IOException other) {
                // another task finished first: on Linux rename(2) onto its tree fails with ENOTEMPTY, which
                // Java reports as a plain FileSystemException ("… -> …: Directory not empty"), not as either
                // subclass; a worker running two tasks at once met it on every sweep
                if (!Files.isRegularFile(root.resolve(COMPLETE))) {
                    throw other;
                }
            }
            return root;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot rebuild the sweep's inputs under " + root + ": " + ex.getMessage(), ex);
        } finally {
            if (part != null) {
                try {
                    dev.kenning.core.FileTree.delete(part);
                } catch (IOException ignored) {
                    // scratch space on the worker; Spark removes its files folder with the application
                }
            }
        }
    }

    /** Unpacks {@code archive} into {@code into}, each file checked against the manifest and the manifest against {@code setHash}. */
    static void unpack(Path archive, Path into, String setHash) throws IOException {
        String archiveName = archive.getFileName().toString();
        Map<String, String> expected = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (expected == null) {
                    if (!e.getName().equals(MANIFEST)) {
                        throw new IOException(archiveName + " does not start with its manifest");
                    }
                    byte[] manifest = zip.readAllBytes();
                    if (!Sha256.of(manifest).equals(setHash)) {
                        throw new IOException(archiveName + "'s manifest has SHA-256 " + Sha256.of(manifest) + ", not " + setHash);
                    }
                    expected = new LinkedHashMap<>();
                    for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isEmpty()) {
                            int tab = line.lastIndexOf('\t');
                            expected.put(line.substring(0, tab).replace('\\', '/'), line.substring(tab + 1));
                        }
                    }
                    continue;
                }
                String want = expected.remove(e.getName());
                Path target = into.resolve(e.getName()).normalize();
                if (want == null || !target.startsWith(into)) {
                    throw new IOException(archiveName + " holds " + e.getName() + ", which its manifest does not list");
                }
                Files.createDirectories(target.getParent());
                MessageDigest md = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), md)) {
                    zip.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(md.digest());
                if (!actual.equals(want)) {
                    throw new IOException(e.getName() + " arrived with SHA-256 " + actual + ", not " + want);
                }
            }
        }
        if (expected == null || !expected.isEmpty()) {
            throw new IOException(archiveName + " lacks " + (expected == null ? "its manifest" : expected.keySet()));
        }
    }
}
