package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.NameKey;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A class × attribute table, as zero-shot datasets publish their predicate matrices: a header
 * row naming the class column and then one column per attribute, one row per class, each cell
 * 1 (the class shows the attribute: {@code k:hasAttribute}), 0 (it does not: {@code
 * k:lacksAttribute}), a degree between them ({@code k:attributeDegree}, a soft target) or empty
 * (unknown: nothing stated). Comma-, semicolon- or tab-separated,
 * with RFC 4180 quotes; or a {@link PredicateMatrix} as AwA2 and CUB-200-2011 ship it (numbers
 * only, the names in files beside it). A class or attribute the graph already has (same {@code rdfs:label},
 * local name or output name, ignoring case and punctuation) is reused, so a table can describe
 * an ontology's classes; others are made in the namespace given, named by their letters and digits
 * in any script ({@link #localName}). The classes a table makes are
 * its dataset's labels, one per image: two or more are stated pairwise disjoint ({@code
 * owl:AllDisjointClasses}), as an ontology would state them, so a table alone can name the
 * labels of an image task.
 */
public final class AttributeTable {
    private AttributeTable() {
    }

    /**
     * What a table said: the statements, how many classes, attributes and stated cells, and how
     * many classes it made (rather than found in the graph), stated pairwise disjoint if two or more.
     */
    public record Read(Model model, int classes, int attributes, int cells, int made) {
        /** A line saying which classes were stated disjoint, or null when none were. */
        public String disjointnessNote(Path file) {
            return made < 2 ? null : file.getFileName() + ": the " + made + " classes it names and the graph lacks are taken as"
                    + " its dataset's labels and stated pairwise disjoint (owl:AllDisjointClasses)";
        }
    }

    /**
     * Whether {@code file} is read as a table ({@code .csv}, {@code .tsv}, or a predicate matrix's
     * {@code .txt}) rather than as RDF.
     */
    public static boolean isTable(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt");
    }

    /** Drools decision tables' keywords: a CSV whose first cell is one is rules, not a class × attribute table. */
    private static final Set<String> DECISION_TABLE = Set.of("ruleset", "import", "ruletable", "notes",
            "variables", "sequential", "functions", "queries", "declare");

