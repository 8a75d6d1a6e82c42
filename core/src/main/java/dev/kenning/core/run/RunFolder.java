package dev.kenning.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.AtomicFile;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The folder one run writes, and the only place that knows its layout:
 *
 * <table>
 * <caption>What a run writes</caption>
 * <tr><td>{@code spec.yaml}</td><td>the spec as run, every default filled in</td></tr>
 * <tr><td>{@code constraints.json}</td><td>the derived constraints with provenance, SHA-256 of the knowledge</td></tr>
 * <tr><td>{@code history.csv}</td><td>per logged step and phase: each loss term, the total, steps/s</td></tr>
 * <tr><td>{@code metrics.json}</td><td>flat name → number; written last, so only completed runs have it</td></tr>
 * <tr><td>{@code status.json}</td><td>running, then completed, cancelled or failed (see {@link RunStatus})</td></tr>
 * <tr><td>{@code model/<phase>.sdz}</td><td>the trained models</td></tr>
 * <tr><td>{@code model/members/<phase>-<k>.sdz}</td><td>restarts 1… of a phase whose restarts are averaged
 * ({@code <phase>.restarts_averaged}); restart 0 is {@code model/<phase>.sdz}</td></tr>
 * <tr><td>{@code checkpoints/<name>.sdz}</td><td>the weights a diverged run fell back to</td></tr>
 * <tr><td>{@code *.png}</td><td>plots: losses, trajectories (sequences), accuracy and confusion (images)</td></tr>
 * <tr><td>{@code confusion.csv}</td><td>image tasks: counts, rows true class, columns predicted</td></tr>
 * <tr><td>{@code report.html}</td><td>the run on one offline page</td></tr>
 * <tr><td>{@code metrics-so-far.json}</td><td>a run that stopped (failed, cancelled): what it had measured, such as
 * the seeds it finished; never read as a completed run's metrics</td></tr>
 * <tr><td>{@code environment.json}</td><td>what made the run: Kenning's commit, Java, the machine's cores, the
 * native threads ({@code OMP_NUM_THREADS}) and build, on which its numbers depend to the last digits</td></tr>
 * </table>
 *
 * <p>Readers ask it for typed contents ({@link #status()}, {@link #metrics()}, {@link #name()},
 * {@link #seed()}, {@link #constraints()}, {@link #models()}); a file that is there but cannot be
 * read is an {@link InputError} naming it. The JSON files it writes ({@link #writeStatus},
 * {@link #writeMetrics}, {@link #writeConstraints}) go to a temporary file in the folder first
 * and are then moved into place, so a crash never leaves half a file for a reader to find.
 */
public final class RunFolder {
    public static final String SPEC = "spec.yaml";
    public static final String CONSTRAINTS = "constraints.json";
    public static final String HISTORY = "history.csv";
    public static final String METRICS = "metrics.json";
    public static final String STATUS = "status.json";
    public static final String REPORT = "report.html";
    public static final String CONFUSION = "confusion.csv";
    /** The knowledge a run made rather than read from a file (labels as classes, WordNet's hypernyms). */
    public static final String GENERATED_KNOWLEDGE = "generated-knowledge.ttl";
    /** What the run said as it went (what it read, its notes and warnings), a line each. */
    public static final String LOG = "log.txt";
    public static final String ENVIRONMENT = "environment.json";
    /** What a run that stopped early had measured (a zero-shot run's finished seeds); metrics.json stays a completed run's. */
    public static final String METRICS_SO_FAR = "metrics-so-far.json";
    public static final String MODELS = "model";
    /** Under {@link #MODELS}: the restarts beyond the first of a phase whose restarts are averaged. */
    public static final String MEMBERS = "members";
    public static final String CHECKPOINTS = "checkpoints";
    /**
     * Held (an OS file lock) by the process writing the run, for the run's whole life: it claims
     * the folder against a second run, and a "running" status without a holder is an interrupted run.
     */
    public static final String LOCK = ".run.lock";
    /** Models and checkpoints are SameDiff files. */
    public static final String MODEL_EXTENSION = ".sdz";
    public static final String LOSSES_PLOT = "losses.png";
    public static final String TRAJECTORIES_PLOT = "trajectories.png";
    public static final String ACCURACY_PLOT = "accuracy.png";
    public static final String CONFUSION_PLOT = "confusion.png";
    /** The plots the workbench draws, in the order a report shows them. */
    public static final List<String> PLOTS = List.of(LOSSES_PLOT, TRAJECTORIES_PLOT, ACCURACY_PLOT, CONFUSION_PLOT);

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    /**
     * When a run or sweep folder was made, as its name ends ({@code NAME-sSEED-20261208-042740}): in
     * UTC, as status.json and the runs registry give times, whatever the machine's time zone.
     */
    public static String stamp(java.time.Instant when) {
        return STAMP.format(when);
    }

    private final Path path;

    private RunFolder(Path path) {
        this.path = path;
    }

    /** The run folder at {@code path}; nothing is read or created yet. */
    public static RunFolder of(Path path) {
        return new RunFolder(path);
    }

    public Path path() {
        return path;
    }

    /** The folder's own name, which is what a user typed and sees in a table header. */
    public String label() {
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name == null ? path.toString() : name.toString();
    }

    public boolean exists() {
        return Files.isDirectory(path);
    }

    // ---- the layout

    public Path specFile() {
        return path.resolve(SPEC);
    }

    public Path constraintsFile() {
        return path.resolve(CONSTRAINTS);
    }

    public Path environmentFile() {
        return path.resolve(ENVIRONMENT);
    }

    public Path historyFile() {
        return path.resolve(HISTORY);
    }

    public Path metricsFile() {
        return path.resolve(METRICS);
    }

    public Path statusFile() {
        return path.resolve(STATUS);
    }

    public Path reportFile() {
        return path.resolve(REPORT);
    }

    public Path confusionFile() {
        return path.resolve(CONFUSION);
    }

    public Path generatedKnowledgeFile() {
        return path.resolve(GENERATED_KNOWLEDGE);
    }

    public Path logFile() {
        return path.resolve(LOG);
    }

    public Path modelFolder() {
        return path.resolve(MODELS);
    }

    public Path checkpointFolder() {
        return path.resolve(CHECKPOINTS);
    }

    /** {@code model/<phase>.sdz}, whether or not it exists. */
    public Path model(String phase) {
        return modelFolder().resolve(phase + MODEL_EXTENSION);
    }

    /**
     * Restart {@code k} of a phase whose restarts are averaged: {@code model/<phase>.sdz} for restart
     * 0, {@code model/members/<phase>-<k>.sdz} for the others; whether or not it exists.
     */
    public Path member(String phase, int k) {
        return k == 0 ? model(phase) : modelFolder().resolve(MEMBERS).resolve(phase + "-" + k + MODEL_EXTENSION);
    }

    /** {@code checkpoints/<name>.sdz}, whether or not it exists. */
    public Path checkpoint(String name) {
        return checkpointFolder().resolve(name + MODEL_EXTENSION);
    }

    /** A plot in the folder, such as {@link #LOSSES_PLOT}. */
    public Path plot(String fileName) {
        return path.resolve(fileName);
    }

    // ---- reading

    /** The run's lock file ({@link #LOCK}). */
    public Path lockFile() {
        return path.resolve(LOCK);
    }

    /**
     * Whether the run completed: metrics.json is there and status.json, if there is one, says
     * completed (a run killed between writing the two is not).
     */
    public boolean isCompleted() {
        if (!Files.isRegularFile(metricsFile())) {
            return false;
        }
        Optional<RunStatus> s = status();
        return s.isEmpty() || s.get().state() == RunStatus.State.COMPLETED;
    }

    /**
     * Whether a live process holds the run's lock: this JVM, or another one (the OS releases a
     * dead process's locks).
     */
    public boolean isHeld() {
        return LockFile.isHeld(lockFile());
    }

    /**
     * What status.json says, or empty when there is none (a folder from before status.json, or
     * not a run at all); "running" with no live process holding the run's lock reads as interrupted.
     *
     * @throws InputError if status.json is there but not a readable status
     */
    public Optional<RunStatus> status() {
        Path file = statusFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode s;
        try {
            s = KenningJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputError(file.toString(), "not a readable status: " + e.getMessage(), e);
        }
        RunStatus status = RunStatus.fromJson(s, file);
        return Optional.of(status.state() == RunStatus.State.RUNNING && !isHeld() ? status.interrupted() : status);
    }

    /**
     * The metrics of a completed run, in the order metrics.json has them.
     *
     * @throws InputError if the folder is missing, has no metrics.json (not a completed run) or
     *                    the file is not an object of name → number
     */
    public Metrics metrics() {
        Optional<RunStatus> s = exists() ? status() : Optional.empty();
        if (s.isPresent() && s.get().state() != RunStatus.State.COMPLETED) {
            throw new InputError(path.toString(), "not a completed run: its " + STATUS + " says " + s.get().word()
                    + (Files.isRegularFile(metricsFile()) ? " (its " + METRICS + " may be incomplete)" : ""));
        }
        return writtenMetrics();
    }

    /**
     * How a run that did not complete says so, for what is exported from it: "failed: the reason",
     * "cancelled: …", "interrupted" (killed: its status still said running, and no process holds it),
     * or "running"; empty for a completed run, or a folder that has metrics.json and no status (an old run).
     */
    public Optional<String> notCompleted() {
        Optional<RunStatus> s = exists() ? status() : Optional.empty();
        if (s.isEmpty() ? Files.isRegularFile(metricsFile()) : s.get().state() == RunStatus.State.COMPLETED) {
            return Optional.empty();
        }
        return Optional.of(s.map(st -> st.word() + (st.message() == null || st.message().isBlank() ? "" : ": " + st.message()))
                .orElse("no " + STATUS + " and no " + METRICS));
    }

    /** What metrics.json holds, or none when the run did not complete and wrote none. */
    public Metrics metricsIfAny() {
        return Files.isRegularFile(metricsFile()) ? writtenMetrics() : Metrics.empty();
    }

    /**
     * What metrics.json holds, whatever status.json says: for showing beside a status that says
     * why the run did not complete. Use {@link #metrics()} for a run's results.
     *
     * @throws InputError if the folder is missing, has no metrics.json or it is not an object of name → number
     */
    public Metrics writtenMetrics() {
        if (!exists()) {
            throw new InputError(path.toString(), "no such run folder");
        }
        Path file = metricsFile();
        if (!Files.isRegularFile(file)) {
            throw new InputError(path.toString(), "not a completed run: it has no " + METRICS
                    + (Files.exists(statusFile()) ? " (see its " + STATUS + ")" : ""));
        }
        JsonNode node;
        try {
            node = KenningJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputError(file.toString(), "not readable JSON: " + e.getMessage(), e);
        }
        return Metrics.fromJson(node, file);
    }

    /**
     * The experiment's name as spec.yaml gives it, or the folder's name when there is no
     * spec.yaml or it names none.
     *
     * @throws InputError if spec.yaml is there but cannot be read
     */
    public String name() {
        Object name = specSummary().get("name");
        return name == null ? label() : name.toString();
    }

    /**
     * The seed spec.yaml gives, or empty when there is no spec.yaml or no numeric seed.
     *
     * @throws InputError if spec.yaml is there but cannot be read
     */
    public OptionalLong seed() {
        return specSummary().get("seed") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    /** spec.yaml as a map for name and seed: empty when missing or not a mapping. */
    private Map<?, ?> specSummary() {
        Path file = specFile();
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return loadYaml(file) instanceof Map<?, ?> spec ? spec : Map.of();
        } catch (IOException | RuntimeException e) {
            throw new InputError(file.toString(), "cannot read the run's spec: " + e.getMessage(), e);
        }
    }

    /**
     * The resolved spec the run wrote, key → value as YAML read it.
     *
     * @throws InputError if spec.yaml is missing, unreadable or not a mapping
     */
    public Map<String, Object> spec() {
        Path file = specFile();
        if (!Files.exists(file)) {
            throw new InputError(file.toString(), "not found");
        }
        Object doc;
        try {
            doc = loadYaml(file);
        } catch (IOException | RuntimeException e) {
            throw new InputError(file.toString(), "cannot be read (" + e.getMessage() + ")", e);
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new InputError(file.toString(), "is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return map;
    }

    private static Object loadYaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml().load(r);
        }
    }

    /**
     * constraints.json, or empty when the folder has none.
     *
     * @throws InputError if it is there but not readable JSON
     */
    public Optional<RunConstraints> constraints() {
        Path file = constraintsFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunConstraints(file, KenningJson.mapper().readTree(file.toFile())));
        } catch (IOException e) {
            throw new InputError(file.toString(), "not readable JSON: " + e.getMessage(), e);
        }
    }

    /** Every file under model/, sorted; none when there is no model/ folder. */
    public List<Path> modelFiles() {
        return filesIn(modelFolder(), p -> true);
    }

    /** Phase → {@code model/<phase>.sdz} for every model the run saved, sorted by phase. */
    public Map<String, Path> models() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : filesIn(modelFolder(), p -> p.getFileName().toString().endsWith(MODEL_EXTENSION))) {
            String name = f.getFileName().toString();
            out.put(name.substring(0, name.length() - MODEL_EXTENSION.length()), f);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every PNG in the folder, whichever run kind drew it, sorted by name. */
    public List<Path> plots() {
        return filesIn(path, p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"));
    }

    private static List<Path> filesIn(Path dir, java.util.function.Predicate<Path> keep) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    // ---- writing

    public void writeStatus(RunStatus status) {
        writeJson(statusFile(), status.toJson());
    }

    /** What a run that stopped early had measured, beside its status ({@link #METRICS_SO_FAR}). */
    public void writeMetricsSoFar(Metrics metrics) {
        writeJson(path.resolve(METRICS_SO_FAR), metrics.asMap());
    }

    /** Keys sorted, as metrics.json has always been written. */
    public void writeMetrics(Metrics metrics) {
        writeJson(metricsFile(), metrics.asMap());
    }

    /** What made the run, key → value (commit, Java, cores, threads, native build), in the order given. */
    public void writeEnvironment(Map<String, ?> environment) {
        writeJson(environmentFile(), environment);
    }

    /**
     * What made the run, as {@link #writeEnvironment} wrote it, each value as text; empty for a run
     * made before runs kept it.
     *
     * @throws InputError if environment.json is there but cannot be read
     */
    public Map<String, String> environment() {
        Path file = environmentFile();
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            KenningJson.mapper().readTree(file.toFile()).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new InputError(file.toString(), "cannot read the run's environment: " + e.getMessage(), e);
        }
    }

    /** The constraints document as the workbench builds it (constraints, hashes, endpoint, …). */
    public void writeConstraints(Map<String, ?> document) {
        writeJson(constraintsFile(), document);
    }

    /** Writes JSON to a temporary file beside {@code file}, then moves it into place in one step. */
    private static void writeJson(Path file, Object value) {
        byte[] bytes;
        try {
            bytes = KenningJson.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw AtomicFile.cannotWrite(file, e);
        }
        writeAtomically(file, bytes);
    }

    /** Replaces {@code file} with {@code bytes}, all or nothing ({@link AtomicFile}). */
    private static void writeAtomically(Path file, byte[] bytes) {
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            // the reason (a full disk, a folder made read-only) is what the user must read
            throw AtomicFile.cannotWrite(file, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunFolder r && r.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
