package dev.kenning.workbench;

import dev.kenning.core.AtomicFile;
import dev.kenning.core.Sha256;
import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.knowledge.WordNetMatch;
import dev.kenning.kg.Entailment;
import dev.kenning.kg.AttributeTable;
import dev.kenning.kg.Disjointness;
import dev.kenning.kg.FederatedQueries;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.Labelling;
import dev.kenning.kg.OwlImports;
import dev.kenning.kg.SkosConcepts;
import dev.kenning.kg.Subclassing;
import dev.kenning.kg.RdfSyntax;
import dev.kenning.kg.SparqlText;
import dev.kenning.kg.wordnet.WordNetHierarchy;
import dev.kenning.kg.wordnet.WordNetHypernyms;
import dev.kenning.workbench.registry.RunRegistry;
import org.apache.jena.query.Query;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The knowledge store as the front ends see it: a workspace's TDB2 store or a SPARQL endpoint
 * (read-only), opened through {@link Workbench#openWorkspace()}, {@link Workbench#openWorkspace(Path)}
 * or {@link Workbench#openEndpoint(String)}. What {@code kenning kg}, {@code kenning runs} and the
 * GUI's Knowledge view do to the graph goes through here, so they need not know the kg module:
 * results come back as strings, core's value types or Jena's own (a parsed query, a constructed
 * model). Each call is its own transaction, as in {@link KnowledgeBase}; closing releases the store.
 */
public final class KnowledgeStore implements AutoCloseable {
    /** The Kenning vocabulary, prefix {@code k:}. */
    public static final String NS = KnowledgeBase.NS;
    /** Where {@link #infer} puts the entailments. */
    public static final String INFERRED_GRAPH = KnowledgeBase.INFERRED_GRAPH;
    /** The graph WordNet hypernyms go to unless another is named. */
    public static final String WORDNET_GRAPH = WordNetHypernyms.GRAPH;
    /**
     * A SPARQL property path from a class to its direct superclasses however the ontology states them:
     * {@code rdfs:subClassOf}, membership of a union or disjoint union class, or the named classes of
     * an intersection the class is defined as, as the rules read them ({@code ?c SUBCLASS_OF ?parent};
     * {@code SUBCLASS_OF*} for every class above).
     */
    public static final String SUBCLASS_OF = Subclassing.UP;

    /**
     * The SPARQL aggregate choosing a term's label of several (no language tag, else English, else
     * any), over the label variable {@code var} of a query grouped by the term; the choice that names
     * a model's outputs.
     */
    public static String preferredLabel(String var) {
        return Labelling.preferred(var);
    }

    private final KnowledgeBase kb;
    private SkosConcepts.Read skos;

    KnowledgeStore(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The named graph {@link #load} uses for a file: its absolute {@code file:} IRI. */
    public static String graphFor(Path file) {
        return KnowledgeBase.graphFor(file);
    }

    /**
     * Whether a file in a folder of knowledge is one Kenning reads (RDF, or an ontology in one of
     * Protégé's other syntaxes), by its extension; {@code .xml} is not (catalogs share it).
     */
    public static boolean isKnowledgeFile(Path file) {
        return RdfSyntax.knowledgeFile(file);
    }

    /**
     * Whether a file in a folder of knowledge is, by its name and first line, a class × attribute
     * table a spec may list among its ontologies (a CSV or TSV that is not a Drools decision
     * table, a predicate matrix's {@code .txt}); the store does not hold tables, which name the
     * classes of the ontologies listed before them.
     */
    public static boolean isAttributeTable(Path file) {
        return dev.kenning.kg.AttributeTable.looksLikeTable(file);
    }

    /**
     * Whether the RDF syntax the file's extension names carries graph names (N-Quads, TriG), so
     * it can hold the whole store.
     *
     * @throws InputError if the extension names no RDF syntax Kenning knows
     */
    public static boolean holdsQuads(Path file) {
        return RdfSyntax.namesGraphs(file);
    }

    /**
     * Parses an RDF file into a throwaway store in memory, to check it before it is saved.
     *
     * @throws InputError ({@code file:line:col}) if it does not parse
     */
    public static void parse(Path file) {
        try (KnowledgeBase scratch = KnowledgeBase.inMemory()) {
            scratch.load(file);
        }
    }

    /**
     * Parses SPARQL query text, to tell a SELECT from an ASK or CONSTRUCT before running it.
     *
     * @throws InputError ({@code sparql:line:col}) if it does not parse
     */
    public static Query parseQuery(String sparql) {
        return SparqlText.query(sparql);
    }

    /** Imports a file into the graph named after it ({@link #graphFor}), replacing that graph. */
    public void load(Path file) {
        load(List.of(file));
    }

    /**
     * Imports each file as {@link #load(Path)} does, then reads the store's SKOS concepts once for
     * them all, all or nothing: a file that does not parse leaves the store as it was.
     */
    public void load(List<Path> files) {
        skos = kb.allOrNothing(() -> {
            files.forEach(kb::load);
            return SkosConcepts.importInto(kb);
        });
    }

    /** The graph recording, for each graph {@link #loadChanged} filled from a file, that file's SHA-256. */
    public static final String SOURCES_GRAPH = "urn:kenning:graph:sources";

    private static final String SOURCE_SHA256 = KnowledgeBase.NS + "sourceSha256";

    /**
     * Imports, as {@link #load(List)} does, each file whose content the store does not hold as it
     * is now: one whose SHA-256 differs from what the store recorded when it last imported it, or
     * whose graph is empty. What a workspace does on opening: a large ontology is not read again
     * each time. A SPARQL update ({@link #update}) forgets the record, so the files are read again.
     *
     * @return the files imported
     */
    public List<Path> loadChanged(List<Path> files) {
        Map<String, String> recorded = new HashMap<>();
        kb.select("SELECT ?g ?h WHERE { GRAPH <" + SOURCES_GRAPH + "> { ?g <" + SOURCE_SHA256 + "> ?h } }")
                .forEach(r -> recorded.put(r.get("g"), r.get("h")));
        Set<String> filled = new HashSet<>(kb.graphs());
        List<Path> changed = new ArrayList<>();
        Model record = ModelFactory.createDefaultModel();
        for (Path file : files) {
            String graph = graphFor(file);
            String hash = Sha256.of(file);
            if (!hash.equals(recorded.get(graph)) || !filled.contains(graph)) {
                changed.add(file);
            }
            record.add(record.createResource(graph), record.createProperty(SOURCE_SHA256), hash);
        }
        if (!changed.isEmpty()) {
            load(changed);
        }
        kb.importModel(record, SOURCES_GRAPH);
        return changed;
    }

    /**
     * The files an RDF file imports with {@code owl:imports}, found as {@link #importFiles} finds
     * them, without importing anything: for the GUI, which copies an ontology into the workspace
     * with its modules. {@code loaded} are the files found.
     */
    public static ImportsFollowed importsOf(Path file) {
        return ImportsFollowed.of(OwlImports.of(file));
    }

    /** The files found for {@code owl:imports}, and one line for each import found nowhere. */
    public record ImportsFollowed(List<Path> loaded, List<String> missing) {
        static ImportsFollowed of(OwlImports.Followed f) {
            return new ImportsFollowed(f.loaded(), f.missing().stream().map(OwlImports.Missing::message).toList());
        }
    }

    /** One file {@link #importFiles} read: the graph it replaced, its statements and the seconds it took. */
    public record FileImport(Path file, String graph, long statements, double seconds) {
    }

    /** What {@link #importFiles} stored: the files named, in order, and what they import. */
    public record FilesImport(List<FileImport> files, ImportsFollowed imports) {
        public FilesImport {
            files = List.copyOf(files);
        }
    }

    /**
     * Imports RDF files, all or nothing: each replaces the graph {@linkplain #graphFor named after it}
     * (or {@code graph}, if not null) with its statements, quads that name their own graph going
     * there; then what the files import with {@code owl:imports}, found on the disk as Protégé finds
     * them (its catalog, the RDF files beside them), each into its own graph unless the store
     * declares the ontology already; then the store's SKOS concepts are read again ({@link #skosNote}).
     * It is one transaction: if a file, or one it imports, does not parse, the store is as it was.
     *
     * @throws InputError ({@code file:line:col}) for the first file that does not parse
     */
    public FilesImport importFiles(List<Path> files, String graph) {
        record Stored(FilesImport imported, SkosConcepts.Read skos) {
        }
        Stored stored = kb.allOrNothing(() -> {
            List<FileImport> read = new ArrayList<>();
            List<Path> ownGraph = new ArrayList<>();
            for (Path file : files) {
                String into = graph == null ? graphFor(file) : graph;
                long started = System.nanoTime();
                long n = kb.importFile(file, into);
                read.add(new FileImport(file, into, n, (System.nanoTime() - started) / 1e9));
                // only a file in its own graph is where the imports below look for what it imports
                if (into.equals(graphFor(file))) {
                    ownGraph.add(file);
                }
            }
            ImportsFollowed followed = ImportsFollowed.of(OwlImports.follow(kb, ownGraph));
            return new Stored(new FilesImport(read, followed), SkosConcepts.importInto(kb));
        });
        skos = stored.skos();
        return stored.imported();
    }

    /**
     * What the last import read of the store's SKOS concepts, for the user, or null when it read
     * none (or nothing was imported in this session): each import reads the store's
     * {@code skos:Concept}s again as classes, {@code skos:broader} as {@code rdfs:subClassOf}, into
     * a graph of their own, so the class tree shows them as a run's knowledge reads them.
     */
    public String skosNote() {
        return skos == null ? null : skos.note();
    }

    /**
     * Lets SPARQL queries in this JVM use SERVICE (federated query), which Kenning turns off by
     * default: a query's SERVICE makes this machine send requests to any URL it names.
     */
    public static void allowFederatedQueries() {
        FederatedQueries.allow();
    }

    /**
     * What {@link #importTable} stored: classes and attributes read, cells stated, the graph, and
     * the note on the classes it made and stated disjoint (null if none).
     */
    public record TableImport(int classes, int attributes, int cells, String graph, String note) {
    }

    /**
     * Imports a class × attribute table (CSV: 1 has, 0 lacks, a degree between them, empty unknown;
     * or a predicate matrix in AwA2's or CUB's layout) into the graph named
     * after the file, its classes and attributes matched to the store's by name, new ones made in
     * {@code namespace}; attributes and classes without outputs get them. On error, the store is unchanged.
     */
    public TableImport importTable(Path file, String namespace) {
        AttributeTable.Read read = AttributeTable.importInto(kb, file, namespace, List.of());
        return new TableImport(read.classes(), read.attributes(), read.cells(), graphFor(file), read.disjointnessNote(file));
    }

    /** What {@link #importWordNet} stored: how each class name matched, and the statement count. */
    public record WordNetImport(List<WordNetMatch> matches, long statements) {
        public WordNetImport {
            matches = List.copyOf(matches);
        }
    }

    /**
     * Looks the classes' names up in WordNet 3.1 and stores their hypernyms up to {@code anchor}
     * in {@code graph}, replacing it.
     *
     * @param classes class name ("Ankle boot") to the IRI the class gets
     */
    public WordNetImport importWordNet(Map<String, String> classes, String anchor, String graph) {
        try (WordNetHypernyms wordNet = WordNetHypernyms.open()) {
            WordNetHierarchy hierarchy = wordNet.hierarchy(classes, anchor);
            long n = kb.importModel(hierarchy.model(), graph);
            return new WordNetImport(hierarchy.matches(), n);
        }
    }

    /** The names of the graphs holding statements, in IRI order. */
    public List<String> graphs() {
        return kb.graphs();
    }

    /** Writes the whole store as N-Quads, or one graph as Turtle. */
    public void export(OutputStream out, String graph) {
        kb.export(out, graph == null ? RdfSyntax.N_QUADS : RdfSyntax.TURTLE, graph);
    }

    /**
     * Writes one graph, or the whole store if {@code graph} is null, in the syntax the file's
     * extension names (the whole store needs .nq or .trig).
     */
    public void export(OutputStream out, Path file, String graph) {
        kb.export(out, RdfSyntax.of(file), graph);
    }

    /**
     * The same into {@code file}, all or nothing: an existing file is replaced only once the new
     * one is complete, so a full disk or a crash leaves it as it was.
     *
     * @throws InputError if the file cannot be written (nothing changed)
     */
    public void exportTo(Path file, String graph) {
        RdfSyntax syntax = RdfSyntax.of(file);
        try {
            AtomicFile.write(file, out -> kb.export(out, syntax, graph));
        } catch (IOException | UncheckedIOException e) {
            throw new InputError(file.toString(), "cannot write: " + e.getMessage() + " (an existing file is left as it was)", e);
        }
    }

    /** A SPARQL SELECT over the union of all graphs: one map per solution, variable to value. */
    public List<Map<String, String>> select(String sparql) {
        return kb.select(sparql);
    }

    /**
     * The classes stated disjoint with {@code classIri}, in IRI order: by {@code owl:disjointWith}
     * either way round, or in one {@code owl:AllDisjointClasses} or {@code owl:disjointUnionOf} with it.
     */
    public List<String> disjointWith(String classIri) {
        return select("SELECT DISTINCT ?d WHERE { " + Disjointness.stated("<" + classIri + ">", "?d") + " } ORDER BY ?d")
                .stream().map(row -> row.get("d")).toList();
    }

    public boolean ask(String sparql) {
        return kb.ask(sparql);
    }

    /** A SPARQL CONSTRUCT; the model is a detached copy. */
    public Model construct(String sparql) {
        return kb.construct(sparql);
    }

    /** A SPARQL UPDATE, all or nothing; it may change any graph, so {@link #loadChanged} reads every file again after it. */
    public void update(String sparql) {
        kb.update(sparql);
        kb.importModel(ModelFactory.createDefaultModel(), SOURCES_GRAPH);
    }

    /** The store's prefixes, prefix to namespace. */
    public Map<String, String> prefixes() {
        return kb.read(m -> Map.copyOf(m.getNsPrefixMap()));
    }

    /** What {@link #infer} stored: the regime's name ("rdfs", "owl-micro") and the entailed statements. */
    public record Inference(String regime, long statements) {
    }

    /**
     * Stores what the regime entails in {@link #INFERRED_GRAPH}, replacing what was there.
     *
     * @param regime "rdfs" or "owl-micro"
     * @throws InputError for any other name
     */
    public Inference infer(String regime) {
        Entailment entailment = Entailment.named(regime);
        return new Inference(entailment.cliName(), kb.infer(entailment));
    }

    /** Validates the union of all graphs against the SHACL shapes in the file. */
    public ValidationReport validate(Path shapesFile) {
        return kb.validate(shapesFile);
    }

    /** Number of distinct statements in the union of all graphs. */
    public long size() {
        return kb.size();
    }

    /**
     * Shares this store over SPARQL (Fuseki, loopback only, read-only) until the server is closed.
     *
     * @param port the port, or 0 for any free one
     * @throws InputError if the port is taken or out of range, or the store is an endpoint already
     */
    public KnowledgeServer serve(int port) {
        return KnowledgeServer.start(kb, port);
    }

    /** The runs registry kept in this store (PROV-O), valid while the store is open. */
    public RunRegistry runRegistry() {
        return new RunRegistry(kb);
    }

    @Override
    public String toString() {
        return kb.toString();
    }

    @Override
    public void close() {
        kb.close();
    }
}