    /**
     * Whether {@code file}, by its name and first line, is a class × attribute table this reads: a
     * {@code .csv} or {@code .tsv} that is not a Drools decision table (which begins with
     * {@code RuleSet} or another of its keywords), or a {@code .txt} whose first line holds numbers
     * only (a predicate matrix, not one of its names files). For lists of files to choose from;
     * reading one is what checks it.
     */
    public static boolean looksLikeTable(Path file) {
        if (!isTable(file) || PredicateMatrix.isNames(file) || !Files.isRegularFile(file)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 50; i++) {
                String line = in.readLine();
                if (line == null) {
                    return false;
                }
                line = line.strip().replace("\uFEFF", "");
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (PredicateMatrix.isMatrix(file)) {
                    return line.matches("[-+0-9.eE\\s]+") && line.matches(".*[0-9].*");
                }
                String first = line.split("[,;\t]", 2)[0].replace("\"", "").strip().toLowerCase(java.util.Locale.ROOT);
                return !DECISION_TABLE.contains(first) && line.matches(".*[,;\t].*");
            }
            return false;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The files reading {@code table} reads: itself, and a predicate matrix's names files. */
    public static List<Path> filesRead(Path table) {
        return PredicateMatrix.isMatrix(table) ? PredicateMatrix.filesRead(table) : List.of(table);
    }

    /**
     * The names in a file of one name per line, each optionally after its number, as the zero-shot
     * datasets list classes ({@code classes.txt}, AwA2's {@code testclasses.txt}).
     */
    public static List<String> namesIn(Path file) {
        return PredicateMatrix.names(file).stream().map(Cell::text).toList();
    }

    /** The names a table gives, where each stands, and its rows of cells. */
    record Parsed(List<Cell> attributes, List<Row> rows, Scale scale) {
    }

    /** A class's row: its name and its cells, one per attribute. */
    record Row(Cell name, List<Cell> cells) {
    }

    /** A name or value and where it stands ({@code file:line:col}). */
    record Cell(String text, Path file, int line, int column) {
        String where() {
            return file + ":" + line + ":" + column;
        }
    }

    /** How a table's numbers read: 0 … 1 (a CSV table), or 0 … 100 (AwA2's and CUB's continuous matrices), a negative cell unknown. */
    enum Scale {
        UNIT, PERCENT
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
        if (PredicateMatrix.isNames(file)) {
            throw new InputError(file.toString(), "holds the names of a class × attribute matrix's classes or attributes;"
                    + " name the matrix itself (AwA2's predicate-matrix-binary.txt, CUB's"
                    + " class_attribute_labels_continuous.txt), which finds its names beside it or above");
        }
        Parsed parsed = PredicateMatrix.isMatrix(file) ? PredicateMatrix.parse(file) : parseCsv(file);
        Read read = build(parsed, namespace, kb);
        // the terms it makes get a prefix, so provenance reads animals:Cat, not <file:///…/animals.csv#Cat>
        Map<String, String> bound = kb.read(m -> Map.copyOf(m.getNsPrefixMap()));
        if (!bound.containsValue(namespace) && read.model().getNsURIPrefix(namespace) == null) {
            read.model().setNsPrefix(prefixFor(file, bound), namespace);
        }
        return read;
    }

    /**
     * A prefix for the terms a table makes: its file name's stem (animals.csv: {@code animals}),
     * as a prefix may be written (lower case, other characters as "-", a letter first), or {@code
     * table} for a stem longer than 20 characters (CUB's class_attribute_labels_continuous.txt);
     * numbered where {@code bound} (prefix to namespace) has it already.
     */
    static String prefixFor(Path file, Map<String, String> bound) {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+|-+$", "");
        String base = stem.isEmpty() || stem.length() > 20 ? "table" : stem;
        String prefix = base;
        for (int i = 2; bound.containsKey(prefix); i++) {
            prefix = base + i;
        }
        return prefix;
    }

    /**
     * A CSV table: a header naming the class column and the attributes, then a row per class. Empty
     * columns after the last attribute, as a spreadsheet exports cells it once formatted, are left
     * out while no row has a value in them.
     */
    private static Parsed parseCsv(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new InputError(file + ":1:1", "empty table; the first line names the class column and then the attributes,"
                    + " e.g. class,stripes,hooves");
        }
        List<List<Cell>> records = records(lines, separator(lines.get(0)), file);
        List<Cell> header = records.get(0);
        int columns = header.size();
        while (columns > 2 && header.get(columns - 1).text().isBlank()) {
            columns--;
        }
        if (columns < 2) {
            throw new InputError(file + ":1:1", "the header names the class column and at least one attribute, separated by"
                    + " commas, semicolons or tabs");
        }
        List<Row> rows = new ArrayList<>();
        for (List<Cell> row : records.subList(1, records.size())) {
            if (row.size() == 1 && row.get(0).text().isBlank()) {
                continue;
            }
            Cell first = row.get(0);
            if (row.size() < columns || row.size() > Math.max(columns, header.size())) {
                throw new InputError(first.file() + ":" + first.line() + ":1", "has " + row.size() + " cells where the header has "
                        + columns + (columns < header.size() ? " (and " + (header.size() - columns) + " empty)" : ""));
            }
            for (Cell extra : row.subList(columns, row.size())) {
                if (!extra.text().isBlank()) {
                    throw new InputError(extra.where(), "'" + extra.text().trim() + "' is in a column the header names no"
                            + " attribute for; name it in the header or leave its cells empty");
                }
            }
            rows.add(new Row(first, row.subList(1, columns)));
        }
        if (rows.isEmpty()) {
            throw new InputError(file + ":2:1", "no class rows under the header");
        }
        return new Parsed(header.subList(1, columns), rows, Scale.UNIT);
    }

    /** What pandas reads as missing by default, and a question mark: an unknown cell, as an empty one is. */
    private static final Set<String> UNKNOWN = Set.of("na", "n/a", "nan", "-nan", "null", "none", "<na>",
            "#n/a", "?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d*,\\d+");

