package dev.kenning.workbench;

import dev.kenning.core.AtomicFile;
import dev.kenning.core.HistoryRow;
import dev.kenning.core.InputError;
import dev.kenning.core.run.LockFile;
import dev.kenning.core.run.Metrics;
import dev.kenning.core.Sha256;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.learner.Network;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the folder of one run, in the layout {@link RunFolder} owns: {@code spec.yaml}
 * (resolved), {@code constraints.json} (with provenance), {@code history.csv},
 * {@code metrics.json}, {@code model/}, {@code checkpoints/} and {@code status.json}
 * ("running", then "completed", "cancelled" or "failed" with the message). metrics.json is
 * written last, so its presence means the run completed.
 */
public final class RunDirectory {
    private final Path path;
    private final RunFolder folder;
    private final FileChannel lockChannel;
    /** Whether the claim made the folder, and so may remove it again. */
    private final boolean made;

    private RunDirectory(Path path, FileChannel lockChannel, boolean made) {
        this.path = path;
        this.folder = RunFolder.of(path);
        this.lockChannel = lockChannel;
        this.made = made;
    }

    /**
     * Claims {@code path} for one run before any work: an existing non-empty folder is refused so
     * no run is overwritten, and the lock file ({@link RunFolder#LOCK}) is created exclusively and
     * locked for the run's life, so of two runs started into one folder exactly one gets it; the
     * other is told which process holds it. status.json says "running" from here on.
     */
    public static RunDirectory claim(Path path) {
        boolean made = !Files.exists(path);
        Path lockFile = path.resolve(RunFolder.LOCK);
        if (RunFolder.of(path).isHeld()) {
            throw new InputError(path.toString(), "another run is writing to this folder (" + LockFile.holder(lockFile)
                    + "); choose another --out");
        }
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    if (s.anyMatch(p -> !p.getFileName().toString().equals(RunFolder.LOCK))) {
                        throw new InputError(path.toString(), "output folder exists and is not empty; choose another --out");
                    }
                }
            } else if (Files.exists(path)) {
                throw new InputError(path.toString(), "output path exists and is not a folder");
            }
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new InputError(path.toString(), "cannot create the run folder: " + e.getMessage());
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new InputError(path.toString(), "another run is writing to this folder (" + LockFile.holder(lockFile)
                    + "); choose another --out");
        } catch (IOException e) {
            throw new InputError(path.toString(), "cannot write to the run folder: " + e.getMessage());
        }
        RunDirectory dir = new RunDirectory(path, channel, made);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new InputError(path.toString(), "another run is writing to this folder; choose another --out");
            }
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            dir.folder.writeStatus(RunStatus.running(Instant.now()));
            // set aside a little space, freed to record a failure when the disk has filled up
            Files.write(path.resolve(RESERVE), new byte[RESERVE_BYTES], StandardOpenOption.CREATE_NEW);
        } catch (IOException | RuntimeException e) {
            dir.abandon();
            throw e instanceof InputError input ? input
                    : new InputError(path.toString(), "cannot write to the run folder: " + e.getMessage());
        }
        return dir;
    }

    /** Space set aside at the claim, so that a run that fills the disk can still say so in status.json. */
    static final String RESERVE = ".run.reserve";
    private static final int RESERVE_BYTES = 64 * 1024;

    /** The run ended (completed, failed or cancelled, as status.json says): the lock is released and removed. */
    void release() {
        giveBackReserve();
        try {
            lockChannel.close();
            Files.deleteIfExists(folder.lockFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The run was ended from outside its own thread (a signal, {@link StopOnSignal}) while it may
     * have been writing: released as above, and the temporary files of writes it will not finish
     * ({@link AtomicFile#isTemporary}) removed from the folder, model/ and checkpoints/.
     */
    void releaseLeavingNoTemporaries() {
        release();
        for (Path folder : List.of(path, this.folder.modelFolder(), this.folder.modelFolder().resolve(RunFolder.MEMBERS),
                this.folder.checkpointFolder())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(AtomicFile::isTemporary).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // what is left is named .NAME.HEX.tmp, and no reader takes it for a run's file
            }
        }
    }

    /**
     * The run never started (its inputs were refused): the claim is given up and what it made
     * removed, so a bad input leaves no folder behind.
     */
    void abandon() {
        try {
            lockChannel.close();
            Files.deleteIfExists(path.resolve(RESERVE));
            Files.deleteIfExists(folder.specFile());
            Files.deleteIfExists(folder.statusFile());
            Files.deleteIfExists(folder.logFile());
            Files.deleteIfExists(folder.lockFile());
            if (made) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** The folder being written, for reading back what is already there. */
    public RunFolder folder() {
        return folder;
    }

    void writeSpec(Path source, Map<String, Object> resolved) {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        write(folder.specFile(), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("# Resolved from " + source + ": every value as run; an option left at its default may be left out"
                    + " (docs/spec-reference.md gives it).\n");
            new Yaml(opts).dump(resolved, w);
            w.flush();
        });
    }

    /** environment.json: what made the run ({@link RunEnvironment}). */
    void writeEnvironment(Map<String, Object> environment) {
        folder.writeEnvironment(environment);
    }

    void writeConstraints(DerivedKnowledge knowledge) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("constraints", knowledge.constraints());
        Map<String, String> ontologies = new LinkedHashMap<>();
        knowledge.ontologyHashes().forEach((p, h) -> ontologies.put(p.toString(), h));
        Map<String, String> rules = new LinkedHashMap<>();
        knowledge.ruleHashes().forEach((p, h) -> rules.put(p.toString(), h));
        doc.put("ontologies_sha256", ontologies);
        doc.put("rules_sha256", rules);
        if (!knowledge.generated().isEmpty()) {
            // beside constraints.json, named relative to it, so a moved run folder still finds it
            Path file = folder.generatedKnowledgeFile();
            write(file, out -> out.write(knowledge.generated().getBytes(StandardCharsets.UTF_8)));
            doc.put("generated_knowledge_sha256", Map.of(RunFolder.GENERATED_KNOWLEDGE, Sha256.of(file)));
        }
        doc.put("graph_triples", knowledge.triples());
        if (knowledge.endpoint() != null) {
            doc.put("knowledge_endpoint", knowledge.endpoint());
        }
        if (!knowledge.wordNetSenses().isEmpty()) {
            doc.put("wordnet_senses", knowledge.wordNetSenses());
        }
        if (!knowledge.notes().isEmpty()) {
            doc.put("knowledge_notes", knowledge.notes());
        }
        folder.writeConstraints(doc);
    }

    /** One row per logged step of each phase; a column per loss term seen in any phase. */
    void writeHistory(Map<String, List<HistoryRow>> history) {
        Set<String> termNames = new LinkedHashSet<>();
        history.values().forEach(rows -> rows.forEach(r -> termNames.addAll(r.terms().keySet())));
        List<String> names = new ArrayList<>(termNames);
        write(folder.historyFile(), out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write("phase,step," + String.join(",", names) + ",total,steps_per_second\n");
            for (Map.Entry<String, List<HistoryRow>> e : history.entrySet()) {
                for (HistoryRow r : e.getValue()) {
                    StringBuilder line = new StringBuilder(e.getKey()).append(',').append(r.step());
                    for (String n : names) {
                        Double v = r.terms().get(n);
                        line.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
                    }
                    line.append(String.format(Locale.ROOT, ",%.6g,%.3f%n", r.total(), r.stepsPerSecond()));
                    w.write(line.toString());
                }
            }
            w.flush();
        });
    }

    /** A table the task keeps beside the standard files ({@code restarts.csv}, {@code confusion.csv}), written whole. */
    void writeTable(String fileName, CharSequence csv) {
        byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(folder.path().resolve(fileName), out -> out.write(bytes));
    }

    /** Every file of a run is written to a temporary name and moved into place: a full disk leaves no half file. */
    private static void write(Path file, AtomicFile.Content content) {
        try {
            AtomicFile.write(file, content);
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(file, e);
        }
    }

    /** The trained model of a phase, as model/&lt;phase&gt;.sdz. */
    void saveModel(String phase, Network network) {
        save(folder.modelFolder(), folder.model(phase), network);
    }

    /** Restart {@code k} of a phase whose restarts are averaged ({@link RunFolder#member}). */
    void saveMember(String phase, int k, Network network) {
        Path file = folder.member(phase, k);
        save(file.getParent(), file, network);
    }

    /** The weights a diverged run fell back to, under checkpoints/. */
    void saveCheckpoint(String name, Network network) {
        save(folder.checkpointFolder(), folder.checkpoint(name), network);
    }

    /** Saved under a temporary name and moved into place, so a save that fails leaves no half model. */
    private static void save(Path directory, Path file, Network network) {
        try {
            Files.createDirectories(directory);
            AtomicFile.writeVia(file, network::save);
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(file, e);
        } catch (RuntimeException | AssertionError e) {
            // SameDiff's FlatBuffers writer asserts (an Error) when the graph passes 2 GB
            String why = rootMessage(e);
            throw new UncheckedIOException("cannot write " + file + ": " + why + (why.contains("2 gigabytes")
                    ? " (a saved graph holds at most 2 GB of weights and constants: a smaller model, or fewer outputs)" : ""),
                    new IOException(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    void writeMetrics(Map<String, Double> metrics) {
        writeMetrics(Metrics.of(metrics));
    }

    void writeMetrics(Metrics metrics) {
        folder.writeMetrics(metrics);
    }

    /** metrics-so-far.json: a stopped run's measurements, not its results ({@link RunFolder#METRICS_SO_FAR}). */
    void writeMetricsSoFar(Map<String, Double> metrics) {
        folder.writeMetricsSoFar(Metrics.of(metrics));
    }

    /** Wall time is kept to 0.1 s. */
    void markCompleted(double wallSeconds) {
        folder.writeStatus(RunStatus.completed(Instant.now(), wallSeconds));
    }

    /**
     * On a full disk, status.json must still say why: the space the claim set aside
     * ({@link #RESERVE}) is given back first, so the few hundred bytes of the status fit.
     */
    void markFailed(Throwable e) {
        giveBackReserve();
        folder.writeStatus(RunStatus.failed(Instant.now(), e.getMessage()));
    }

    private void giveBackReserve() {
        try {
            Files.deleteIfExists(path.resolve(RESERVE));
        } catch (IOException ignored) {
            // nothing more can be freed here; writing the status says whether it was enough
        }
    }

    void markCancelled(String message) {
        folder.writeStatus(RunStatus.cancelled(Instant.now(), message));
    }
}
