package dev.kenning.kg;

import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.InputError;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryType;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.system.Prefixes;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.http.DSP;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A team's SPARQL endpoint (e.g. {@code kenning kg serve}), read over HTTP and never written.
 * Queries go to the endpoint as written, with the union of its graphs as the default graph
 * when the server is configured that way (kenning kg serve is). Code that walks a model (fact
 * extraction, validation) gets a local snapshot of every graph's statements, fetched per call.
 */
final class RemoteKnowledgeBase implements KnowledgeBase {

    private static final String EVERYTHING = """
            CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }""";

    private final String endpoint;

    static {
        FederatedQueries.closedByDefault();
    }

    RemoteKnowledgeBase(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public long importFile(Path file, String graph) {
        throw readOnly();
    }

    @Override
    public long importModel(Model model, String graph) {
        throw readOnly();
    }

    /** Nothing here writes: a change is refused before it is made, so {@code changes} run as they are. */
    @Override
    public <T> T allOrNothing(Supplier<T> changes) {
        return changes.get();
    }

    @Override
    public List<String> graphs() {
        return select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").stream()
                .map(row -> row.get("g")).toList();
    }

    @Override
    public void export(OutputStream out, RdfSyntax syntax, String graph) {
        Model model = graph == null ? snapshot()
                : construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + graph + "> { ?s ?p ?o } }");
        if (syntax.holdsQuads()) {
            throw new InputError(syntax.name(), "exports from an endpoint are single graphs; use .ttl or .nt");
        }
        org.apache.jena.riot.RDFDataMgr.write(out, model, syntax.format());
    }

    @Override
    public List<Map<String, String>> select(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.SELECT);
        try (QueryExecution exec = remote(query)) {
            return QueryRows.of(exec.execSelect());
        } catch (InputError e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public boolean ask(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.ASK);
        try (QueryExecution exec = remote(query)) {
            return exec.execAsk();
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public Model construct(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.CONSTRUCT);
        try (QueryExecution exec = remote(query)) {
            Model copy = standardPrefixes(ModelFactory.createDefaultModel());
            Model result = exec.execConstruct();
            copy.withDefaultMappings(result);
            return copy.add(result);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void update(String sparql) {
        throw readOnly();
    }

    @Override
    public long infer(Entailment regime) {
        throw readOnly();
    }

    @Override
    public ValidationReport validate(Path shapesFile) {
        Shapes shapes = ShaclValidation.shapes(shapesFile);
        Model model = snapshot();
        return ShaclValidation.validate(shapes, model.getGraph(), model);
    }

    @Override
    public long size() {
        String count = select("""
                SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
                  { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }""").get(0).get("n");
        return Long.parseLong(count);
    }

    @Override
    public <T> T read(Function<Model, T> reader) {
        Model model = snapshot();
        return reader.apply(ModelFactory.createModelForGraph(new GraphReadOnly(model.getGraph())));
    }

    @Override
    public Dataset dataset() {
        throw new InputError(endpoint, "is a remote SPARQL endpoint; serve the workspace it comes from instead");
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "SPARQL endpoint " + endpoint;
    }

    /**
     * Every statement of the endpoint's dataset with its prefixes, so provenance reads as it
     * does locally ({@code ex:thrownObject}, not the full IRI). Fuseki serves the whole dataset
     * on a GET of its URL; a plain SPARQL endpoint does not, and then CONSTRUCT fetches the
     * statements with only Kenning's standard prefixes.
     */
    private Model snapshot() {
        DatasetGraph all;
        try {
            all = DSP.service(endpoint).GET();
        } catch (RuntimeException notAStore) {
            return construct(EVERYTHING);
        }
        Model model = standardPrefixes(ModelFactory.createDefaultModel());
        model.setNsPrefixes(Prefixes.adapt(all.prefixes()));
        all.find().forEachRemaining(quad -> model.getGraph().add(quad.asTriple()));
        return model;
    }

    private static Model standardPrefixes(Model model) {
        return model.setNsPrefix("k", NS).setNsPrefix("rdf", RDF.getURI()).setNsPrefix("rdfs", RDFS.getURI())
                .setNsPrefix("owl", OWL.getURI()).setNsPrefix("xsd", XSD.getURI());
    }

    private QueryExecution remote(Query query) {
        return QueryExecution.service(endpoint).query(query).build();
    }

    private InputError readOnly() {
        return new InputError(endpoint, "is a remote SPARQL endpoint, read-only here; "
                + "change the workspace it serves instead");
    }

    /** Jena's HTTP errors repeat the whole query URL; the user needs the status or the cause. */
    private InputError unreachable(RuntimeException e) {
        String why;
        if (e instanceof QueryExceptionHTTP http && http.getStatusCode() > 0) {
            why = "HTTP " + http.getStatusCode() + (http.getStatusLine() == null ? "" : " " + http.getStatusLine());
        } else {
            // The first I/O error in the chain says what went wrong (refused, unknown host, timeout).
            Throwable io = e;
            while (io != null && !(io instanceof java.io.IOException)) {
                io = io.getCause();
            }
            why = io == null ? SparqlText.oneLine(e.getMessage())
                    : "cannot connect (" + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")";
        }
        return new InputError(endpoint, "SPARQL endpoint failed: " + why, e);
    }
}