    /**
     * A cell as a spreadsheet's export writes it: a number (with a decimal comma too, as a
     * semicolon-separated export from a German or French Excel has it; a percentage, 40% for 0.4),
     * yes/no or true/false (1 and 0), or unknown: null for an empty cell or a missing-value mark
     * ({@link #UNKNOWN}). NaN for anything else, which the caller reports with its place.
     */
    static Double cellValue(String text) {
        String v = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty() || UNKNOWN.contains(v)) {
            return null;
        }
        switch (v) {
            case "yes", "y", "true":
                return 1.0;
            case "no", "n", "false":
                return 0.0;
            default:
                break;
        }
        double scale = 1;
        if (v.endsWith("%")) {
            v = v.substring(0, v.length() - 1).trim();
            scale = 100;
        }
        if (DECIMAL_COMMA.matcher(v).matches()) {
            v = v.replace(',', '.');
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d / scale : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The statements a parsed table makes, against the terms {@code kb} holds already. */
    private static Read build(Parsed table, String namespace, KnowledgeBase kb) {
        Model model = ModelFactory.createDefaultModel();
        Terms terms = new Terms(namespace, known(kb), model);
        Property has = model.createProperty(KnowledgeBase.NS, "hasAttribute");
        Property lacks = model.createProperty(KnowledgeBase.NS, "lacksAttribute");
        Property attributeDegree = model.createProperty(KnowledgeBase.NS, "attributeDegree");
        Property attribute = model.createProperty(KnowledgeBase.NS, "attribute");
        Property degree = model.createProperty(KnowledgeBase.NS, "degree");
        Resource attributeClass = model.createResource(KnowledgeBase.NS + "Attribute");
        List<Resource> attributes = new ArrayList<>();
        Map<String, Cell> seen = new HashMap<>();
        for (Cell c : table.attributes()) {
            Resource attr = terms.term(c, "attribute", seen);
            model.add(attr, RDF.type, attributeClass);
            attributes.add(attr);
        }
        int stated = 0;
        Map<String, Cell> rows = new HashMap<>();
        List<Resource> made = new ArrayList<>();
        for (Row row : table.rows()) {
            Resource cls = terms.term(row.name(), "class", rows);
            if (terms.made().contains(cls.getURI())) {
                made.add(cls);
            }
            model.add(cls, RDF.type, OWL.Class);
            for (int a = 0; a < attributes.size(); a++) {
                Cell cell = row.cells().get(a);
                String v = cell.text().trim();
                Double read = cellValue(v);
                if (read == null) {
                    continue;
                }
                double value = read;
                if (table.scale() == Scale.PERCENT) {
                    if (value < 0) {
                        continue; // −1, a usual mark for "not known"
                    }
                    value = value > 100 ? Double.NaN : value / 100;
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
                    throw new InputError(cell.where(), "'" + v + "' under '" + table.attributes().get(a).text().trim() + "': "
                            + (table.scale() == Scale.PERCENT
                            ? "expected a number from 0 to 100 (a percentage, as the matrix holds numbers above 1), or a negative one"
                            + " (unknown)"
                            : "expected 1 (has it), 0 (lacks it), a degree between them (0.4, 0,4 or 40%), or an empty"
                            + " cell (unknown); yes/no, true/false and NA are read too"
                            + (value > 1 ? "; a table on another scale (0-100) must be divided by its maximum first" : "")));
                }
                stated++;
            }
        }
        if (made.size() >= 2) {
            Resource disjoint = model.createResource();
            model.add(disjoint, RDF.type, OWL2.AllDisjointClasses);
            model.add(disjoint, OWL2.members, model.createList(made.iterator()));
        }
        return new Read(model, table.rows().size(), attributes.size(), stated, made.size());
    }

    /** A name after an ordinal, as CUB-200-2011 numbers its classes: {@code 001.Black_footed_Albatross}. */
    private static final java.util.regex.Pattern NUMBERED = java.util.regex.Pattern.compile("\\d+\\.(\\p{L}.*)");

    /**
     * The local name a table gives a term it makes: the name in Unicode's composed form (NFC), its
     * letters, combining marks and digits of any script kept, as IRIs hold them (RFC 3987), and
     * '_', '.' and '-'; each run of other characters one '_' ({@code Größe (cm)}: {@code
     * Größe_cm_}, {@code 赤}: {@code 赤}).
     */
    static String localName(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).replaceAll("[^\\p{L}\\p{M}\\p{N}_.-]+", "_");
    }

    /** A cell naming a term by its IRI, as a table chooses one of several terms a name is shared by. */
    private static final Pattern IRI_CELL = Pattern.compile("<([^<>\\s]+)>");

