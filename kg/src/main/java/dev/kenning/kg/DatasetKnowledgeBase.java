package dev.kenning.kg;

import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.InputError;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryType;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.reasoner.InfGraph;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.system.Prefixes;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sys.JenaSystem;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateRequest;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A knowledge base over a transactional Jena dataset: TDB2 on disk or Jena's in-memory
 * transactional dataset. Both give the same guarantee: a write transaction that throws is
 * aborted, so every change (import, update, inference) applies whole or not at all.
 */
final class DatasetKnowledgeBase implements KnowledgeBase {

    static {
        // Jena's vocabulary constants are null if touched before the library initialises itself.
        JenaSystem.init();
        FederatedQueries.closedByDefault();
    }

    private static final Map<String, String> STANDARD_PREFIXES = Map.of(
            "k", NS, "rdf", RDF.getURI(), "rdfs", RDFS.getURI(), "owl", OWL.getURI(), "xsd", XSD.getURI());

    private static final Node INFERRED = NodeFactory.createURI(INFERRED_GRAPH);

    private final DatasetGraph dsg;
    private final Path workspace;

    private DatasetKnowledgeBase(DatasetGraph dsg, Path workspace) {
        this.dsg = dsg;
        this.workspace = workspace;
        inWrite(() -> {
            STANDARD_PREFIXES.forEach((prefix, uri) -> {
                if (!dsg.prefixes().containsPrefix(prefix)) {
                    dsg.prefixes().add(prefix, uri);
                }
            });
            return null;
        });
    }

    static KnowledgeBase inMemory() {
        return new DatasetKnowledgeBase(DatasetGraphFactory.createTxnMem(), null);
    }

