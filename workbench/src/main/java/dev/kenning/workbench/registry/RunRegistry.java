package dev.kenning.workbench.registry;

import dev.kenning.core.InputError;
import dev.kenning.core.Sha256;
import dev.kenning.core.run.LockFile;
import dev.kenning.core.run.MetricName;
import dev.kenning.core.run.RunFolder;
import dev.kenning.core.run.RunStatus;
import dev.kenning.kg.KnowledgeBase;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records runs in the workspace graph as PROV-O and reads them back. A run is recorded when it
 * starts (status "running", no end), and again when it completes, fails or is cancelled, so a run
 * whose process was killed is still listed, and {@link #list()} shows it as interrupted by reading
 * its folder's status (a "running" record whose folder no live process holds). Each run is a
 * {@code prov:Activity} in a named graph of its own (re-recording replaces it): it
 * {@code prov:used} its spec, ontologies and rule packs and {@code prov:generated} its model
 * files, each an entity named by its SHA-256 ({@code urn:sha256:…}), so two runs that used the
 * same ontology point at the same node and "which runs used this version" is one query. Metrics
 * are typed literals on the run; times are {@code prov:startedAtTime}/{@code prov:endedAtTime}.
 */
public final class RunRegistry {
    public static final String PROV = "http://www.w3.org/ns/prov#";
    public static final String RUN_PREFIX = "urn:kenning:run:";
    public static final String GRAPH_PREFIX = "urn:kenning:graph:run:";
    public static final String SWEEP_PREFIX = "urn:kenning:sweep:";
    public static final String SWEEP_GRAPH_PREFIX = "urn:kenning:graph:sweep:";

    static final String PREFIXES = """
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX k: <https://kenning.dev/ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            """;

    private final KnowledgeBase kb;

    public RunRegistry(KnowledgeBase kb) {
        this.kb = kb;
    }

    /**
     * A run as the graph holds it, its status as {@link #list()} shows it and status.json's message
     * ("" if none); {@code iri} null for a claimed run never recorded, {@code ended} null for one
     * that has not ended (running, interrupted).
     */
    public record RecordedRun(String iri, String label, String experiment, String seed, String folder,
                              String started, String ended, String status, String message, Map<String, String> metrics,
                              List<Map<String, String>> used, List<Map<String, String>> generated) {
    }

    /**
     * Records the completed run in {@code folder}, replacing an earlier record of it.
     *
     * @return the run's IRI
     */
    public String record(Path folder) {
        return record(folder, FinishedRun.read(folder), "completed", null);
    }

    /**
     * Records a completed run of a sweep: as {@link #record(Path)}, and tied to its sweep
     * ({@code prov:wasInformedBy}) with its configuration and spec hash, by which a resumed sweep
     * knows it is done.
     */
    public String record(Path folder, SweepMember member) {
        return record(folder, FinishedRun.read(folder), "completed", member);
    }

    /**
     * A run of a sweep that failed (diverged, bad input on the worker, a lost worker past Spark's
     * retries): recorded with its message so the sweep's table can say which runs are missing and why.
     *
     * @param folder the run folder if one was written, else null
     * @return the run's IRI
     */
    public String recordFailed(SweepMember member, String experiment, long seed, String label, Path folder,
                               String message, Instant started, Instant ended) {
        String id = label.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Sha256.of(member.sweep() + "/" + label).substring(0, 8);
        String iri = RUN_PREFIX + id;
        Model m = ModelFactory.createDefaultModel();
        Resource activity = m.createResource(iri)
                .addProperty(RDF.type, m.createResource(PROV + "Activity"))
                .addProperty(RDF.type, k(m, "Run"))
                .addProperty(RDFS.label, label)
                .addProperty(k(m, "experiment"), experiment)
                .addProperty(k(m, "status"), "failed")
                .addProperty(k(m, "message"), message == null ? "" : message)
                .addLiteral(k(m, "seed"), m.createTypedLiteral(Long.toString(seed), XSDDatatype.XSDinteger))
                .addLiteral(prov(m, "startedAtTime"), dateTime(m, started))
                .addLiteral(prov(m, "endedAtTime"), dateTime(m, ended));
        if (folder != null) {
            activity.addProperty(k(m, "runFolder"), folder.toAbsolutePath().normalize().toString());
        }
        member.describe(m, activity);
        kb.importModel(m, GRAPH_PREFIX + id);
        return iri;
    }

    /**
     * A sweep as a parent activity: its spec, grid, seeds and master, when it started and ended,
     * its state ("running", "completed", "interrupted") and the folder of its comparison.
     * Recording it again (when it ends) replaces the record.
     */
    public String recordSweep(SweepRecord sweep) {
        Model m = ModelFactory.createDefaultModel();
        Resource activity = m.createResource(sweep.iri())
                .addProperty(RDF.type, m.createResource(PROV + "Activity"))
                .addProperty(RDF.type, k(m, "Sweep"))
                .addProperty(RDFS.label, sweep.label())
                .addProperty(k(m, "experiment"), sweep.experiment())
                .addProperty(k(m, "grid"), sweep.grid())
                .addProperty(k(m, "seeds"), sweep.seeds())
                .addProperty(k(m, "master"), sweep.master())
                .addProperty(k(m, "status"), sweep.status())
                .addProperty(k(m, "sweepFolder"), sweep.folder().toAbsolutePath().normalize().toString())
                .addLiteral(prov(m, "startedAtTime"), dateTime(m, sweep.started()));
        if (sweep.ended() != null) {
            activity.addLiteral(prov(m, "endedAtTime"), dateTime(m, sweep.ended()));
        }
        used(m, activity, "Spec", sweep.spec().toAbsolutePath().normalize().toString(), Sha256.of(sweep.spec()));
        kb.importModel(m, SWEEP_GRAPH_PREFIX + sweep.iri().substring(SWEEP_PREFIX.length()));
        return sweep.iri();
    }

    /**
     * Held by the process driving a sweep ({@link LockFile}) in the sweep's folder for the sweep's
     * life: a sweep recorded as running whose lock no process holds was killed.
     */
    public static final String SWEEP_LOCK = ".sweep.lock";

    /**
     * Every recorded sweep, newest first: iri, label, experiment, status, folder, started. A sweep
     * recorded as running whose folder's {@link #SWEEP_LOCK} no live process holds (its driver was
     * killed, or the machine stopped) reads as interrupted, as a run does.
     */
    public List<Map<String, String>> sweeps() {
        List<Map<String, String>> rows = kb.select(PREFIXES + """
                SELECT ?sweep ?label ?experiment ?status ?folder ?started WHERE {
                  ?sweep a k:Sweep ; rdfs:label ?label ; k:experiment ?experiment ; k:status ?status ;
                         k:sweepFolder ?folder ; prov:startedAtTime ?started .
                } ORDER BY DESC(?started)""");
        List<Map<String, String>> said = new ArrayList<>();
        for (Map<String, String> row : rows) {
            if ("running".equals(row.get("status")) && !LockFile.isHeld(Path.of(row.get("folder")).resolve(SWEEP_LOCK))) {
                row = new LinkedHashMap<>(row);
                row.put("status", "interrupted");
            }
            said.add(row);
        }
        return said;
    }

    /** The runs of one sweep: run, label, configuration, seed, status, folder (if any), message (if failed). */
    public List<Map<String, String>> sweepRuns(String sweepIri) {
        return kb.select(PREFIXES + """
                SELECT ?run ?label ?configuration ?seed ?status ?folder ?message WHERE {
                  ?run a k:Run ; prov:wasInformedBy <%s> ; rdfs:label ?label ; k:configuration ?configuration ;
                       k:status ?status .
                  OPTIONAL { ?run k:seed ?seed }
                  OPTIONAL { ?run k:runFolder ?folder }
                  OPTIONAL { ?run k:message ?message }
                } ORDER BY ?configuration ?seed""".formatted(sweepIri));
    }

    /**
     * Runs recorded as completed whose spec hash is one of {@code hashes}: spec hash → run folder.
     * A resumed sweep skips these.
     */
    public Map<String, Path> completedBySpecHash(java.util.Collection<String> hashes) {
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        if (hashes.isEmpty()) {
            return out;
        }
        String values = hashes.stream().map(RunRegistry::quote).collect(java.util.stream.Collectors.joining(" "));
        kb.select(PREFIXES + """
                SELECT ?hash ?folder WHERE {
                  VALUES ?hash { %s }
                  ?run a k:Run ; k:specHash ?hash ; k:status "completed" ; k:runFolder ?folder .
                }""".formatted(values)).forEach(r -> out.putIfAbsent(r.get("hash"), Path.of(r.get("folder"))));
        return out;
    }

    /**
     * Records a run as it starts: its name, seed, spec and knowledge, status "running" and no end,
     * so that a run killed before it finishes is listed (as interrupted) rather than missing.
     *
     * @return the run's IRI
     */
    public String recordStarted(Path folder) {
        return record(folder, FinishedRun.unfinished(folder), "running", null);
    }

    /**
     * Records a run that failed (status.json says why): no metrics, whatever models it saved.
     *
     * @return the run's IRI
     */
    public String recordFailed(Path folder) {
        return record(folder, FinishedRun.unfinished(folder), "failed", null);
    }

    /**
     * Records a run that was cancelled (status.json says so): no metrics, the models it saved.
     *
     * @return the run's IRI
     * @throws InputError if the folder's status.json does not say "cancelled"
     */
    public String recordCancelled(Path folder) {
        return record(folder, FinishedRun.cancelled(folder), "cancelled", null);
    }

    private String record(Path folder, FinishedRun run, String status, SweepMember member) {
        RunFolder runFolder = run.runFolder();
        Path abs = folder.toAbsolutePath().normalize();
        String id = id(folder, run.label());
        String iri = RUN_PREFIX + id;
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("prov", PROV);
        m.setNsPrefix("k", KnowledgeBase.NS);
        Resource activity = m.createResource(iri)
                .addProperty(RDF.type, m.createResource(PROV + "Activity"))
                .addProperty(RDF.type, k(m, "Run"))
                .addProperty(RDFS.label, run.label())
                .addProperty(k(m, "experiment"), run.experiment())
                .addProperty(k(m, "runFolder"), abs.toString())
                .addProperty(k(m, "status"), status);
        if (run.seed() != null) {
            activity.addLiteral(k(m, "seed"), m.createTypedLiteral(run.seed().toString(), XSDDatatype.XSDinteger));
        }
        Instant[] times = times(runFolder, run);
        activity.addLiteral(prov(m, "startedAtTime"), dateTime(m, times[0]));
        if (!status.equals("running")) {
            activity.addLiteral(prov(m, "endedAtTime"), dateTime(m, times[1]));
        }
        for (Map.Entry<String, Double> e : run.metrics().entrySet()) {
            activity.addProperty(k(m, "metric"), m.createResource()
                    .addProperty(k(m, "metricName"), e.getKey())
                    .addLiteral(k(m, "metricValue"), m.createTypedLiteral(e.getValue())));
        }
        if (member != null) {
            member.describe(m, activity);
        }
        Path spec = runFolder.specFile();
        if (Files.isRegularFile(spec)) {
            used(m, activity, "Spec", spec.toAbsolutePath().normalize().toString(), Sha256.of(spec));
        }
        runFolder.constraints().ifPresent(c -> {
            c.ontologies().forEach((file, hash) -> used(m, activity, "Ontology", file, hash));
            c.rules().forEach((file, hash) -> used(m, activity, "RulePack", file, hash));
        });
        for (Path f : runFolder.modelFiles()) {
            Resource model = entity(m, "Model", f.toAbsolutePath().normalize().toString(), Sha256.of(f))
                    .addProperty(prov(m, "wasGeneratedBy"), activity);
            activity.addProperty(prov(m, "generated"), model);
        }
        kb.importModel(m, GRAPH_PREFIX + id);
        return iri;
    }

    /** Removes the record of a run that never started (its inputs were refused and its folder removed). */
    public void forget(Path folder) {
        kb.update("DROP SILENT GRAPH <" + GRAPH_PREFIX + id(folder, RunFolder.of(folder).label()) + ">");
    }

    /** The folder name is what users see; the path hash keeps two "run" folders apart. */
    private static String id(Path folder, String label) {
        String abs = folder.toAbsolutePath().normalize().toString();
        return label.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Sha256.of(abs).substring(0, 8);
    }

    /**
     * Every run, oldest first, with the headline metric of each model: the recorded runs, and the
     * folders the workspace's {@link ClaimedRuns} names that a run claimed but never recorded (it
     * was killed before its start record was stored), as their folders read. A run recorded or
     * claimed as "running" shows what its folder says now: "running" while a live process holds
     * it, "interrupted" once none does (killed, or the machine stopped), "missing" if the folder
     * is gone; it has no "ended".
     */
    public List<Map<String, String>> list() {
        List<Map<String, String>> rows = kb.select(PREFIXES + """
                SELECT ?run ?label ?experiment ?seed ?started ?ended ?status ?label_free ?supervised ?knowledge ?baseline ?folder WHERE {
                  GRAPH ?g { ?run a prov:Activity, k:Run ; rdfs:label ?label ; k:experiment ?experiment ;
                                  prov:startedAtTime ?started .
                    OPTIONAL { ?run prov:endedAtTime ?ended }
                    OPTIONAL { ?run k:runFolder ?folder }
                    OPTIONAL { ?run k:seed ?seed }
                    OPTIONAL { ?run k:status ?status }
                    OPTIONAL { ?run k:metric [ k:metricName "%s" ; k:metricValue ?label_free ] }
                    OPTIONAL { ?run k:metric [ k:metricName "%s" ; k:metricValue ?supervised ] }
                    OPTIONAL { ?run k:metric [ k:metricName "%s" ; k:metricValue ?knowledge ] }
                    OPTIONAL { ?run k:metric [ k:metricName "%s" ; k:metricValue ?baseline ] } }
                } ORDER BY (COALESCE(?ended, ?started)) ?label""".formatted(MetricName.LABEL_FREE_TEST_CORR,
                MetricName.SUPERVISED_TEST_CORR, MetricName.KNOWLEDGE_ACC, MetricName.BASELINE_ACC));
        List<Map<String, String>> listed = new ArrayList<>();
        java.util.Set<Path> recorded = new java.util.HashSet<>();
        for (Map<String, String> row : rows) {
            Map<String, String> r = new LinkedHashMap<>(row);
            if (r.get("folder") != null) {
                recorded.add(Path.of(r.get("folder")));
                if ("running".equals(r.get("status"))) {
                    r.put("status", liveStatus(Path.of(r.get("folder"))));
                }
            }
            listed.add(r);
        }
        kb.workspace().ifPresent(ws -> {
            for (Path folder : ClaimedRuns.in(ws).folders()) {
                if (!recorded.contains(folder)) {
                    unrecorded(folder).ifPresent(listed::add);
                }
            }
        });
        listed.sort(java.util.Comparator.comparing(r -> instant(r.getOrDefault("ended", r.get("started")))));
        listed.forEach(r -> {
            r.remove("folder");
            r.remove("started");
        });
        return listed;
    }

    /**
     * A claimed folder with no record, as a row of {@link #list()}, if a run claimed it and never
     * ended (its lock file or a "running" status.json is there): a folder that is gone, or that a
     * refused run gave back, is no run; one that ended and was not recorded (the workspace was busy)
     * waits for {@code kenning runs record}, as the run's warning said.
     */
    private static Optional<Map<String, String>> unrecorded(Path folder) {
        RunFolder run = RunFolder.of(folder);
        Optional<RunStatus> status;
        try {
            status = run.status();
        } catch (InputError e) {
            status = Optional.empty();
        }
        boolean ended = status.isPresent() && status.get().state() != RunStatus.State.RUNNING
                && status.get().state() != RunStatus.State.INTERRUPTED;
        if (!run.exists() || ended || (status.isEmpty() && !Files.exists(run.lockFile()))) {
            return Optional.empty();
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("label", run.label());
        try {
            r.put("experiment", run.name());
            run.seed().ifPresent(seed -> r.put("seed", Long.toString(seed)));
        } catch (InputError e) {
            r.put("experiment", run.label());
        }
        r.put("started", status.map(RunStatus::started).filter(java.util.Objects::nonNull).orElseGet(() -> modified(run.lockFile()))
                .toString());
        r.put("status", status.isPresent() ? status.get().word() : run.isHeld() ? RunStatus.State.RUNNING.word()
                : RunStatus.State.INTERRUPTED.word());
        return Optional.of(r);
    }

    /** An xsd:dateTime as the registry writes it; one written otherwise sorts first. */
    private static Instant instant(String dateTime) {
        try {
            return java.time.OffsetDateTime.parse(dateTime).toInstant();
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    /** What a folder recorded as running says now; an unreadable status.json is not a completed run either. */
    private static String liveStatus(Path folder) {
        RunFolder run = RunFolder.of(folder);
        if (!run.exists()) {
            return "missing";
        }
        try {
            return run.status().map(RunStatus::word).orElse(RunStatus.State.INTERRUPTED.word());
        } catch (InputError e) {
            return RunStatus.State.INTERRUPTED.word();
        }
    }

    /** What the folder's status.json says besides its state (why it failed, where it was cancelled), or "". */
    private static String statusMessage(Path folder) {
        try {
            return RunFolder.of(folder).status().map(RunStatus::message).orElse("");
        } catch (InputError e) {
            return e.getMessage();
        }
    }

    /**
     * The run named by its IRI, its folder name or its folder path: any run {@link #list()} shows,
     * whatever its status, a claimed run never recorded too.
     *
     * @throws InputError if no run, or more than one, has that name
     */
    public RecordedRun show(String name) {
        Path abs = Path.of(name).toAbsolutePath().normalize();
        List<Map<String, String>> rows = kb.select(PREFIXES + """
                SELECT ?run ?label ?experiment ?seed ?folder ?started ?ended ?status WHERE {
                  ?run a k:Run ; rdfs:label ?label ; k:experiment ?experiment ; k:runFolder ?folder ;
                       prov:startedAtTime ?started .
                  OPTIONAL { ?run prov:endedAtTime ?ended }
                  OPTIONAL { ?run k:seed ?seed }
                  OPTIONAL { ?run k:status ?status }
                  FILTER (str(?run) = %s || ?label = %s || ?folder = %s)
                } ORDER BY ?run""".formatted(quote(name), quote(name), quote(abs.toString())));
        if (rows.isEmpty()) {
            Optional<Path> claimed = kb.workspace().stream().flatMap(ws -> ClaimedRuns.in(ws).folders().stream())
                    .filter(f -> f.equals(abs) || RunFolder.of(f).label().equals(name)).findFirst();
            Optional<Map<String, String>> unrecorded = claimed.flatMap(RunRegistry::unrecorded);
            if (unrecorded.isPresent()) {
                Map<String, String> u = unrecorded.get();
                return new RecordedRun(null, u.get("label"), u.get("experiment"), u.get("seed"), claimed.get().toString(),
                        u.get("started"), null, u.get("status"), statusMessage(claimed.get()), Map.of(), List.of(), List.of());
            }
            throw new InputError(name, "no recorded run has this name, folder or IRI (kenning runs list shows them)");
        }
        if (rows.size() > 1) {
            throw new InputError(name, "names " + rows.size() + " recorded runs; give the folder path or IRI: "
                    + rows.stream().map(r -> r.get("run")).toList());
        }
        Map<String, String> r = rows.get(0);
        String run = "<" + r.get("run") + ">";
        Map<String, String> metrics = new java.util.LinkedHashMap<>();
        kb.select(PREFIXES + "SELECT ?name ?value WHERE { " + run
                        + " k:metric [ k:metricName ?name ; k:metricValue ?value ] } ORDER BY ?name")
                .forEach(row -> metrics.put(row.get("name"), row.get("value")));
        // an entity is named by its bytes' hash, so every run that used those bytes adds its location to it: read
        // the locations from the graph that records this run's use, not from the union of every run's
        List<Map<String, String>> used = kb.select(PREFIXES + "SELECT DISTINCT ?kind ?location ?sha256 WHERE { GRAPH ?g { " + run
                + " prov:used ?e . ?e a ?type ; prov:atLocation ?location ; k:sha256 ?sha256 } ."
                + " FILTER (?type != prov:Entity) BIND (strafter(str(?type), str(k:)) AS ?kind) } ORDER BY ?kind ?location");
        List<Map<String, String>> generated = kb.select(PREFIXES + "SELECT DISTINCT ?location ?sha256 WHERE { GRAPH ?g { " + run
                + " prov:generated ?e . ?e prov:atLocation ?location ; k:sha256 ?sha256 } } ORDER BY ?location");
        String status = r.get("status") == null ? RunStatus.State.COMPLETED.word() : r.get("status");
        return new RecordedRun(r.get("run"), r.get("label"), r.get("experiment"), r.get("seed"), r.get("folder"),
                r.get("started"), r.get("ended"), status.equals("running") ? liveStatus(Path.of(r.get("folder"))) : status,
                statusMessage(Path.of(r.get("folder"))), metrics, used, generated);
    }

    private static void used(Model m, Resource activity, String kind, String location, String sha256) {
        activity.addProperty(m.createProperty(PROV + "used"), entity(m, kind, location, sha256));
    }

    private static Resource entity(Model m, String kind, String location, String sha256) {
        return m.createResource("urn:sha256:" + sha256)
                .addProperty(RDF.type, m.createResource(PROV + "Entity"))
                .addProperty(RDF.type, k(m, kind))
                .addProperty(k(m, "sha256"), sha256)
                .addProperty(prov(m, "atLocation"), location);
    }

    /**
     * Start and end of the run. status.json keeps "started" while running and "finished" plus
     * wall_seconds once completed; a run recorded as it finishes has not written "finished" yet.
     */
    private static Instant[] times(RunFolder folder, FinishedRun run) {
        Instant started = null;
        Instant finished = null;
        double wall = run.metrics().getOrDefault(MetricName.WALL_SECONDS.toString(), Double.NaN);
        Optional<RunStatus> status = folder.status();
        if (status.isPresent()) {
            started = status.get().started();
            finished = status.get().finished();
            if (!Double.isNaN(status.get().wallSeconds())) {
                wall = status.get().wallSeconds();
            }
        }
        if (finished == null) {
            finished = Instant.now();
        }
        if (started == null) {
            started = Double.isNaN(wall) ? finished : finished.minus(Duration.ofMillis(Math.round(wall * 1000)));
        }
        return new Instant[]{started, finished};
    }

    static org.apache.jena.rdf.model.Literal dateTime(Model m, Instant t) {
        return m.createTypedLiteral(t.toString(), XSDDatatype.XSDdateTime);
    }

    static Property k(Model m, String local) {
        return m.createProperty(KnowledgeBase.NS + local);
    }

    static Property prov(Model m, String local) {
        return m.createProperty(PROV + local);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