    /**
     * The classes and attributes of one table: the graph's own ({@code known}: the terms each name
     * key stands for) or made in {@code namespace}; each named by one cell only.
     */
    private record Terms(String namespace, Map<String, List<String>> known, Model model, Map<String, String> taken,
                         Set<String> made) {
        Terms(String namespace, Map<String, List<String>> known, Model model) {
            this(namespace, known, model, new HashMap<>(), new java.util.HashSet<>());
        }

        /**
         * A class or attribute: the graph's own if it has one by that name or IRI ({@code <…>}), else
         * a new one with the name as its label (and, for a numbered name, the rest as another name).
         *
         * @throws InputError at the cell for a name without a letter or digit, a name {@code seen}
         *                    before (as a term of this kind), a name several terms of the graph go
         *                    by, an IRI the graph has no term for, or a term another cell names
         */
        Resource term(Cell cell, String what, Map<String, Cell> seen) {
            String name = cell.text().trim();
            String key = NameKey.of(name);
            if (key.isEmpty()) {
                throw new InputError(cell.where(), (what.equals("attribute") ? "an " : "a ") + what
                        + " needs a name with a letter or digit");
            }
            Cell before = seen.putIfAbsent(key, cell);
            if (before != null) {
                throw new InputError(cell.where(), "'" + name + "' names the same " + what + " as '"
                        + before.text().trim() + "' at " + before.where() + " (names are compared ignoring case and punctuation)");
            }
            java.util.regex.Matcher iriCell = IRI_CELL.matcher(name);
            String named = iriCell.matches() ? iriCell.group(1) : null;
            List<String> existing = named != null ? List.of(named) : known.getOrDefault(key, List.of());
            if (existing.size() > 1) {
                throw new InputError(cell.where(), "'" + name + "' is a name of more than one class or attribute of the graph: "
                        + existing.stream().map(t -> "<" + t + ">").collect(java.util.stream.Collectors.joining(", "))
                        + "; write the one meant as its IRI in angle brackets, or a name only it goes by");
            }
            if (named != null && known.values().stream().noneMatch(terms -> terms.contains(named))) {
                throw new InputError(cell.where(), "<" + named + "> is no class or attribute of the graph; an IRI in angle"
                        + " brackets names one it has, a name makes a new one");
            }
            boolean make = existing.isEmpty();
            String iri = make ? namespace + localName(name) : existing.get(0);
            String other = taken.putIfAbsent(iri, "the " + what + " '" + name + "' at " + cell.where());
            if (other != null) {
                throw new InputError(cell.where(), "the " + what + " '" + name + "' " + (make
                        ? "would be made as <" + iri + ">, as " + other + " is; rename one so that their letters or digits differ"
                        : "is <" + iri + ">, as " + other + " is; a table names each of its classes and attributes once"));
            }
            Resource term = model.createResource(iri);
            if (make) {
                made.add(iri);
                model.add(term, RDFS.label, name);
                java.util.regex.Matcher numbered = NUMBERED.matcher(name);
                if (numbered.matches()) {
                    // CUB's "001.Black_footed_Albatross" also goes by "Black_footed_Albatross" (data.held_out, folders)
                    model.add(term, SKOS.altLabel, numbered.group(1));
                }
            }
            return term;
        }
    }

    /**
     * The graph's classes and attributes by the key of each name they go by: those whose output
     * name it is, else those with it as a label or local name, as image folders' names are matched
     * ({@code ClassKeys}); a key of several terms is chosen between by IRI.
     */
    private static Map<String, List<String>> known(KnowledgeBase kb) {
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
        Map<String, java.util.SortedSet<String>> byOutput = new HashMap<>();
        Map<String, java.util.SortedSet<String>> byOther = new HashMap<>();
        for (Map<String, String> row : terms) {
            String t = row.get("t");
            if (row.get("output") != null) {
                byOutput.computeIfAbsent(NameKey.of(row.get("output").replaceFirst("^[a-z]+:", "")), k -> new java.util.TreeSet<>()).add(t);
            }
            for (String name : new String[]{row.get("label"), ClassNames.localName(t)}) {
                if (name != null && !NameKey.of(name).isEmpty()) {
                    byOther.computeIfAbsent(NameKey.of(name), k -> new java.util.TreeSet<>()).add(t);
                }
            }
        }
        Map<String, List<String>> byKey = new HashMap<>();
        byOther.forEach((key, candidates) -> byKey.put(key, List.copyOf(candidates)));
        byOutput.forEach((key, candidates) -> byKey.put(key, List.copyOf(candidates)));
        return byKey;
    }

    static List<String> lines(Path file) {
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

    /**
     * The records of a CSV text, each a list of cells where they start: RFC 4180's quotes, a quoted
     * cell running on over line breaks (kept in its text), a doubled quote one quote.
     */
    private static List<List<Cell>> records(List<String> lines, char separator, Path file) {
        List<List<Cell>> records = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int startLine = 1;
        int start = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (!quoted && l == lines.size() - 1 && line.isEmpty()) {
                break; // the end of the last line
            }
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
                    cells.add(new Cell(text.toString(), file, startLine, start));
                    text.setLength(0);
                    startLine = l + 1;
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
                text.append('\n');
                continue;
            }
            cells.add(new Cell(text.toString(), file, startLine, start));
            records.add(cells);
            cells = new ArrayList<>();
            text.setLength(0);
            startLine = l + 2;
            start = 1;
            wasQuoted = false;
        }
        if (quoted) {
            throw new InputError(file + ":" + startLine + ":" + start, "a quoted cell is not closed before the end of the file;"
                    + " a quote in a quoted cell is written twice (\"\")");
        }
        return records;
    }
}
