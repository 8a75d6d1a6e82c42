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
        String ext = extension(file);
        for (RdfSyntax syntax : values()) {
            if (syntax.extensions.contains(ext)) {
                return syntax;
            }
        }
        throw new InputError(file.toString(), "unknown RDF syntax; expected .ttl, .nt, .nq, .trig, .rdf, .owl, .xml or .jsonld"
                + " (and, to read, an ontology Protégé saved in another syntax: " + OwlSyntax.EXTENSIONS + ")");
    }

    /** A file name's extension, lower case, without the dot; "" for none. */
    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the file, read, names graphs of its own (N-Quads, TriG); an ontology in one of
     * Protégé's other syntaxes does not.
     *
     * @throws InputError if it is in no syntax Kenning reads
     */
    public static boolean namesGraphs(Path file) {
        return OwlSyntax.of(file) == null && of(file).holdsQuads();
    }

    /**
     * Whether a file in a folder of knowledge (a workspace's experiments/) is one to read, by its
     * extension: any syntax Kenning reads, RDF or one of Protégé's others, except {@code .xml},
     * which catalogs and other XML share with RDF/XML.
     */
    public static boolean knowledgeFile(Path file) {
        String ext = extension(file);
        if (ext.equals("xml")) {
            return false;
        }
        for (RdfSyntax syntax : values()) {
            if (syntax.extensions.contains(ext)) {
                return true;
            }
        }
        return OwlSyntax.hasExtension(ext);
    }

    /**
     * The name of the syntax a file is in when Kenning reads it but does not write it: one of
     * Protégé's that are not RDF ("OWL/XML", "Manchester syntax", "OWL functional syntax",
     * "OBO"); null for RDF.
     */
    public static String readOnly(Path file) {
        OwlSyntax owl = OwlSyntax.of(file);
        return owl == null ? null : owl.label();
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
