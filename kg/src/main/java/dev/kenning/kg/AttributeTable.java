package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.NameKey;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A class × attribute table, as zero-shot datasets publish their predicate matrices: a header
 * row naming the class column and then one column per attribute, one row per class, each cell
 * 1 (the class shows the attribute: {@code k:hasAttribute}), 0 (it does not: {@code
 * k:lacksAttribute}), a degree between them ({@code k:attributeDegree}, a soft target) or empty
 * (unknown: nothing stated). Comma-, semicolon- or tab-separated,
 * with RFC 4180 quotes. A class or attribute the graph already has (same {@code rdfs:label},
 * local name or output name, ignoring case and punctuation) is reused, so a table can describe
 * an ontology's classes; others are made in the namespace given.
 */
public final class AttributeTable {
    private AttributeTable() {
    }

    /** What a table said: the statements, and how many classes, attributes and stated cells. */
    public record Read(Model model, int classes, int attributes, int cells) {
    }

    /** Whether {@code file} is read as a table ({@code .csv}, {@code .tsv}) rather than as RDF. */
    public static boolean isTable(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv");
    }

    /** The namespace of the terms a table makes when none is given: the file's graph name and "#". */
    public static String defaultNamespace(Path file) {
        return KnowledgeBase.graphFor(file) + "#";
    }

