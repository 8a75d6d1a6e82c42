package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The RDF syntaxes Kenning reads and writes, chosen by file extension. Quad syntaxes carry
 * graph names and so can hold a whole store; the others hold one graph.
 */
public enum RdfSyntax {
    TURTLE(Lang.TURTLE, RDFFormat.TURTLE_PRETTY, List.of("ttl")),
    N_TRIPLES(Lang.NTRIPLES, RDFFormat.NTRIPLES, List.of("nt")),
    N_QUADS(Lang.NQUADS, RDFFormat.NQUADS, List.of("nq")),
    TRIG(Lang.TRIG, RDFFormat.TRIG_PRETTY, List.of("trig")),
    RDF_XML(Lang.RDFXML, RDFFormat.RDFXML_PRETTY, List.of("rdf", "owl", "xml")),
    JSON_LD(Lang.JSONLD, RDFFormat.JSONLD, List.of("jsonld"));

    private final Lang lang;
    private final RDFFormat format;
    private final List<String> extensions;

    RdfSyntax(Lang lang, RDFFormat format, List<String> extensions) {
        this.lang = lang;
        this.format = format;
        this.extensions = extensions;
    }

    /**
     * The syntax a file's extension names.
     *
     * @throws InputError naming the file and the extensions Kenning knows
     */
    public static RdfSyntax of(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (RdfSyntax syntax : values()) {
            if (syntax.extensions.contains(ext)) {
                return syntax;
            }
        }
        String owl = otherOwlSyntax(file);
        throw new InputError(file.toString(), owl != null ? notRdf(owl)
                : "unknown RDF syntax; expected .ttl, .nt, .nq, .trig, .rdf, .owl, .xml or .jsonld");
    }

    /**
     * The OWL syntax that is not RDF a file to read is written in — "OWL/XML", "Manchester
     * syntax", "OWL functional syntax" or "OBO" — judged by its first 8 KB; null for anything else
     * (RDF, or a file that cannot be read, which parsing then reports). Protégé saves in each of
     * them when asked, and an OWL/XML file is often named .owl.
     */
    static String otherOwlSyntax(Path file) {
        String head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            head = new String(in.readNBytes(8192), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("<")) {
            // the first element, past the prolog, comments and a DOCTYPE's entity declarations
            java.util.regex.Matcher first = FIRST_ELEMENT.matcher(head.replaceAll("(?s)<!--.*?-->", ""));
            // RDF/XML may have one node element for a root, <owl:Ontology rdf:about="...">; OWL/XML's has no rdf: attributes
            return first.find() && first.group(2).equals("Ontology") && !first.group(3).matches("(?s).*\\brdf:(about|ID|nodeID)\\b.*")
                    ? "OWL/XML" : null;
        }
        for (String line : trimmed.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("//")) {
                continue;
            }
            if (l.matches("(?i)format-version\\s*:.*")) {
                return "OBO";
            }
            if (l.matches("(Prefix|Ontology|Class|ObjectProperty|DataProperty|AnnotationProperty)\\s*:.*")) {
                return "Manchester syntax";
            }
            if (l.matches("(Prefix|Ontology)\\s*\\(.*")) {
                return "OWL functional syntax";
            }
            return null;
        }
        return null;
    }

    private static final java.util.regex.Pattern FIRST_ELEMENT = java.util.regex.Pattern.compile("<(?![!?])([\\w.-]+:)?([\\w.-]+)([^>]*)>");

    /** What to say of an ontology written in {@code syntax}, which is not RDF. */
    static String notRdf(String syntax) {
        return "an ontology in " + syntax + ", which is not RDF and not read here: Kenning reads RDF (Turtle .ttl,"
                + " RDF/XML .owl/.rdf, N-Triples, N-Quads, TriG, JSON-LD). Save it as RDF: in Protégé, File > Save as..."
                + " > Turtle Syntax (or RDF/XML Syntax); or with ROBOT, robot convert --input FILE --output FILE.ttl";
    }

    /** Whether the syntax can name graphs, i.e. hold a whole store. */
    public boolean holdsQuads() {
        return this == N_QUADS || this == TRIG;
    }

    Lang lang() {
        return lang;
    }

    RDFFormat format() {
        return format;
    }
}