    static KnowledgeBase openWorkspace(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputError(dir.toString(), "workspace must be a folder, but a file is there");
        }
        try {
            Files.createDirectories(dir);
            return new DatasetKnowledgeBase(TDB2Factory.connectDataset(dir.toString()).asDatasetGraph(), dir);
        } catch (InputError e) {
            throw e;
        } catch (IOException | RuntimeException | InternalError e) {
            WorkspaceFault.of(dir, e).ifPresent(fault -> {
                throw fault;
            });
            // Typically another process holding the store's lock.
            throw new InputError(dir.toString(), "cannot open the TDB2 store: " + SparqlText.oneLine(e.getMessage()), e);
        }
    }

    @Override
    public long importFile(Path file, String graph) {
        Node target = NodeFactory.createURI(graph);
        // Parsing streams into the transaction; an error aborts it, leaving the store as it was.
        return replaceGraph(target, sink -> RdfFileParser.parse(file, sink));
    }

    @Override
    public <T> T allOrNothing(Supplier<T> changes) {
        // Txn joins a transaction the thread holds already, so the calls inside commit nothing of their
        // own; TDB2 discards a write transaction that never committed, after an abort or a kill
        return Txn.calculateWrite(dsg, changes);
    }

    @Override
    public long importModel(Model model, String graph) {
        return replaceGraph(NodeFactory.createURI(graph), sink -> {
            model.getNsPrefixMap().forEach(sink::prefix);
            model.getGraph().find().forEachRemaining(sink::triple);
        });
    }

    private long replaceGraph(Node target, Consumer<GraphReplacingSink> writer) {
        return inWrite(() -> {
            GraphReplacingSink sink = new GraphReplacingSink(dsg, target);
            writer.accept(sink);
            sink.prefixes().forEach((prefix, uri) -> {
                if (!dsg.prefixes().containsPrefix(prefix)) {
                    dsg.prefixes().add(prefix, uri);
                }
            });
            return sink.statements();
        });
    }

    /** A read transaction; a fault of the workspace's files ({@link WorkspaceFault}) is said as one, not as Jena's trace. */
    private <T> T inRead(java.util.function.Supplier<T> read) {
        try {
            return Txn.calculateRead(dsg, read);
        } catch (RuntimeException | InternalError e) {
            throw faultOr(e);
        }
    }

    /** A write transaction, whole or not at all; a fault of the workspace's files is said as one. */
    private <T> T inWrite(java.util.function.Supplier<T> write) {
        try {
            return Txn.calculateWrite(dsg, write);
        } catch (RuntimeException | InternalError e) {
            throw faultOr(e);
        }
    }

    private <E extends Throwable> RuntimeException faultOr(E e) {
        if (workspace != null && !(e instanceof InputError)) {
            java.util.Optional<InputError> fault = WorkspaceFault.of(workspace, e);
            if (fault.isPresent()) {
                return fault.get();
            }
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        throw (Error) e;
    }

    @Override
    public List<String> graphs() {
        return inRead(this::graphNames);
    }

    @Override
    public void export(OutputStream out, RdfSyntax syntax, String graph) {
        inRead(() -> {
            if (graph == null) {
                if (!syntax.holdsQuads()) {
                    throw new InputError(syntax.name(), "cannot hold several graphs; export to .nq or .trig, "
                            + "or name one graph");
                }
                RDFDataMgr.write(out, dsg, syntax.format());
                return null;
            }
            Node name = NodeFactory.createURI(graph);
            if (!graphNames().contains(graph)) {
                throw new InputError(graph, "no such graph; the store holds " + graphNames());
            }
            Graph content = dsg.getGraph(name);
            if (syntax.holdsQuads()) {
                DatasetGraph one = DatasetGraphFactory.create();
                one.addGraph(name, content);
                one.prefixes().putAll(dsg.prefixes());
                RDFDataMgr.write(out, one, syntax.format());
            } else {
                RDFDataMgr.write(out, content, syntax.format());
            }
            return null;
        });
    }

    @Override
    public List<Map<String, String>> select(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.SELECT);
        return inRead(() -> {
            try (QueryExecution exec = QueryExecution.dataset(DatasetFactory.wrap(unionDataset())).query(query).build()) {
                return QueryRows.of(exec.execSelect());
            }
        });
    }

    @Override
    public boolean ask(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.ASK);
        return inRead(() -> {
            try (QueryExecution exec = QueryExecution.dataset(DatasetFactory.wrap(unionDataset())).query(query).build()) {
                return exec.execAsk();
            }
        });
    }

    @Override
    public Model construct(String sparql) {
        Query query = SparqlText.query(sparql, QueryType.CONSTRUCT);
        return inRead(() -> {
            try (QueryExecution exec = QueryExecution.dataset(DatasetFactory.wrap(unionDataset())).query(query).build()) {
                Model copy = ModelFactory.createDefaultModel();
                copy.setNsPrefixes(Prefixes.adapt(dsg.prefixes()));
                return copy.add(exec.execConstruct());
            }
        });
    }

    @Override
    public void update(String sparql) {
        UpdateRequest request = SparqlText.update(sparql);
        try {
            inWrite(() -> {
                UpdateAction.execute(request, dsg);
                return null;
            });
        } catch (InputError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputError("sparql", "update failed, nothing changed: " + SparqlText.oneLine(e.getMessage()), e);
        }
    }

    @Override
    public long infer(Entailment regime) {
        return inWrite(() -> {
            // Reasoners probe the graph thousands of times per rule; an in-memory copy answers
            // those far faster than the store (OWL-micro on the 31k-triple DBpedia ontology).
            Graph asserted = GraphFactory.createGraphMem();
            GraphUtil.addInto(asserted, union(false));
            InfGraph entailed = regime.reasoner().bind(asserted);
            List<org.apache.jena.graph.Triple> news = new ArrayList<>();
            entailed.find().forEachRemaining(t -> {
                if (EntailmentFilter.isNews(t) && !asserted.contains(t)) {
                    news.add(t);
                }
            });
            dsg.removeGraph(INFERRED);
            news.forEach(t -> dsg.add(INFERRED, t.getSubject(), t.getPredicate(), t.getObject()));
            return (long) news.size();
        });
    }

    @Override
    public ValidationReport validate(Path shapesFile) {
        Shapes shapes = ShaclValidation.shapes(shapesFile);
        return inRead(() -> ShaclValidation.validate(shapes, union(true), prefixMapping()));
    }

    @Override
    public long size() {
        return inRead(() -> (long) union(true).size());
    }

    @Override
    public <T> T read(Function<Model, T> reader) {
        return inRead(() -> reader.apply(ModelFactory.createModelForGraph(union(true))));
    }

    @Override
    public Dataset dataset() {
        if (workspace != null) {
            dsg.getContext().set(TDB2.symUnionDefaultGraph, true);
        }
        return DatasetFactory.wrap(dsg);
    }

    @Override
    public java.util.Optional<Path> workspace() {
        return java.util.Optional.ofNullable(workspace);
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public void close() {
        if (workspace != null) {
            // Releases the folder's lock and caches; the next openWorkspace reconnects.
            TDBInternal.expel(dsg);
        }
    }

    @Override
    public String toString() {
        return workspace == null ? "in-memory knowledge base" : "TDB2 workspace " + workspace;
    }

    private List<String> graphNames() {
        List<String> names = new ArrayList<>();
        dsg.listGraphNodes().forEachRemaining(n -> {
            if (n.isURI() && !dsg.getGraph(n).isEmpty()) {
                names.add(n.getURI());
            }
        });
        names.sort(null);
        return names;
    }

    /**
     * The default graph and every named graph as one read-only graph, duplicates removed,
     * carrying the store's prefixes. Inference leaves out its own earlier output.
     */
    private Graph union(boolean withInferred) {
        List<Graph> graphs = new ArrayList<>();
        graphs.add(dsg.getDefaultGraph());
        dsg.listGraphNodes().forEachRemaining(n -> {
            if (withInferred || !n.equals(INFERRED)) {
                graphs.add(dsg.getGraph(n));
            }
        });
        // Empty graphs cost a lookup on every find, and with one graph left no duplicates arise.
        graphs.removeIf(Graph::isEmpty);
        Graph union = new UnionView(graphs);
        union.getPrefixMapping().setNsPrefixes(prefixMapping());
        return union;
    }

    /** SPARQL sees the union as its default graph, and each named graph under its name. */
    private DatasetGraph unionDataset() {
        DatasetGraph view = DatasetGraphFactory.create(union(true));
        dsg.listGraphNodes().forEachRemaining(n -> view.addGraph(n, dsg.getGraph(n)));
        view.prefixes().putAll(dsg.prefixes());
        return view;
    }

    private PrefixMapping prefixMapping() {
        return Prefixes.adapt(dsg.prefixes());
    }
}
