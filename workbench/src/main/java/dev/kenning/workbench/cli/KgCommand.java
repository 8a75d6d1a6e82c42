package dev.kenning.workbench.cli;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.knowledge.Violation;
import dev.kenning.core.knowledge.WordNetMatch;
import dev.kenning.workbench.KnowledgeServer;
import dev.kenning.workbench.KnowledgeStore;
import dev.kenning.workbench.Workbench;
import org.apache.jena.query.Query;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.shared.PrefixMapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code kenning kg ...}: the workspace knowledge graph from the command line. Works on the TDB2
 * store in {@code .kenning/workspace} unless {@code --workspace DIR} names another, or, for
 * reading, on a SPARQL endpoint given with {@code --endpoint URL}.
 */
final class KgCommand {

    static final String USAGE = """
            usage: kenning kg import FILE... [--graph IRI]   load RDF files, each into its own named graph
                   kenning kg import-table FILE.csv|MATRIX.txt --namespace NS
                                                             a class × attribute table (1 has, 0 lacks, 0.3 a degree, empty unknown)
                   kenning kg export FILE|- [--graph IRI]    write one graph, or all (.nq/.trig)
                   kenning kg query SPARQL|FILE              SELECT (table), ASK, CONSTRUCT (Turtle)
                   kenning kg update SPARQL|FILE             SPARQL UPDATE, all or nothing
                   kenning kg validate [SHAPES]              SHACL report (default: Kenning's shapes)
                   kenning kg infer [rdfs|owl-micro]         store entailments in their own graph
                   kenning kg graphs                         list named graphs and their sizes
                   kenning kg wordnet NAME... [--namespace IRI] [--anchor NOUN] [--graph IRI]
                                                             import WordNet 3.1 hypernyms for class names
                   kenning kg serve [--port P]               share the workspace over SPARQL (Fuseki, loopback)
            options: --workspace DIR (default .kenning/workspace), --endpoint URL (read-only),
                     --allow-service (let queries use SPARQL SERVICE, which sends requests to the URLs they name; off by default)""";


    private static final Set<String> OPTIONS = Set.of("--workspace", "--endpoint", "--graph", "--namespace",
            "--anchor", "--port");

    private static final Set<String> SUBCOMMANDS = Set.of("import", "import-table", "export", "query", "update", "validate",
            "infer", "graphs", "wordnet", "serve");

    private KgCommand() {
    }

