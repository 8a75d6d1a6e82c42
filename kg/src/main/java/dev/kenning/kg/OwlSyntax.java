package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.EditDistance;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.StreamRDF;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.functional.parser.OWLFunctionalSyntaxOWLParser;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLParser;
import org.semanticweb.owlapi.io.OWLParserException;
import org.semanticweb.owlapi.io.StreamDocumentTarget;
import org.semanticweb.owlapi.manchestersyntax.parser.ManchesterOWLSyntaxOntologyParser;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLException;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.OWLRuntimeException;
import org.semanticweb.owlapi.oboformat.OBOFormatOWLAPIParser;
import org.semanticweb.owlapi.owlxml.parser.OWLXMLParser;
import org.semanticweb.owlapi.rdf.turtle.renderer.TurtleStorer;
import uk.ac.manchester.cs.owl.owlapi.OWLDataFactoryImpl;
import uk.ac.manchester.cs.owl.owlapi.OWLOntologyFactoryImpl;
import uk.ac.manchester.cs.owl.owlapi.OWLOntologyManagerImpl;
import uk.ac.manchester.cs.owl.owlapi.concurrent.NonConcurrentOWLOntologyBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntaxes Protégé saves an ontology in that are not RDF: OWL/XML, Manchester, OWL
 * functional syntax and OBO. Kenning reads a file in one of them with the OWL API and hands its
 * axioms on as the RDF graph OWL 2 maps them to, so every reader downstream sees what it would
 * see had the file been saved as Turtle. Which syntax a file is in is judged from its first 8 KB,
 * not its name: Protégé names OWL/XML {@code .owl} as readily as {@code .owx}.
 */
enum OwlSyntax {
    OWL_XML("OWL/XML", "owx", OWLXMLParser::new),
    MANCHESTER("Manchester syntax", "omn", ManchesterOWLSyntaxOntologyParser::new),
    FUNCTIONAL("OWL functional syntax", "ofn", OWLFunctionalSyntaxOWLParser::new),
    OBO("OBO", "obo", OBOFormatOWLAPIParser::new);

    /** Extensions of the syntaxes here, which {@link RdfSyntax#of} would not know. */
    static final String EXTENSIONS = ".owx, .omn, .ofn or .obo";

    private static final Pattern FIRST_ELEMENT = Pattern.compile("<(?![!?])([\\w.-]+:)?([\\w.-]+)([^>]*)>");

    /**
     * A parser asks the manager to load each import as it reads the declaration, from the
     * import's IRI (the network): Kenning loads nothing it was not given ({@link OwlImports}
     * finds imports on the disk), so every import is ignored here and only its statement kept.
     */
    private static final OWLOntologyLoaderConfiguration NO_IMPORTS = new OWLOntologyLoaderConfiguration() {
        @Override
        public boolean isIgnoredImport(IRI iri) {
            return true;
        }
    };

    private final String label;
    private final String extension;
    private final Supplier<OWLParser> parser;

    OwlSyntax(String label, String extension, Supplier<OWLParser> parser) {
        this.label = label;
        this.extension = extension;
        this.parser = parser;
    }

    /** How the syntax is called, as Protégé's Save as... dialog lists it. */
    String label() {
        return label;
    }

    /**
     * The syntax that is not RDF a file is written in, judged by its first 8 KB, else by its
     * extension (so a broken {@code .owx} is reported by the OWL/XML parser); null for anything
     * else: RDF, or a file of another name that cannot be read, which parsing then reports.
     */
    static OwlSyntax of(Path file) {
        OwlSyntax written = byContent(file);
        if (written != null) {
            return written;
        }
        String ext = RdfSyntax.extension(file);
        for (OwlSyntax syntax : values()) {
            if (syntax.extension.equals(ext)) {
                return syntax;
            }
        }
        return null;
    }

    /** Whether {@code extension} (lower case, no dot) is one of these syntaxes'. */
    static boolean hasExtension(String extension) {
        return java.util.Arrays.stream(values()).anyMatch(syntax -> syntax.extension.equals(extension));
    }

