package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The graph the workbench reasons over. All access goes through a Jena {@link Dataset} and
 * short transactions, so the in-memory store used now can become a TDB2 dataset in a workspace
 * folder without changing callers: only the factory method differs.
 */
public final class KnowledgeBase {

    /** The Kenning vocabulary, prefix {@code k:}. */
    public static final String NS = "https://kenning.dev/ns#";

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);

    private static final Map<String, Lang> SYNTAX_BY_EXTENSION = Map.of(
            "ttl", Lang.TURTLE,
            "nt", Lang.NTRIPLES,
            "rdf", Lang.RDFXML,
            "owl", Lang.RDFXML,
            "jsonld", Lang.JSONLD);

    private static final Pattern ENCOUNTERED_AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private final Dataset dataset;

    private KnowledgeBase(Dataset dataset) {
        this.dataset = dataset;
        Txn.executeWrite(dataset, () -> dataset.getDefaultModel()
                .setNsPrefix("k", NS)
                .setNsPrefix("rdf", RDF.getURI())
                .setNsPrefix("rdfs", RDFS.getURI())
                .setNsPrefix("owl", OWL.getURI())
                .setNsPrefix("xsd", XSD.getURI()));
    }

    /** An empty graph held in memory (transactional, so it behaves like the TDB2 store will). */
    public static KnowledgeBase inMemory() {
        return new KnowledgeBase(DatasetFactory.createTxnMem());
    }

    /**
     * Adds the statements and prefixes of an RDF file; the syntax follows the extension
     * (.ttl, .nt, .rdf/.owl, .jsonld). The file is parsed completely into a scratch model
     * before anything is added, so a file that fails half-way leaves the graph untouched.
     *
     * @throws InputError if the file is missing, has an unknown extension or does not parse;
     *                    for parse errors {@code where} is {@code file:line:col}
     */
    public void load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(file.toString(), "file not found");
        }
        Lang lang = syntaxOf(file);
        Model scratch = ModelFactory.createDefaultModel();
        try {
            RDFParser.source(file).lang(lang).errorHandler(new FailOnError(file)).parse(scratch);
        } catch (RiotParseException e) {
            throw new InputError(file + ":" + e.getLine() + ":" + e.getCol(), oneLine(e.getOriginalMessage()), e);
        } catch (RiotException e) {
            // Some parsers (JSON-LD) report errors without a position.
            throw new InputError(file.toString(), oneLine(e.getMessage()), e);
        }
        Txn.executeWrite(dataset, () -> {
            Model model = dataset.getDefaultModel();
            model.add(scratch);
            // Keep prefixes already in use; a file may not rename k: under existing provenance.
            model.withDefaultMappings(scratch);
        });
    }

    /**
     * Runs a SPARQL SELECT and returns one map per solution, variable name to value: the IRI
     * of a resource, the lexical form of a literal, the label of a blank node. Unbound
     * variables are absent from the map.
     *
     * @throws InputError if the query does not parse ({@code where} is {@code sparql:line:col})
     */
    public List<Map<String, String>> select(String sparql) {
        Query query = parse(sparql);
        return read(model -> {
            List<Map<String, String>> rows = new ArrayList<>();
            try (QueryExecution exec = QueryExecution.create(query, model)) {
                ResultSet results = exec.execSelect();
                while (results.hasNext()) {
                    rows.add(asStrings(results.next()));
                }
            }
            return rows;
        });
    }

    /** Number of statements in the graph. */
    public long size() {
        return read(Model::size);
    }

    /**
     * Runs {@code reader} against the graph inside a read transaction. Callers that need
     * typed literals or prefixes (fact extraction) use this rather than {@link #select}.
     */
    public <T> T read(Function<Model, T> reader) {
        return Txn.calculateRead(dataset, () -> reader.apply(model()));
    }

    /**
     * A read-only view of the graph; adding to it throws. The in-memory store allows reads
     * outside a transaction; prefer {@link #read} so code keeps working on TDB2.
     */
    public Model model() {
        Model model = dataset.getDefaultModel();
        return ModelFactory.createModelForGraph(new GraphReadOnly(model.getGraph()));
    }

    private static Lang syntaxOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Lang lang = dot < 0 ? null : SYNTAX_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (lang == null) {
            throw new InputError(file.toString(), "unknown RDF syntax; expected .ttl, .nt, .rdf, .owl or .jsonld");
        }
        return lang;
    }

    private static Query parse(String sparql) {
        try {
            return QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            // Jena positions the exception at the last good token; its message names the bad one.
            Matcher at = ENCOUNTERED_AT.matcher(e.getMessage());
            String where = at.find()
                    ? "sparql:" + at.group(1) + ":" + at.group(2)
                    : "sparql:" + e.getLine() + ":" + e.getColumn();
            throw new InputError(where, oneLine(e.getMessage()), e);
        }
    }

    private static Map<String, String> asStrings(QuerySolution row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<String> names = row.varNames(); names.hasNext(); ) {
            String name = names.next();
            RDFNode node = row.get(name);
            if (node.isLiteral()) {
                values.put(name, node.asLiteral().getLexicalForm());
            } else if (node.isURIResource()) {
                values.put(name, node.asResource().getURI());
            } else {
                values.put(name, node.toString());
            }
        }
        return values;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }

    /**
     * Turns parser errors into exceptions carrying their position, without Jena's default
     * logging of the same error (the user sees it once, as an InputError); warnings are logged.
     */
    private static final class FailOnError implements ErrorHandler {
        private final Path file;

        FailOnError(Path file) {
            this.file = file;
        }

        @Override
        public void warning(String message, long line, long col) {
            LOG.warn("{}:{}:{}: {}", file, line, col, message);
        }

        @Override
        public void error(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }

        @Override
        public void fatal(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }
    }
}