    static int execute(String[] args, PrintStream out, Workbench workbench) {
        if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.length < 2 || !SUBCOMMANDS.contains(args[1])) {
            // Checked before the store is opened, so a typo creates no workspace folder.
            throw new InputError("kenning kg" + (args.length < 2 ? "" : " " + args[1]),
                    (args.length < 2 ? "needs a subcommand" : "unknown subcommand") + "\n" + USAGE);
        }
        CommandArguments a = CommandArguments.parse(Arrays.asList(args).subList(2, args.length), OPTIONS,
                Set.of("--allow-service"), USAGE);
        if (a.has("--allow-service")) {
            KnowledgeStore.allowFederatedQueries();
        }
        try (KnowledgeStore kb = open(a, workbench)) {
            return switch (args[1]) {
                case "import" -> importFiles(kb, a, out);
                case "import-table" -> importTable(kb, a, out);
                case "export" -> export(kb, a, out);
                case "query" -> query(kb, a, out);
                case "update" -> update(kb, a, out);
                case "validate" -> validate(kb, a, out);
                case "infer" -> infer(kb, a, out);
                case "graphs" -> graphs(kb, out);
                case "wordnet" -> wordNet(kb, a, out);
                default -> serve(kb, a, out);
            };
        }
    }

    private static KnowledgeStore open(CommandArguments a, Workbench workbench) {
        if (a.has("--endpoint")) {
            return workbench.openEndpoint(a.option("--endpoint", null));
        }
        return workbench.openWorkspace(a.workspace(workbench.config().workspace(), "kenning kg"));
    }

    private static int importFiles(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        List<String> files = a.positional();
        if (files.isEmpty() || (a.has("--graph") && files.size() > 1)) {
            throw new InputError("kenning kg import", "needs FILE..., or one FILE with --graph\n" + USAGE);
        }
        // all or nothing: a file that does not parse leaves the store as it was, so nothing is reported read
        KnowledgeStore.FilesImport imported = kb.importFiles(files.stream().map(Path::of).toList(), a.option("--graph", null));
        for (KnowledgeStore.FileImport f : imported.files()) {
            // N-Quads and TriG name their graphs; only their default-graph statements go to <graph>.
            String where = KnowledgeStore.holdsQuads(f.file()) ? "into the graphs it names, the rest into" : "into";
            out.printf(Locale.ROOT, "%s: %d statements %s <%s> (%.2f s)%n", f.file(), f.statements(), where, f.graph(), f.seconds());
        }
        // an ontology split into modules comes in whole, as Protégé opens it
        imported.imports().loaded().forEach(f -> out.printf("%s: imported by owl:imports, into <%s>%n", f, KnowledgeStore.graphFor(f)));
        imported.imports().missing().forEach(m -> out.println("note: " + m));
        if (kb.skosNote() != null) {
            out.println("note: " + kb.skosNote());
        }
        out.printf("workspace: %d statements in %d graphs%n", kb.size(), kb.graphs().size());
        return 0;
    }

    private static int importTable(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        if (a.positional().size() != 1 || !a.has("--namespace")) {
            throw new InputError("kenning kg import-table", "needs one FILE.csv (or a predicate matrix, MATRIX.txt) and --namespace NS (the IRI new classes and"
                    + " attributes are made in, e.g. https://example.org/birds#)\n" + USAGE);
        }
        Path file = Path.of(a.positional().get(0));
        long started = System.nanoTime();
        KnowledgeStore.TableImport t = kb.importTable(file, a.option("--namespace", null));
        out.printf(Locale.ROOT, "%s: %d classes × %d attributes, %d cells stated, into <%s> (%.2f s)%n", file, t.classes(),
                t.attributes(), t.cells(), t.graph(), seconds(started));
        if (t.note() != null) {
            out.println("note: " + t.note());
        }
        out.printf("workspace: %d statements in %d graphs%n", kb.size(), kb.graphs().size());
        return 0;
    }

    private static int export(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        if (a.positional().size() != 1) {
            throw new InputError("kenning kg export", "needs one FILE, or - for standard output\n" + USAGE);
        }
        String target = a.positional().get(0);
        String graph = a.option("--graph", null);
        if (target.equals("-")) {
            kb.export(out, graph);
            return 0;
        }
        Path file = Path.of(target);
        KnowledgeStore.holdsQuads(file); // an unknown extension is refused before the file is created
        kb.exportTo(file, graph);
        out.printf("wrote %s%n", file);
        return 0;
    }

    private static int query(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        SparqlSource source = SparqlSource.of(a.positional(), "kenning kg query");
        Query query = source.locate(() -> KnowledgeStore.parseQuery(source.text()));
        if (query.isSelectType()) {
            long started = System.nanoTime();
            List<Map<String, String>> rows = source.locate(() -> kb.select(source.text()));
            double elapsed = seconds(started);
            ResultTable.print(query.getResultVars(), rows, prefixes(kb), out);
            out.printf(Locale.ROOT, "(%d row%s, %.3f s)%n", rows.size(), rows.size() == 1 ? "" : "s", elapsed);
        } else if (query.isAskType()) {
            out.println(source.locate(() -> kb.ask(source.text())));
        } else if (query.isConstructType()) {
            RDFDataMgr.write(out, source.locate(() -> kb.construct(source.text())), RDFFormat.TURTLE_PRETTY);
        } else {
            throw new InputError(source.name(), "only SELECT, ASK and CONSTRUCT queries; use kenning kg update "
                    + "for changes");
        }
        return 0;
    }

    private static int update(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        SparqlSource source = SparqlSource.of(a.positional(), "kenning kg update");
        long before = kb.size();
        source.locate(() -> {
            kb.update(source.text());
            return null;
        });
        out.printf("updated: %d statements before, %d after%n", before, kb.size());
        return 0;
    }

    private static int validate(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        if (a.positional().size() > 1) {
            throw new InputError("kenning kg validate", "takes at most one SHAPES file\n" + USAGE);
        }
        Path shapes = a.positional().isEmpty() ? bundledShapes() : Path.of(a.positional().get(0));
        ValidationReport report = kb.validate(shapes);
        if (report.conforms()) {
            out.printf("conforms to %s (%d statements checked)%n", shapes.getFileName(), kb.size());
            return 0;
        }
        out.printf("%d result(s) against %s:%n", report.violations().size(), shapes.getFileName());
        for (Violation v : report.violations()) {
            out.println("  " + v);
        }
        // Knowledge that breaks its shapes is bad input, like a Turtle syntax error.
        return 2;
    }

    private static int infer(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        String regime = a.positional().isEmpty() ? "rdfs" : a.positional().get(0);
        long started = System.nanoTime();
        KnowledgeStore.Inference inferred = kb.infer(regime);
        out.printf(Locale.ROOT, "%s: %d entailed statements stored in <%s> (%.1f s)%n", inferred.regime(),
                inferred.statements(), KnowledgeStore.INFERRED_GRAPH, seconds(started));
        return 0;
    }

    private static int graphs(KnowledgeStore kb, PrintStream out) {
        List<Map<String, String>> sizes = kb.select("""
                SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""");
        for (Map<String, String> row : sizes) {
            out.printf("%8s  <%s>%n", row.get("n"), row.get("g"));
        }
        out.printf("%8d  distinct statements in all%n", kb.size());
        return 0;
    }

    private static int wordNet(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        if (a.positional().isEmpty()) {
            throw new InputError("kenning kg wordnet", "needs class names\n" + USAGE);
        }
        String namespace = a.option("--namespace", "https://kenning.dev/classes#");
        Map<String, String> classes = new LinkedHashMap<>();
        for (String name : a.positional()) {
            classes.put(name, namespace + localName(name));
        }
        String graph = a.option("--graph", KnowledgeStore.WORDNET_GRAPH);
        KnowledgeStore.WordNetImport imported = kb.importWordNet(classes, a.option("--anchor", "artifact"), graph);
        for (WordNetMatch match : imported.matches()) {
            out.println("  " + match);
        }
        out.printf("%d statements into <%s>%n", imported.statements(), graph);
        return 0;
    }

    private static int serve(KnowledgeStore kb, CommandArguments a, PrintStream out) {
        String port = a.option("--port", "3030");
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new InputError("--port", "must be a whole number, got '" + port + "'");
        }
        try (KnowledgeServer server = kb.serve(number)) {
            out.printf("serving %s at %s (read-only; Ctrl-C stops)%n", kb, server.endpoint());
            out.flush();
            server.join();
        }
        return 0;
    }

    /** "Ankle boot" → "AnkleBoot", "T-shirt/top" → "TShirtTop": a class name as an IRI's local part. */
    static String localName(String name) {
        StringBuilder local = new StringBuilder();
        for (String word : name.split("[^\\p{Alnum}]+")) {
            if (!word.isEmpty()) {
                local.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return local.toString();
    }

    private static PrefixMapping prefixes(KnowledgeStore kb) {
        return PrefixMapping.Factory.create().setNsPrefixes(kb.prefixes());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static Path bundledShapes() {
        try (InputStream in = KgCommand.class.getResourceAsStream("/kenning/shapes/kenning-shapes.ttl")) {
            if (in == null) {
                throw new IllegalStateException("kenning/shapes/kenning-shapes.ttl missing from the classpath");
            }
            // Copied under its own name, so a report or error names the file the user knows.
            Path folder = Files.createTempDirectory("kenning-shapes");
            Path file = folder.resolve("kenning-shapes.ttl");
            Files.copy(in, file);
            // Deleted at exit in reverse order: the file, then its folder.
            folder.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack the bundled shapes", e);
        }
    }
}