    private static OwlSyntax byContent(Path file) {
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("<")) {
            // the first element, past the prolog, comments and a DOCTYPE's entity declarations
            Matcher first = FIRST_ELEMENT.matcher(head.replaceAll("(?s)<!--.*?-->", ""));
            // RDF/XML may have one node element for a root, <owl:Ontology rdf:about="...">; OWL/XML's has no rdf: attributes
            return first.find() && first.group(2).equals("Ontology") && !first.group(3).matches("(?s).*\\brdf:(about|ID|nodeID)\\b.*")
                    ? OWL_XML : null;
        }
        for (String line : trimmed.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("//")) {
                continue;
            }
            if (l.matches("(?i)format-version\\s*:.*")) {
                return OBO;
            }
            // Manchester's keywords end in their colon ("Prefix: : <…>"); Turtle's SPARQL-style "Prefix : <…>" has a space before it
            if (l.matches("(Prefix|Ontology|Class|ObjectProperty|DataProperty|AnnotationProperty):.*")) {
                return MANCHESTER;
            }
            if (l.matches("(Prefix|Ontology)\\s*\\(.*")) {
                return FUNCTIONAL;
            }
            return null;
        }
        return null;
    }

    /**
     * Reads {@code file} in this syntax and streams its RDF mapping into {@code sink}, with the
     * file's prefixes. What the ontology imports is not followed here ({@link OwlImports} finds
     * imports on the disk); the {@code owl:imports} statements are kept.
     *
     * @throws InputError at {@code file:line:col} where the parser says, naming this syntax
     */
    void parse(Path file, StreamRDF sink) {
        byte[] turtle;
        try {
            OWLOntologyManager manager = new OWLOntologyManagerImpl(new OWLDataFactoryImpl(), new ReentrantReadWriteLock());
            manager.getOntologyFactories().add(new OWLOntologyFactoryImpl(new NonConcurrentOWLOntologyBuilder()));
            OWLOntology ontology = manager.createOntology();
            // the parser alone, not the manager's load, which would look for a parser by trying them all
            OWLDocumentFormat read = parser.get().parse(new FileDocumentSource(file.toFile()), ontology, NO_IMPORTS);
            TurtleDocumentFormat format = new TurtleDocumentFormat();
            if (read.isPrefixOWLDocumentFormat()) {
                format.copyPrefixesFrom(read.asPrefixOWLDocumentFormat());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new TurtleStorer().storeOntology(ontology, new StreamDocumentTarget(out), format);
            turtle = out.toByteArray();
        } catch (OWLParserException e) {
            throw new InputError(file + where(e), "not valid " + label + ": " + said(e.getMessage())
                    + undeclared(e.getMessage(), file), e);
        } catch (OWLException | OWLRuntimeException e) {
            throw new InputError(file.toString(), "not valid " + label + ": " + said(e.getMessage()), e);
        }
        try {
            RDFParser.source(new ByteArrayInputStream(turtle)).lang(Lang.TURTLE).parse(sink);
        } catch (RiotException e) {
            throw new IllegalStateException("the OWL API's Turtle for " + file + " does not parse: " + e.getMessage(), e);
        }
    }

    private static final Pattern AT = Pattern.compile("\\s*\\(?\\bat line (\\d+),? column (\\d+)\\)?\\.?");
    private static final Pattern OBO_LINE = Pattern.compile("LINENO: (\\d+)");
    /** How an XML parser's error reads inside the OWL/XML parser's message. */
    private static final Pattern SAX = Pattern.compile("(?:[\\w.]+Exception; )?(?:systemId: [^;]*; )?lineNumber: (\\d+); columnNumber: (\\d+); ");
    private static final Pattern EXPECTED = Pattern.compile("(?s)\\s*(?:Was expecting one of|Expected one of):\\s*(.*)");

    private static final Pattern ENCOUNTERED = Pattern.compile("(?s)Encountered (\\S+) at line.*\\bClass name\\b.*");
    /** A Manchester frame declaring a name: {@code Class: Boot}, {@code ObjectProperty: hasSole} … */
    private static final Pattern FRAME = Pattern.compile("(?m)^\\s*(?:Class|ObjectProperty|DataProperty|AnnotationProperty"
            + "|Individual|Datatype):\\s*(\\S+)");

    /**
     * Where the parser met a name it could have read as a class, had the file declared it (the
     * Manchester parser reads a name as a class only when a {@code Class:} frame declares it): that
     * it is undeclared, and the declared name it is likely a typo of; else "".
     */
    static String undeclared(String message, Path file) {
        Matcher m = ENCOUNTERED.matcher(message == null ? "" : message);
        if (!m.matches() || !m.group(1).matches("[\\p{L}_<][^(){},]*") || m.group(1).endsWith(":")) {
            return "";
        }
        String name = m.group(1);
        List<String> declared = new java.util.ArrayList<>();
        try {
            Matcher frame = FRAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (frame.find()) {
                declared.add(frame.group(1));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the hint only: the message stands without it
        }
        String near = EditDistance.nearest(name, declared).orElse(null);
        return "; '" + name + "' is not declared, and Manchester syntax reads a name only when the file declares it ('Class: "
                + name + "', or ObjectProperty:, DataProperty: … for a property)" + (near == null ? "" : "; did you mean " + near + "?");
    }

    /** ":line:col" where the parser stopped: its own numbers, else those its message gives (functional syntax, OBO), else "". */
    private static String where(OWLParserException e) {
        if (e.getLineNumber() > 0) {
            return ":" + e.getLineNumber() + ":" + Math.max(e.getColumnNumber(), 1);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher at = AT.matcher(message);
        if (at.find()) {
            return ":" + at.group(1) + ":" + at.group(2);
        }
        Matcher sax = SAX.matcher(message);
        if (sax.find()) {
            return ":" + sax.group(1) + ":" + sax.group(2);
        }
        Matcher obo = OBO_LINE.matcher(message);
        return obo.find() && !obo.group(1).equals("0") ? ":" + obo.group(1) + ":1" : "";
    }

    /**
     * The parser's message on one line, without the position the location already gives and with
     * its list of what was expected cut short: the OWL API's parsers list every keyword of the
     * syntax, one per line.
     */
    static String said(String message) {
        if (message == null || message.isBlank()) {
            return "(the parser gave no reason)";
        }
        String m = message.replaceAll("\\s*\\(Line \\d+\\)\\s*$", "");
        Matcher obo = Pattern.compile("(?s)LINENO: \\d+ - (.*?)\\s*LINE: (.*)").matcher(m);
        if (obo.matches()) {
            String why = obo.group(1).strip();
            return (why.isEmpty() ? "cannot read the line" : why) + " '" + obo.group(2).strip() + "'";
        }
        m = SAX.matcher(AT.matcher(m).replaceAll("")).replaceAll("");
        Matcher expected = EXPECTED.matcher(m);
        if (expected.find()) {
            List<String> options = expected.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String shown = String.join(", ", options.subList(0, Math.min(8, options.size())))
                    + (options.size() > 8 ? ", … (" + options.size() + " in all)" : "");
            m = m.substring(0, expected.start()).strip() + "; expected one of: " + shown;
        }
        return SparqlText.oneLine(m.strip());
    }
}
