package dev.kenning.workbench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.InputError;
import dev.kenning.core.KenningJson;
import dev.kenning.kg.KnowledgeBase;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Records finished runs in the workspace graph as PROV-O and reads them back. Each run is a
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

    static final String PREFIXES = """
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX k: <https://kenning.dev/ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            """;

    private final KnowledgeBase kb;

    public RunRegistry(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** A recorded run as the graph holds it. */
    public record RecordedRun(String iri, String label, String experiment, String seed, String folder,
                              String started, String ended, Map<String, String> metrics,
                              List<Map<String, String>> used, List<Map<String, String>> generated) {
    }

    /**
     * Records the completed run in {@code folder}, replacing an earlier record of it.
     *
     * @return the run's IRI
     */
    public String record(Path folder) {
        return record(folder, FinishedRun.read(folder), "completed");
    }

    /**
     * Records a run that was cancelled (status.json says so): no metrics, the models it saved.
     *
     * @return the run's IRI
     * @throws InputError if the folder's status.json does not say "cancelled"
     */
    public String recordCancelled(Path folder) {
        return record(folder, FinishedRun.cancelled(folder), "cancelled");
    }

    private String record(Path folder, FinishedRun run, String status) {
        Path abs = folder.toAbsolutePath().normalize();
        // The folder name is what users see; the path hash keeps two "run" folders apart.
        String id = run.label().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sha256(abs.toString()).substring(0, 8);
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
        Instant[] times = times(folder, run);
        activity.addLiteral(prov(m, "startedAtTime"), dateTime(m, times[0]));
        activity.addLiteral(prov(m, "endedAtTime"), dateTime(m, times[1]));
        for (Map.Entry<String, Double> e : run.metrics().entrySet()) {
            activity.addProperty(k(m, "metric"), m.createResource()
                    .addProperty(k(m, "metricName"), e.getKey())
                    .addLiteral(k(m, "metricValue"), m.createTypedLiteral(e.getValue())));
        }
        Path spec = folder.resolve("spec.yaml");
        if (Files.isRegularFile(spec)) {
            used(m, activity, "Spec", spec.toAbsolutePath().normalize().toString(), sha256(spec));
        }
        Path constraints = folder.resolve("constraints.json");
        if (Files.isRegularFile(constraints)) {
            try {
                JsonNode doc = KenningJson.mapper().readTree(constraints.toFile());
                hashes(doc.path("ontologies_sha256")).forEach(h -> used(m, activity, "Ontology", h[0], h[1]));
                hashes(doc.path("rules_sha256")).forEach(h -> used(m, activity, "RulePack", h[0], h[1]));
            } catch (IOException e) {
                throw new InputError(constraints.toString(), "not readable JSON: " + e.getMessage(), e);
            }
        }
        Path models = folder.resolve("model");
        if (Files.isDirectory(models)) {
            try (Stream<Path> files = Files.list(models)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    Resource model = entity(m, "Model", f.toAbsolutePath().normalize().toString(), sha256(f))
                            .addProperty(prov(m, "wasGeneratedBy"), activity);
                    activity.addProperty(prov(m, "generated"), model);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        kb.importModel(m, GRAPH_PREFIX + id);
        return iri;
    }

    /** Every recorded run, oldest first, with the headline metric of each model. */
    public List<Map<String, String>> list() {
        return kb.select(PREFIXES + """
                SELECT ?run ?label ?experiment ?seed ?ended ?status ?label_free ?supervised ?knowledge ?baseline WHERE {
                  GRAPH ?g { ?run a prov:Activity, k:Run ; rdfs:label ?label ; k:experiment ?experiment ;
                                  prov:endedAtTime ?ended .
                    OPTIONAL { ?run k:seed ?seed }
                    OPTIONAL { ?run k:status ?status }
                    OPTIONAL { ?run k:metric [ k:metricName "label_free.test_corr" ; k:metricValue ?label_free ] }
                    OPTIONAL { ?run k:metric [ k:metricName "supervised.test_corr" ; k:metricValue ?supervised ] }
                    OPTIONAL { ?run k:metric [ k:metricName "knowledge.acc" ; k:metricValue ?knowledge ] }
                    OPTIONAL { ?run k:metric [ k:metricName "baseline.acc" ; k:metricValue ?baseline ] } }
                } ORDER BY ?ended ?label""");
    }

    /**
     * The run named by its IRI, its folder name or its folder path.
     *
     * @throws InputError if no recorded run, or more than one, has that name
     */
    public RecordedRun show(String name) {
        String abs = Path.of(name).toAbsolutePath().normalize().toString();
        List<Map<String, String>> rows = kb.select(PREFIXES + """
                SELECT ?run ?label ?experiment ?seed ?folder ?started ?ended WHERE {
                  ?run a k:Run ; rdfs:label ?label ; k:experiment ?experiment ; k:runFolder ?folder ;
                       prov:startedAtTime ?started ; prov:endedAtTime ?ended .
                  OPTIONAL { ?run k:seed ?seed }
                  FILTER (str(?run) = %s || ?label = %s || ?folder = %s)
                } ORDER BY ?run""".formatted(quote(name), quote(name), quote(abs)));
        if (rows.isEmpty()) {
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
        List<Map<String, String>> used = kb.select(PREFIXES + "SELECT ?kind ?location ?sha256 WHERE { " + run
                + " prov:used ?e . ?e a ?type ; prov:atLocation ?location ; k:sha256 ?sha256 ."
                + " FILTER (?type != prov:Entity) BIND (strafter(str(?type), str(k:)) AS ?kind) } ORDER BY ?kind ?location");
        List<Map<String, String>> generated = kb.select(PREFIXES + "SELECT ?location ?sha256 WHERE { " + run
                + " prov:generated ?e . ?e prov:atLocation ?location ; k:sha256 ?sha256 } ORDER BY ?location");
        return new RecordedRun(r.get("run"), r.get("label"), r.get("experiment"), r.get("seed"), r.get("folder"),
                r.get("started"), r.get("ended"), metrics, used, generated);
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

    private static List<String[]> hashes(JsonNode section) {
        List<String[]> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new String[]{e.getKey(), e.getValue().asText()});
        }
        return out;
    }

    /**
     * Start and end of the run. status.json keeps "started" while running and "finished" plus
     * wall_seconds once completed; a run recorded as it finishes has not written "finished" yet.
     */
    private static Instant[] times(Path folder, FinishedRun run) {
        Instant started = null;
        Instant finished = null;
        double wall = run.metrics().getOrDefault("wall_seconds", Double.NaN);
        Path status = folder.resolve("status.json");
        if (Files.isRegularFile(status)) {
            try {
                JsonNode s = KenningJson.mapper().readTree(status.toFile());
                started = s.hasNonNull("started") ? Instant.parse(s.get("started").asText()) : null;
                finished = s.hasNonNull("finished") ? Instant.parse(s.get("finished").asText()) : null;
                if (s.hasNonNull("wall_seconds")) {
                    wall = s.get("wall_seconds").asDouble();
                }
            } catch (IOException | RuntimeException e) {
                throw new InputError(status.toString(), "not a readable status: " + e.getMessage(), e);
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

    private static org.apache.jena.rdf.model.Literal dateTime(Model m, Instant t) {
        return m.createTypedLiteral(t.toString(), XSDDatatype.XSDdateTime);
    }

    private static Property k(Model m, String local) {
        return m.createProperty(KnowledgeBase.NS + local);
    }

    private static Property prov(Model m, String local) {
        return m.createProperty(PROV + local);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streamed: model files can be large. */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
