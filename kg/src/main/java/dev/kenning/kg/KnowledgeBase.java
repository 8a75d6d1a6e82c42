package dev.kenning.kg;

import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.InputError;
import org.apache.jena.query.Dataset;
import org.apache.jena.rdf.model.Model;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The graph the workbench reasons over, wherever it is kept: a TDB2 store in a workspace
 * folder (the default), memory (tests, one-off runs), or a team's SPARQL endpoint (read-only).
 * Files are imported into named graphs, one per file, so re-importing an edited file replaces
 * exactly what it said before; queries, rules and validation see the union of all graphs.
 * Every change is one transaction: a file that fails to parse half-way adds nothing; changes
 * that belong together are made one with {@link #allOrNothing}.
 */
public interface KnowledgeBase extends AutoCloseable {

    /** The Kenning vocabulary, prefix {@code k:}. */
    String NS = "https://kenning.dev/ns#";

    /** Where {@link #infer} puts the entailments; it is left out of the graph inference reads. */
    String INFERRED_GRAPH = "urn:kenning:graph:inferred";

    /** An empty graph held in memory (transactional, so it behaves like the TDB2 store). */
    static KnowledgeBase inMemory() {
        return DatasetKnowledgeBase.inMemory();
    }

    /**
     * The TDB2 store in {@code dir}, created if the folder is empty or absent. The store stays
     * open for this JVM until {@link #close()}.
     */
    static KnowledgeBase openWorkspace(Path dir) {
        return DatasetKnowledgeBase.openWorkspace(dir);
    }

    /**
     * The folder of the workspace this store is kept in, where files that belong beside the store
     * live (the runs registry's list of claimed run folders); empty in memory and for an endpoint.
     */
    default java.util.Optional<Path> workspace() {
        return java.util.Optional.empty();
    }

    /**
     * A SPARQL endpoint, queried over HTTP and never written: imports, updates and inference
     * fail with an {@link InputError} naming the endpoint.
     */
    static KnowledgeBase remote(String endpoint) {
        return new RemoteKnowledgeBase(endpoint);
    }

    /** The named graph {@link #load} uses for a file: its absolute {@code file:} IRI. */
    static String graphFor(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The statements of one file, in any syntax Kenning reads, with its prefixes, as a model of
     * its own (quads' graph names dropped).
     *
     * @throws InputError if the file is missing, of no syntax Kenning reads, or does not parse
     */
    static org.apache.jena.rdf.model.Model readFile(Path file) {
        org.apache.jena.rdf.model.Model m = org.apache.jena.rdf.model.ModelFactory.createDefaultModel();
        RdfFileParser.parse(file, org.apache.jena.riot.system.StreamRDFLib.graph(m.getGraph()));
        return m;
    }

    /** Imports a file into the graph {@linkplain #graphFor named after it}, replacing that graph. */
    default void load(Path file) {
        importFile(file, graphFor(file));
    }

    /**
     * Replaces the content of the named graph with the statements of an RDF file, in one
     * transaction; the syntax follows the extension (.ttl, .nt, .nq, .trig, .rdf/.owl/.xml,
     * .jsonld), except that an ontology Protégé saved in a syntax that is not RDF (OWL/XML,
     * Manchester, functional, OBO) is read as the RDF OWL 2 maps it to, whatever its name. Quads that name their own graph (N-Quads, TriG) go to that graph, which is
     * replaced too. Prefixes the store does not bind yet are kept.
     *
     * @return the number of statements read from the file
     * @throws InputError if the file is missing, has an unknown extension or does not parse
     *                    ({@code where} = {@code file:line:col}); the store is then unchanged
     */
    long importFile(Path file, String graph);

    /**
     * Runs {@code changes}, whose calls on this store (imports, updates, reads) make one write
     * transaction: each sees what the ones before it wrote, and if any throws, or the process dies
     * before the last ends, none applies. A call that throws ends the transaction, so
     * {@code changes} must let it through. Importing several files, with what they import and what
     * the store reads from them afterwards, goes through here.
     *
     * @return what {@code changes} returns, once everything is stored
     * @throws InputError (or whatever {@code changes} threw) with the store unchanged
     */
    <T> T allOrNothing(Supplier<T> changes);

    /**
     * Replaces the content of the named graph with the statements of a model built in code
     * (a WordNet hierarchy), in one transaction; the model's prefixes are kept where unbound.
     *
     * @return the number of statements stored
     */
    long importModel(Model model, String graph);

    /** The names of the graphs holding statements, in IRI order (the default graph is not listed). */
    List<String> graphs();

    /**
     * Writes one named graph, or everything if {@code graph} is null (then the syntax must
     * carry graph names: N-Quads or TriG).
     */
    void export(OutputStream out, RdfSyntax syntax, String graph);

    /**
     * Runs a SPARQL SELECT over the union of all graphs ({@code GRAPH} patterns still see each
     * one) and returns one map per solution, variable name to value: the IRI of a resource,
     * the lexical form of a literal, the label of a blank node. Unbound variables are absent.
     *
     * @throws InputError if the query does not parse ({@code where} is {@code sparql:line:col})
     */
    List<Map<String, String>> select(String sparql);

    /** Runs a SPARQL ASK over the union of all graphs. */
    boolean ask(String sparql);

    /** Runs a SPARQL CONSTRUCT over the union of all graphs; the result is a detached copy. */
    Model construct(String sparql);

    /**
     * Runs a SPARQL UPDATE in one write transaction: if any operation fails, none applies.
     * Updates see the graphs as stored: a pattern or insert without {@code GRAPH} means the
     * default graph, not the union (deleting from the union would be ambiguous).
     *
     * @throws InputError if the update does not parse, fails, or the store is read-only
     */
    void update(String sparql);

    /**
     * Computes what the {@code regime} entails from all graphs but the inferred one and stores
     * it, replacing the previous result, in {@link #INFERRED_GRAPH}. Statements that hold in
     * every graph (about rdf:, rdfs:, owl: and xsd: terms, reflexive subclass links, typing as
     * rdfs:Resource or owl:Thing) are left out, so what is stored is news about the user's terms.
     *
     * @return the number of entailed statements stored
     */
    long infer(Entailment regime);

    /**
     * Validates the union of all graphs against the SHACL shapes in {@code shapesFile}.
     *
     * @throws InputError if the shapes file is missing or does not parse
     */
    ValidationReport validate(Path shapesFile);

    /** Number of distinct statements in the union of all graphs. */
    long size();

    /**
     * Runs {@code reader} over a read-only model of the union of all graphs, inside a read
     * transaction; the model carries the store's prefixes. Fact extraction uses this.
     */
    <T> T read(Function<Model, T> reader);

    /**
     * The Jena dataset behind a local store, for a SPARQL server to share (kenning kg serve).
     * A TDB2 store's dataset answers queries with the union of its named graphs as the default
     * graph, as this interface does.
     *
     * @throws InputError for a remote endpoint, which is served already
     */
    Dataset dataset();

    /** Whether changes are refused (a remote endpoint). */
    boolean isReadOnly();

    /** Releases the store (for TDB2: lets another process open the folder). */
    @Override
    void close();
}
