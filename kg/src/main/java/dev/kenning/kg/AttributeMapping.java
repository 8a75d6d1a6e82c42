package dev.kenning.kg;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.NameKey;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Knowledge written in a foreign vocabulary, read as Kenning's attribute knowledge. Two SPARQL
 * CONSTRUCT mappings shipped as data ({@code kg/mappings/}) do the work: {@code
 * owl-restrictions.rq} turns OWL restrictions on the properties a spec names ({@code
 * knowledge.attribute_properties}) into {@code k:hasAttribute}/{@code k:lacksAttribute}, and
 * {@code outputs.rq} gives attributes and the most specific described classes the output names a
 * model scores. The dataset's labels ({@code k:labelIndex}) are numbered last, in the order the
 * spec lists them, else by output name (the order torchvision gives class folders). What the
 * mappings add goes to its own named graph, {@link #GRAPH}; the ontology files stay as they were.
 */
public final class AttributeMapping {
    /** The named graph holding what the mappings derived. */
    public static final String GRAPH = "urn:kenning:graph:attribute-mapping";

    static {
        OutputNaming.register(); // the functions outputs.rq names with
    }

    private static final String RESTRICTIONS = query("owl-restrictions.rq");
    /** With the steps up the hierarchy and the label chosen of several, in the places the mapping leaves for them. */
    private static final String OUTPUTS = query("outputs.rq").replace("<urn:kenning:subclass-step>", Subclassing.UP)
            .replace("<urn:kenning:preferred-label>(?l)", Labelling.preferred("?l"));
    private static final String PROPERTIES_SLOT = "VALUES ?property {}";

    private AttributeMapping() {
    }

    /**
     * What a mapping added: statements, attributes and classes given output names, labels
     * numbered, and notes on the OWL axioms read (or not) as formulas.
     */
    public record Result(long statements, int attributes, int classes, List<String> labels, List<String> notes) {
        public Result(long statements, int attributes, int classes, List<String> labels) {
            this(statements, attributes, classes, labels, List.of());
        }
    }

    /**
     * Maps the OWL restrictions on {@code properties} (prefixed names the graph binds, or full
     * IRIs) to attribute statements, then names outputs and numbers labels ({@link #nameOutputs}).
     *
     * @param where       where the properties were given, for errors (a spec's file:line)
     * @param labelsWhere where the labels were given (the classes' naming errors point there)
     * @throws InputError if a property's prefix is unknown or no restriction is on it
     */
    public static Result fromOwl(KnowledgeBase kb, List<String> properties, String where, List<String> labels, String labelsWhere) {
        List<String> iris = new ArrayList<>();
        for (String p : properties) {
            iris.add(expand(kb, p, where));
        }
        List<String> restricted = kb.select("""
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                SELECT DISTINCT ?p WHERE { ?r owl:onProperty ?p . FILTER(isIRI(?p)) } ORDER BY ?p""")
                .stream().map(row -> row.get("p")).toList();
        for (String iri : iris) {
            boolean used = kb.ask("""
                    PREFIX owl: <http://www.w3.org/2002/07/owl#>
                    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                    ASK { ?r owl:onProperty ?used . ?used rdfs:subPropertyOf* <%s> }""".formatted(iri));
            if (!used) {
                throw new InputError(where, "no OWL restriction in the ontologies is on <" + iri + ">; "
                        + (restricted.isEmpty() ? "they hold no restrictions (owl:onProperty) at all"
                        : "restrictions there are on " + restricted.stream().map(r -> "<" + r + ">").toList()));
            }
        }
        String values = "VALUES ?property { " + String.join(" ", iris.stream().map(i -> "<" + i + ">").toList()) + " }";
        Model before = previousMapping(kb);
        Model mapped = kb.construct(RESTRICTIONS.replace(PROPERTIES_SLOT, values));
        mapped.add(before);
        kb.importModel(mapped, GRAPH);
        try {
            Result named = nameOutputs(kb, labels, labelsWhere);
            // what attribute statements cannot say (a disjunction), as formulas over the outputs just named
            OwlFormulas.Found found = OwlFormulas.find(kb, iris);
            List<String> notes = new ArrayList<>();
            if (!found.axioms().isEmpty() || !found.skipped().isEmpty()) {
                Model mayHave = found.mayHave(kb);
                if (!mayHave.isEmpty()) {
                    kb.importModel(previousMapping(kb).add(mayHave), GRAPH);
                    nameOutputs(kb, labels, labelsWhere); // the attributes only a disjunction names
                }
                Model laws = found.laws(kb, notes);
                kb.importModel(previousMapping(kb).add(laws), GRAPH);
                notes.replaceAll(n -> "not read as a formula: " + n);
                List<String> formulas = laws.listObjectsOfProperty(laws.createProperty(KnowledgeBase.NS, "formula")).toList()
                        .stream().map(o -> o.asLiteral().getLexicalForm()).sorted().toList();
                if (!formulas.isEmpty()) {
                    notes.add(0, formulas.size() + " OWL axiom(s) read as formulas over the outputs (they constrain a model"
                            + " through rules/packs/formulas.drl): " + String.join("; ", formulas.subList(0, Math.min(3,
                            formulas.size()))) + (formulas.size() > 3 ? "; …" : ""));
                }
            }
            return new Result(named.statements(), named.attributes(), named.classes(), named.labels(), notes);
        } catch (RuntimeException e) {
            kb.importModel(before, GRAPH);
            throw e;
        }
    }

    /**
     * Gives the attribute knowledge in the graph the outputs it lacks ({@code outputs.rq}) and,
     * unless the graph numbers its labels already, numbers the classes just named: in the order of
     * {@code labels} (matched to a class's output name, label or local name, ignoring case and
     * punctuation), else by output name. Adds to {@link #GRAPH}.
     *
     * @throws InputError if two terms end up with one output name, or a label names no such class
     */
    public static Result nameOutputs(KnowledgeBase kb, List<String> labels, String where) {
        Model named = kb.construct(OUTPUTS);
        Property outputName = named.createProperty(KnowledgeBase.NS, "outputName");
        Property labelIndex = named.createProperty(KnowledgeBase.NS, "labelIndex");
        Map<String, Resource> classes = new TreeMap<>();
        int attributes = 0;
        for (Statement s : named.listStatements(null, outputName, (RDFNode) null).toList()) {
            String name = s.getString();
            if (name.startsWith("class:")) {
                classes.put(name, s.getSubject());
            } else {
                attributes++;
            }
        }
        checkUnique(kb, named, outputName, where);
        List<String> order = new ArrayList<>();
        boolean numbered = kb.ask("PREFIX k: <" + KnowledgeBase.NS + "> ASK { ?c k:labelIndex ?i }");
        if (!numbered && !classes.isEmpty()) {
            List<Resource> ordered = labels.isEmpty() ? new ArrayList<>(classes.values()) : byLabels(kb, classes, labels, where);
            for (int i = 0; i < ordered.size(); i++) {
                named.add(ordered.get(i), labelIndex, named.createTypedLiteral(i));
                order.add(ordered.get(i).getURI());
            }
        }
        Model previous = previousMapping(kb);
        previous.add(named);
        kb.importModel(previous, GRAPH);
        return new Result(previous.size(), attributes, classes.size(), order);
    }

    private static Model previousMapping(KnowledgeBase kb) {
        return kb.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + GRAPH + "> { ?s ?p ?o } }");
    }

    /**
     * An ontology of plain classes (a Protégé hierarchy, no attribute statements) as an image task's
     * labels: the class each of {@code labels} names (by its label in any language, its local name or
     * another name it goes by, case and punctuation aside) becomes output {@code class:<label>},
     * numbered in that order, in {@link #GRAPH}. The ontology states their disjointness, as for any
     * labels. Returns how many were named.
     *
     * @throws InputError at {@code where} if a label names no class or two, or the ontologies number
     *                    their classes themselves (k:labelIndex)
     */
    public static int nameLabelled(KnowledgeBase kb, List<String> labels, String where) {
        if (kb.ask("PREFIX k: <" + KnowledgeBase.NS + "> ASK { ?c k:labelIndex ?i }")) {
            throw new InputError(where, "'knowledge.labels' names the dataset's labels among an ontology's classes; these"
                    + " ontologies number their classes themselves (k:labelIndex): leave knowledge.labels out");
        }
        Map<String, java.util.Set<String>> byKey = new LinkedHashMap<>();
        Map<String, List<String>> all = ClassNames.ofClasses(kb); // local names and labels, every class at once
        all.forEach((iri, names) -> names.forEach(name -> byKey.computeIfAbsent(NameKey.of(name), k -> new java.util.TreeSet<>())
                .add(iri)));
        Model named = org.apache.jena.rdf.model.ModelFactory.createDefaultModel();
        Property outputName = named.createProperty(KnowledgeBase.NS, "outputName");
        Property labelIndex = named.createProperty(KnowledgeBase.NS, "labelIndex");
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i).replaceFirst("^class:", "");
            java.util.Set<String> found = byKey.getOrDefault(NameKey.of(label), java.util.Set.of());
            if (found.isEmpty()) {
                throw new InputError(where, "'" + label + "' names none of the ontologies' " + all.size() + " classes (by label,"
                        + " local name or another name they go by)");
            }
            if (found.size() > 1) {
                throw new InputError(where, "'" + label + "' names more than one class: " + found + "; name the one meant by"
                        + " a name only it goes by");
            }
            String iri = found.iterator().next();
            if (!used.add(iri)) {
                throw new InputError(where, "'" + label + "' names " + iri + " a second time");
            }
            Resource cls = named.createResource(iri);
            named.add(cls, outputName, "class:" + LabelClasses.outputName(label));
            named.add(cls, labelIndex, named.createTypedLiteral(i));
        }
        checkUnique(kb, named, outputName, where);
        Model previous = previousMapping(kb);
        previous.add(named);
        kb.importModel(previous, GRAPH);
        return labels.size();
    }

    /** The classes in the order {@code labels} gives them. */
    private static List<Resource> byLabels(KnowledgeBase kb, Map<String, Resource> classes, List<String> labels, String where) {
        Map<String, Resource> byKey = new LinkedHashMap<>();
        // output names first: a name another class goes by does not take one
        classes.forEach((output, cls) -> byKey.putIfAbsent(NameKey.of(output.substring("class:".length())), cls));
        for (Resource cls : classes.values()) {
            for (String name : ClassNames.of(kb, cls.getURI())) {
                byKey.putIfAbsent(NameKey.of(name), cls);
            }
        }
        List<Resource> ordered = new ArrayList<>();
        for (String name : labels) {
            Resource cls = byKey.get(NameKey.of(name.replaceFirst("^class:", "")));
            if (cls == null) {
                throw new InputError(where, "'" + name + "' names none of the classes the attribute knowledge describes: "
                        + classes.keySet().stream().map(c -> c.substring("class:".length())).toList());
            }
            if (ordered.contains(cls)) {
                throw new InputError(where, "'" + name + "' names " + cls.getURI() + " a second time");
            }
            ordered.add(cls);
        }
        return ordered;
    }

    /** Two terms with one output name would be one output: refused, naming both. */
    private static void checkUnique(KnowledgeBase kb, Model named, Property outputName, String where) {
        Map<String, String> owner = new TreeMap<>();
        for (Map<String, String> row : kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?t ?n WHERE { ?t k:outputName ?n }")) {
            owner.put(row.get("n"), row.get("t"));
        }
        for (Statement s : named.listStatements(null, outputName, (RDFNode) null).toList()) {
            String name = s.getString();
            String other = owner.putIfAbsent(name, s.getSubject().getURI());
            if (other != null && !other.equals(s.getSubject().getURI())) {
                throw new InputError(where, "<" + other + "> and <" + s.getSubject().getURI() + "> would both be scored as '"
                        + name + "'; give one of them another rdfs:label");
            }
        }
    }

    private static String expand(KnowledgeBase kb, String name, String where) {
        String n = name.trim();
        if (n.startsWith("<") && n.endsWith(">")) {
            return n.substring(1, n.length() - 1);
        }
        if (n.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") || n.startsWith("urn:")) {
            return n;
        }
        String expanded = kb.read(m -> m.expandPrefix(n));
        if (expanded.equals(n)) {
            Map<String, String> prefixes = kb.read(m -> new TreeMap<>(m.getNsPrefixMap()));
            String meant = n.contains(":") ? null : kb.read(m -> prefixes.entrySet().stream()
                    .filter(p -> m.containsResource(m.createResource(p.getValue() + n)))
                    .map(p -> p.getKey() + ":" + n).findFirst().orElse(null));
            if (meant == null && !n.contains(":")) {
                // no prefix binds it (OBO's relations live outside the ontology's default namespace): a restricted property of that name
                meant = kb.select("PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT DISTINCT ?p WHERE { ?r owl:onProperty ?p"
                        + " FILTER(isIRI(?p)) } ORDER BY ?p").stream().map(row -> row.get("p"))
                        .filter(p -> ClassNames.localName(p).equals(n)).map(p -> "<" + p + ">").findFirst().orElse(null);
            }
            throw new InputError(where, "'" + name + "' is neither a full IRI nor a prefixed name the ontologies bind"
                    + (meant == null ? "" : "; the ontologies name '" + meant + "'" + (meant.startsWith(":")
                    ? " (their default namespace; quote it in YAML: \"" + meant + "\")"
                    : meant.startsWith("<") ? " (a full IRI; quote it in YAML: \"" + meant + "\")" : ""))
                    + " (their prefixes: " + prefixes.keySet().stream().map(p -> p + ":").toList() + ")");
        }
        return expanded;
    }

    private static String query(String file) {
        try (InputStream in = AttributeMapping.class.getResourceAsStream("/kenning/mappings/" + file)) {
            if (in == null) {
                throw new IllegalStateException("kenning/mappings/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
