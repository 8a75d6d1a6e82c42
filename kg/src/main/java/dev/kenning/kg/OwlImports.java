package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ontologies an ontology imports ({@code owl:imports}), found on the disk as Protégé finds
 * them, never on the network: through the {@code catalog-v001.xml} Protégé writes beside an
 * ontology (its {@code <uri name="IRI" uri="file"/>} entries), else among the RDF files of the
 * importing file's folder, by the ontology IRI (or version IRI) they declare; a {@code file:} IRI
 * names its file. An ontology split into modules is then read whole from the one file a spec
 * names. Imports found nowhere are reported, not refused: a spec may not need them (an upper
 * ontology imported for its annotation properties).
 */
public final class OwlImports {

    /** Protégé's catalog file name. */
    public static final String CATALOG = "catalog-v001.xml";

    /** RDF files the folder search reads to learn their ontology IRI; larger files are skipped. */
    private static final long MAX_SCANNED_BYTES = 64L << 20;

    private OwlImports() {
    }

    /** An import no file on the disk was found for: the ontology that imports it, the IRI and the file that said so. */
    public record Missing(Path importedBy, String iri) {
        /** One line for the user: what is missing and how to provide it. */
        public String message() {
            return importedBy + " imports <" + iri + ">, which no file here declares (looked in " + CATALOG
                    + " and the RDF files beside it; Kenning fetches nothing from the network): its statements are left out."
                    + " Add the file to the spec's knowledge.ontologies, or to " + CATALOG + " as Protégé writes it";
        }
    }

    /** What following the imports did: the files loaded for them, in order, and the imports not found. */
    public record Followed(List<Path> loaded, List<Missing> missing) {
    }

    /**
     * Loads into {@code kb} ({@link KnowledgeBase#load}, a graph per file) every ontology the
     * {@code files} import, directly or through each other, that the graph does not declare yet.
     *
     * @throws InputError if a file found for an import does not parse (at its file:line:col)
     */
    public static Followed follow(KnowledgeBase kb, List<Path> files) {
        List<Path> loaded = new ArrayList<>();
        Map<String, Missing> missing = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        files.forEach(f -> seen.add(f.toAbsolutePath().normalize()));
        List<Path> todo = new ArrayList<>(seen);
        while (!todo.isEmpty()) {
            Path importer = todo.remove(0);
            for (String iri : importsOf(kb, importer)) {
                if (declared(kb, iri)) {
                    continue;
                }
                Path file = find(importer.getParent(), iri);
                if (file == null) {
                    missing.putIfAbsent(iri, new Missing(importer, iri));
                } else if (seen.add(file)) {
                    kb.load(file);
                    loaded.add(file);
                    todo.add(file);
                    missing.remove(iri);
                }
            }
        }
        return new Followed(List.copyOf(loaded), List.copyOf(missing.values()));
    }

    /**
     * The files {@code file} imports, directly or through each other, found as {@link #follow}
     * finds them, without a store to load them into: for a front end that copies an ontology
     * somewhere with its modules.
     *
     * @throws InputError if one of them does not parse
     */
    public static Followed of(Path file) {
        try (KnowledgeBase scratch = KnowledgeBase.inMemory()) {
            scratch.load(file);
            return follow(scratch, List.of(file));
        }
    }

    /** The IRIs the file's own graph imports. */
    private static List<String> importsOf(KnowledgeBase kb, Path file) {
        return kb.select("SELECT DISTINCT ?i WHERE { GRAPH <" + KnowledgeBase.graphFor(file) + "> { ?o <" + OWL2.imports.getURI()
                + "> ?i FILTER(isIRI(?i)) } } ORDER BY ?i").stream().map(r -> r.get("i")).toList();
    }

    private static boolean declared(KnowledgeBase kb, String iri) {
        return kb.ask("ASK { { <" + iri + "> a <" + OWL2.Ontology.getURI() + "> } UNION { ?o <" + OWL2.versionIRI.getURI()
                + "> <" + iri + "> } }");
    }

    /** The file for an imported IRI: by the folder's catalog, as a file: IRI, else by the IRI a file beside it declares. */
    static Path find(Path folder, String iri) {
        if (folder == null) {
            return null;
        }
        Path byCatalog = catalogued(folder.resolve(CATALOG), iri);
        if (byCatalog != null) {
            return byCatalog;
        }
        if (iri.startsWith("file:")) {
            try {
                Path p = Path.of(URI.create(iri)).toAbsolutePath().normalize();
                return Files.isRegularFile(p) ? p : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.sorted().toList()) {
                if (readable(p) && declares(p, iri)) {
                    return p.toAbsolutePath().normalize();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The file a Protégé catalog maps {@code iri} to, if the catalog exists, names it and the file is there. */
    static Path catalogued(Path catalog, String iri) {
        if (!Files.isRegularFile(catalog)) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // a catalog is read for its entries only: no DTDs, no external entities
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            NodeList uris = builder.parse(catalog.toFile()).getElementsByTagNameNS("*", "uri");
            for (int i = 0; i < uris.getLength(); i++) {
                Element e = (Element) uris.item(i);
                if (iri.equals(e.getAttribute("name")) && !e.getAttribute("uri").isBlank()) {
                    String target = e.getAttribute("uri");
                    Path p = target.startsWith("file:") ? Path.of(URI.create(target)) : catalog.getParent().resolve(target);
                    p = p.toAbsolutePath().normalize();
                    return Files.isRegularFile(p) ? p : null;
                }
            }
        } catch (Exception e) {
            throw new InputError(catalog.toString(), "not a catalog Kenning can read (" + e.getMessage()
                    + "); Protégé writes one as <catalog><uri name=\"ontology IRI\" uri=\"file\"/></catalog>");
        }
        return null;
    }

    private static boolean readable(Path p) {
        try {
            return Files.isRegularFile(p) && !p.getFileName().toString().equals(CATALOG) && Files.size(p) <= MAX_SCANNED_BYTES
                    && (OwlSyntax.of(p) != null || RdfSyntax.of(p) != null);
        } catch (IOException | RuntimeException e) {
            return false; // not a file of a syntax Kenning reads
        }
    }

    /** Whether the file declares the ontology {@code iri} (or a version of it); a file that does not parse does not. */
    private static boolean declares(Path file, String iri) {
        Model m;
        try {
            m = KnowledgeBase.readFile(file);
        } catch (RuntimeException e) {
            return false;
        }
        return m.contains(m.createResource(iri), RDF.type, OWL2.Ontology) || m.contains(null, OWL2.versionIRI, m.createResource(iri));
    }
}