    /**
     * Reads {@code file} into the graph {@linkplain KnowledgeBase#graphFor named after it}
     * (replacing it), then names the outputs its attributes and classes lack ({@link
     * AttributeMapping#nameOutputs}). On any error the store is as it was.
     */
    public static Read importInto(KnowledgeBase kb, Path file, String namespace, List<String> labels) {
        Read read = read(file, namespace, kb);
        String graph = KnowledgeBase.graphFor(file);
        Model before = kb.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + graph + "> { ?s ?p ?o } }");
        kb.importModel(read.model(), graph);
        try {
            AttributeMapping.nameOutputs(kb, labels, file.toString());
        } catch (RuntimeException e) {
            kb.importModel(before, graph);
            throw e;
        }
        return read;
    }

    /**
     * Reads {@code file} against the terms {@code kb} holds already.
     *
     * @throws InputError at {@code file:line:col} for a bad cell, a ragged row, a repeated class
     *                    or attribute, or a file that is not UTF-8 text
     */
    public static Read read(Path file, String namespace, KnowledgeBase kb) {
        if (!namespace.matches("[A-Za-z][A-Za-z0-9+.-]*:\\S*[#/:]")) {
            throw new InputError("--namespace", "must be an IRI ending in #, / or :, e.g. https://example.org/birds#; got '"
                    + namespace + "'");
        }
        List<String> lines = lines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new InputError(file + ":1:1", "empty table; the first line names the class column and then the attributes,"
                    + " e.g. class,stripes,hooves");
        }
        char separator = separator(lines.get(0));
        List<Cell> header = cells(lines.get(0), separator, file, 1);
        if (header.size() < 2) {
            throw new InputError(file + ":1:1", "the header names the class column and at least one attribute, separated by"
                    + " commas, semicolons or tabs");
        }
        Map<String, Resource> known = known(kb);
        Model model = ModelFactory.createDefaultModel();
        Property has = model.createProperty(KnowledgeBase.NS, "hasAttribute");
        Property lacks = model.createProperty(KnowledgeBase.NS, "lacksAttribute");
        Property attributeDegree = model.createProperty(KnowledgeBase.NS, "attributeDegree");
        Property attribute = model.createProperty(KnowledgeBase.NS, "attribute");
        Property degree = model.createProperty(KnowledgeBase.NS, "degree");
        Resource attributeClass = model.createResource(KnowledgeBase.NS + "Attribute");
        List<Resource> attributes = new ArrayList<>();
        Map<String, Cell> seen = new HashMap<>();
        for (Cell c : header.subList(1, header.size())) {
            Resource attr = term(c, "attribute", namespace, known, seen, model, file, 1);
            model.add(attr, RDF.type, attributeClass);
            attributes.add(attr);
        }
        int classes = 0;
        int stated = 0;
        Map<String, Cell> rows = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            int line = i + 1;
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<Cell> row = cells(lines.get(i), separator, file, line);
            if (row.size() != header.size()) {
                throw new InputError(file + ":" + line + ":1", "has " + row.size() + " cells where the header has "
                        + header.size());
            }
            Resource cls = term(row.get(0), "class", namespace, known, rows, model, file, line);
            model.add(cls, RDF.type, OWL.Class);
            classes++;
            for (int a = 0; a < attributes.size(); a++) {
                Cell cell = row.get(a + 1);
                String v = cell.text().trim();
                if (v.isEmpty()) {
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (value == 1) {
                    model.add(cls, has, attributes.get(a));
                } else if (value == 0) {
                    model.add(cls, lacks, attributes.get(a));
                } else if (value > 0 && value < 1) {
                    Resource node = model.createResource();
                    model.add(cls, attributeDegree, node);
                    model.add(node, attribute, attributes.get(a));
                    model.addLiteral(node, degree, value);
                } else {
                    throw new InputError(file + ":" + line + ":" + cell.column(), "'" + v + "' under '" + header.get(a + 1).text()
                            + "': expected 1 (has it), 0 (lacks it), a degree between them, or an empty cell (unknown)"
                            + (value > 1 ? "; a table on another scale (0-100) must be divided by its maximum first" : ""));
                }
                stated++;
            }
        }
        if (classes == 0) {
            throw new InputError(file + ":2:1", "no class rows under the header");
        }
        return new Read(model, classes, attributes.size(), stated);
    }

    private record Cell(String text, int column) {
    }

    /** A class or attribute: the graph's own if it has one by that name, else a new one with the name as its label. */
    private static Resource term(Cell cell, String what, String namespace, Map<String, Resource> known, Map<String, Cell> seen,
                                 Model model, Path file, int line) {
        String name = cell.text().trim();
        String key = NameKey.of(name);
        if (key.isEmpty()) {
            throw new InputError(file + ":" + line + ":" + cell.column(), "a " + what + " needs a name with a letter or digit");
        }
        Cell before = seen.putIfAbsent(key, cell);
        if (before != null) {
            throw new InputError(file + ":" + line + ":" + cell.column(), "'" + name + "' names the same " + what + " as '"
                    + before.text().trim() + "' before it (names are compared ignoring case and punctuation)");
        }
        Resource existing = known.get(key);
        if (existing != null) {
            return model.createResource(existing.getURI());
        }
        Resource made = model.createResource(namespace + name.replaceAll("[^A-Za-z0-9_.-]+", "_"));
        model.add(made, RDFS.label, name);
        return made;
    }

    /** The graph's classes and attributes by output name, label and local name, in that order of preference. */
    private static Map<String, Resource> known(KnowledgeBase kb) {
        Map<String, Resource> byKey = new HashMap<>();
        List<Map<String, String>> terms = kb.select("""
                PREFIX k: <https://kenning.dev/ns#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                SELECT DISTINCT ?t ?output ?label WHERE {
                  { ?t a owl:Class } UNION { ?t a rdfs:Class } UNION { ?t a k:Attribute }
                  UNION { ?t rdfs:subClassOf ?up } UNION { ?down rdfs:subClassOf ?t }
                  FILTER(isIRI(?t) && !STRSTARTS(STR(?t), "http://www.w3.org/"))
                  OPTIONAL { ?t k:outputName ?output }
                  OPTIONAL { ?t rdfs:label ?label }
                } ORDER BY ?t""");
        Model termsModel = ModelFactory.createDefaultModel();
        for (String key : List.of("output", "label", "t")) {
            for (Map<String, String> row : terms) {
                String name = row.get(key);
                if (name == null) {
                    continue;
                }
                String bare = key.equals("output") ? name.replaceFirst("^[a-z]+:", "")
                        : key.equals("t") ? name.substring(Math.max(name.lastIndexOf('#'), name.lastIndexOf('/')) + 1) : name;
                byKey.putIfAbsent(NameKey.of(bare), termsModel.createResource(row.get("t")));
            }
        }
        return byKey;
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(file.toString(), "file not found");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return List.of(text.split("\r\n|\n|\r", -1));
        } catch (CharacterCodingException e) {
            throw new InputError(file.toString(), "not UTF-8 text; save the table as UTF-8 CSV");
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** The header's separator: the first of comma, semicolon and tab it uses (outside quotes). */
    private static char separator(String header) {
        boolean quoted = false;
        for (char ch : header.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == ',' || ch == ';' || ch == '\t')) {
                return ch;
            }
        }
        return ',';
    }

    private static List<Cell> cells(String line, char separator, Path file, int lineNo) {
        List<Cell> cells = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int start = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    text.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    text.append(ch);
                }
            } else if (ch == separator) {
                cells.add(new Cell(text.toString(), start));
                text.setLength(0);
                start = i + 2;
                wasQuoted = false;
            } else if (ch == '"' && text.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                text.setLength(0);
            } else {
                text.append(ch);
            }
        }
        if (quoted) {
            throw new InputError(file + ":" + lineNo + ":" + start, "a quoted cell is not closed on its line");
        }
        cells.add(new Cell(text.toString(), start));
        return cells;
    }
}
