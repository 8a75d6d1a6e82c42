package dev.kenning.workbench.edit;

import dev.kenning.core.InputError;
import dev.kenning.core.Sha256;
import dev.kenning.core.knowledge.Violation;
import dev.kenning.kg.Disjointness;
import dev.kenning.kg.Labelling;
import dev.kenning.kg.Subclassing;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.kg.RdfSyntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ontology edits a researcher makes in Protégé, made on the workspace's Turtle files: new
 * subclass, rename (label or IRI with every reference), move under another parent, delete (with a
 * preview, refused while subclasses or instances depend on the class), disjointness, has / lacks /
 * may-have attributes, a law with parameters and units, an observation's law, output and frame rate.
 * <p>
 * Each edit changes the text of the file that owns the statement (a new statement goes to the file
 * that describes its subject; comments and layout stay), then reads every file again and checks the
 * result: a cycle in subclasses, a class disjoint with its own superclass, a parameter without a
 * unit, g ≤ 0, or a SHACL violation the edit would add is refused with the reason, and nothing is
 * written. Edits that pass are written and recorded in {@link #history()} for undo and redo.
 * A file in another syntax (RDF/XML from Protégé, JSON-LD, N-Triples) is edited through the same
 * actions on its statements as Turtle and saved in its own syntax, laid out as Jena writes it.
 */
public final class OntologyEditor {
    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    static final String OWL = "http://www.w3.org/2002/07/owl#";
    static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    static final String K = KnowledgeBase.NS;
    private static final String TYPE = RDF + "type";
    private static final String SUBCLASS = RDFS + "subClassOf";
    private static final String LABEL = RDFS + "label";
    private static final String DISJOINT = OWL + "disjointWith";
    private static final String ADDED = "# added in the desktop workbench\n";
    private static final String PREFIXES = """
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX k: <https://kenning.dev/ns#>
            """;

    /** How a class relates to an attribute. */
    public enum AttributeLink {
        HAS("hasAttribute"), LACKS("lacksAttribute"), MAY_HAVE("mayHaveAttribute");

        final String iri;

        AttributeLink(String local) {
            this.iri = K + local;
        }
    }

    /** A law's constant: symbol (g, omega), value and unit (m/s^2, rad/s; blank is refused). */
    public record Parameter(String symbol, double value, String unit) {
        public Parameter {
            if (symbol == null || !symbol.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new InputError("parameter", "'" + symbol + "' is not a symbol: a letter, then letters, digits or _ (g, omega)");
            }
            if (!Double.isFinite(value)) {
                throw new InputError("parameter " + symbol, "the value must be a finite number");
            }
            unit = unit == null ? "" : unit.trim();
        }
    }

    /** An IRI and its label (the local name if it has none). */
    public record Named(String iri, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** What deleting a class would remove, or why it is refused. */
    public record DeletePreview(String classIri, List<String> removed, String refusal) {
        public DeletePreview {
            removed = List.copyOf(removed);
        }
    }

    private final Supplier<List<Path>> files;
    private final Path shapes;
    private final EditHistory history = new EditHistory();

    /**
     * @param files  the knowledge files edits may touch and are checked together (read again on each edit)
     * @param shapes a SHACL shapes file every edit is validated against, or null
     */
    public OntologyEditor(Supplier<List<Path>> files, Path shapes) {
        this.files = files;
        this.shapes = shapes;
    }

    public EditHistory history() {
        return history;
    }

    // --- classes ------------------------------------------------------------

    /** A new class under {@code parentIri}, its IRI made from the label in the parent's namespace, in the parent's file. */
    public Edit addSubclass(String parentIri, String label) {
        String name = requireLabel(label, "class");
        Draft d = new Draft();
        String iri = d.freshIri(namespace(parentIri), name);
        Path file = d.owner(parentIri);
        TurtleText t = d.turtle(file);
        d.append(file, t.render(iri) + " a " + t.render(OWL + "Class") + " ;\n    " + t.render(SUBCLASS) + " " + t.render(parentIri)
                + " ;\n    " + t.render(LABEL) + " " + TurtleText.literal(name) + " .\n");
        return commit("add class '" + name + "' under " + d.label(parentIri), iri, d);
    }

    /** Gives the class (or any described thing) a new label, replacing the one it has. */
    public Edit rename(String iri, String label) {
        String name = requireLabel(label, "label");
        Draft d = new Draft();
        String old = d.label(iri);
        d.setObjects(iri, LABEL, true, t -> TurtleText.literal(name));
        return commit("rename '" + old + "' to '" + name + "'", iri, d);
    }

    /** Changes an IRI everywhere it is written, in every Turtle file. */
    public Edit renameIri(String iri, String newIri) {
        requireIri(newIri, "new IRI");
        Draft d = new Draft();
        d.owner(iri);
        if (d.mentions(newIri)) {
            throw new InputError(newIri, "is already used in the knowledge files: choose another IRI");
        }
        for (Path f : d.turtleFiles()) {
            d.set(f, d.turtle(f).renamingIri(iri, newIri));
        }
        return commit("rename " + iri + " to " + newIri, newIri, d);
    }

    /** Puts the class under another parent: its stated named superclasses are replaced by this one. */
    public Edit move(String classIri, String newParentIri) {
        Draft d = new Draft();
        d.owner(classIri);
        d.owner(newParentIri);
        d.setObjects(classIri, SUBCLASS, false, t -> t.render(newParentIri));
        return commit("move '" + d.label(classIri) + "' under '" + d.label(newParentIri) + "'", classIri, d);
    }

    /** What deleting the class would remove (every statement about it or naming it), or why it is refused. */
    public DeletePreview previewDelete(String classIri) {
        return previewDelete(classIri, false);
    }

    /**
     * The same, with {@code cascade} for the class and every class below it: then only instances
     * (of any of them) refuse the deletion.
     */
    public DeletePreview previewDelete(String classIri, boolean cascade) {
        Draft d = new Draft();
        d.owner(classIri);
        Set<String> doomed = doomed(d, classIri, cascade);
        List<String> dependants = new ArrayList<>();
        for (String c : doomed) {
            for (Map<String, String> r : d.snapshot().select(PREFIXES + "SELECT DISTINCT ?x ?how WHERE { { ?x rdfs:subClassOf <"
                    + c + "> BIND(\"subclass\" AS ?how) } UNION { ?x a <" + c + "> BIND(\"instance\" AS ?how) } } ORDER BY ?x")) {
                if (!doomed.contains(r.get("x"))) {
                    dependants.add(r.get("how") + " '" + d.label(r.get("x")) + "'");
                }
            }
        }
        List<String> removed = new ArrayList<>();
        for (Path f : d.turtleFiles()) {
            TurtleText t = d.turtle(f);
            for (TurtleText.Triple tr : t.triples()) {
                if (doomed.stream().anyMatch(c -> mentions(tr, c))) {
                    removed.add(f.getFileName() + ": " + show(t, tr));
                }
            }
        }
        String refusal = dependants.isEmpty() ? null : "'" + d.label(classIri) + "' still has " + String.join(", ", dependants)
                + (cascade ? ": delete or move the instances first" : ": move or delete them first (or delete with its subclasses)");
        return new DeletePreview(classIri, removed, refusal);
    }

    /** The class, and with {@code cascade} every class below it. */
    private static Set<String> doomed(Draft d, String classIri, boolean cascade) {
        Set<String> out = new LinkedHashSet<>();
        out.add(classIri);
        if (cascade) {
            for (Map<String, String> r : d.snapshot().select(PREFIXES + "SELECT DISTINCT ?x WHERE { ?x rdfs:subClassOf+ <" + classIri
                    + "> FILTER isIRI(?x) }")) {
                out.add(r.get("x"));
            }
        }
        return out;
    }

    /** Deletes the class: every statement about it or naming it, in every file. Refused while it has subclasses or instances. */
    public Edit delete(String classIri) {
        return delete(classIri, false);
    }

    /** The same; with {@code cascade}, the class and every class below it go together (refused while any has instances). */
    public Edit delete(String classIri, boolean cascade) {
        DeletePreview preview = previewDelete(classIri, cascade);
        if (preview.refusal() != null) {
            throw new InputError(classIri, "refused: " + preview.refusal() + "; nothing was changed");
        }
        Draft d = new Draft();
        String label = d.label(classIri);
        Set<String> doomed = doomed(d, classIri, cascade);
        d.removeWhere(tr -> doomed.stream().anyMatch(c -> mentions(tr, c)));
        return commit("delete '" + label + "'" + (doomed.size() > 1 ? " and its " + (doomed.size() - 1) + " subclass(es)" : "")
                + " (" + preview.removed().size() + " statement(s))", classIri, d);
    }

    /** States that no instance belongs to both classes. */
    public Edit disjoint(String classIri, String otherIri) {
        if (classIri.equals(otherIri)) {
            throw new InputError(classIri, "a class cannot be disjoint with itself (it could have no instances)");
        }
        Draft d = new Draft();
        d.owner(otherIri);
        if (d.snapshot().ask(PREFIXES + "ASK { " + Disjointness.stated("<" + classIri + ">", "<" + otherIri + ">") + " }")) {
            throw new InputError(classIri, "'" + d.label(classIri) + "' and '" + d.label(otherIri) + "' are disjoint already");
        }
        Path file = d.owner(classIri);
        TurtleText t = d.turtle(file);
        d.append(file, t.render(classIri) + " " + t.render(DISJOINT) + " " + t.render(otherIri) + " .\n");
        return commit("make '" + d.label(classIri) + "' disjoint with '" + d.label(otherIri) + "'", classIri, d);
    }

    /** The class has, lacks or may have the attribute; another link between the two is replaced. */
    public Edit attribute(String classIri, AttributeLink link, String attributeIri) {
        requireIri(attributeIri, "attribute");
        Draft d = new Draft();
        if (d.snapshot().ask("ASK { <" + classIri + "> <" + link.iri + "> <" + attributeIri + "> }")) {
            throw new InputError(classIri, "'" + d.label(classIri) + "' " + words(link) + " '" + d.label(attributeIri) + "' already");
        }
        Path file = d.owner(classIri);
        for (AttributeLink other : AttributeLink.values()) {
            d.removeWhere(tr -> classIri.equals(tr.subject()) && other.iri.equals(tr.predicate().iri())
                    && attributeIri.equals(tr.object().iri()));
        }
        TurtleText t = d.turtle(file);
        d.append(file, t.render(classIri) + " " + t.render(link.iri) + " " + t.render(attributeIri) + " .\n");
        return commit("'" + d.label(classIri) + "' " + words(link) + " '" + d.label(attributeIri) + "'", classIri, d);
    }

    /**
     * A new attribute (k:Attribute with its label and the model output that scores it, "attr:" and the
     * label) in the class's namespace and file, which the class then has.
     */
    public Edit newAttribute(String classIri, String label) {
        String name = requireLabel(label, "attribute");
        Draft d = new Draft();
        Path file = d.owner(classIri);
        String iri = d.freshIri(namespace(classIri), name, true);
        TurtleText t = d.turtle(file);
        String output = "attr:" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        d.append(file, t.render(iri) + " a " + t.render(K + "Attribute") + " ;\n    " + t.render(LABEL) + " " + TurtleText.literal(name)
                + " ;\n    " + t.render(K + "outputName") + " " + TurtleText.literal(output) + " .\n"
                + t.render(classIri) + " " + t.render(AttributeLink.HAS.iri) + " " + t.render(iri) + " .\n");
        return commit("new attribute '" + name + "' on '" + d.label(classIri) + "'", classIri, d);
    }

    private static String words(AttributeLink link) {
        return switch (link) {
            case HAS -> "has";
            case LACKS -> "lacks";
            case MAY_HAVE -> "may have";
        };
    }

    // --- laws and observations ----------------------------------------------

    /** A new law of the type (k:FreeFall, k:HarmonicMotion) with its parameters, in the file that describes the type. */
    public Edit addLaw(String lawTypeIri, String label, List<Parameter> parameters) {
        String name = requireLabel(label, "law");
        Draft d = new Draft();
        String iri = d.freshIri(namespace(lawTypeIri), name);
        Path file = d.owner(lawTypeIri);
        TurtleText t = d.turtle(file);
        StringBuilder text = new StringBuilder(t.render(iri) + " a " + t.render(lawTypeIri) + " ;\n    " + t.render(LABEL) + " "
                + TurtleText.literal(name));
        for (Parameter p : parameters) {
            text.append(" ;\n    ").append(t.render(K + "hasParameter")).append(' ').append(t.render(iri + "_" + p.symbol()));
        }
        text.append(" .\n");
        for (Parameter p : parameters) {
            text.append('\n').append(parameterText(t, iri + "_" + p.symbol(), p));
        }
        d.append(file, text.toString());
        return commit("add law '" + name + "'" + (parameters.isEmpty() ? "" : " with " + parameters.stream()
                .map(p -> p.symbol() + " = " + p.value() + (p.unit().isEmpty() ? "" : " " + p.unit())).toList()), iri, d);
    }

    private static String parameterText(TurtleText t, String iri, Parameter p) {
        return t.render(iri) + " a " + t.render(K + "Parameter") + " ;\n    " + t.render(K + "symbol") + " " + TurtleText.literal(p.symbol())
                + " ;\n    " + t.render(K + "value") + " " + number(t, p.value())
                + (p.unit().isEmpty() ? "" : " ;\n    " + t.render(K + "unit") + " " + TurtleText.literal(p.unit())) + " .\n";
    }

    private static String number(TurtleText t, double v) {
        return "\"" + v + "\"^^" + t.render(XSD + "double");
    }

    /** Sets the law's parameter (value and unit), adding it if the law has none by that symbol. */
    public Edit setParameter(String lawIri, Parameter p) {
        Draft d = new Draft();
        Path file = d.owner(lawIri);
        List<Map<String, String>> found = d.snapshot().select(PREFIXES + "SELECT ?p WHERE { <" + lawIri
                + "> k:hasParameter ?p . ?p k:symbol ?s FILTER (STR(?s) = " + TurtleText.literal(p.symbol()) + ") }");
        if (found.isEmpty()) {
            TurtleText t = d.turtle(file);
            String param = lawIri + "_" + p.symbol();
            d.append(file, t.render(lawIri) + " " + t.render(K + "hasParameter") + " " + t.render(param) + " .\n\n"
                    + parameterText(t, param, p));
        } else {
            String param = found.get(0).get("p");
            d.setObjects(param, K + "value", true, t -> number(t, p.value()));
            if (p.unit().isEmpty()) {
                d.removeWhere(tr -> param.equals(tr.subject()) && (K + "unit").equals(tr.predicate().iri()));
            } else {
                d.setObjects(param, K + "unit", true, t -> TurtleText.literal(p.unit()));
            }
        }
        return commit("set " + p.symbol() + " of '" + d.label(lawIri) + "' to " + p.value() + " " + p.unit(), lawIri, d);
    }

    /** The law that governs the observation, replacing the one it had. */
    public Edit governedBy(String observationIri, String lawIri) {
        Draft d = new Draft();
        d.owner(lawIri);
        String old = d.snapshot().select("SELECT ?l WHERE { <" + observationIri + "> <" + K + "governedBy> ?l }").stream()
                .map(r -> d.label(r.get("l"))).findFirst().orElse("no law");
        d.setObjects(observationIri, K + "governedBy", false, t -> t.render(lawIri));
        return commit("govern '" + d.label(observationIri) + "' by '" + d.label(lawIri) + "' (was '" + old + "')", observationIri, d);
    }

    /** The observation's frame rate in frames per second. */
    public Edit frameRate(String observationIri, double fps) {
        Draft d = new Draft();
        d.setObjects(observationIri, K + "frameRate", true, t -> number(t, fps));
        return commit("set the frame rate of '" + d.label(observationIri) + "' to " + fps + " fps", observationIri, d);
    }

    /** The model output the observation binds. */
    public Edit modelOutput(String observationIri, String output) {
        String name = requireLabel(output, "model output");
        Draft d = new Draft();
        d.setObjects(observationIri, K + "modelOutput", true, t -> TurtleText.literal(name));
        return commit("bind '" + d.label(observationIri) + "' to output '" + name + "'", observationIri, d);
    }

    // --- reading ------------------------------------------------------------

    /** Every k:Observation, by label. */
    public List<Named> observations() {
        return named("?x a k:Observation");
    }

    /** Every law (an instance of a subclass of k:Law), by label. */
    public List<Named> laws() {
        return named("?t rdfs:subClassOf* k:Law . ?x a ?t");
    }

    /** The kinds of law (subclasses of k:Law) a new law can be. */
    public List<Named> lawTypes() {
        return named("?x rdfs:subClassOf+ k:Law");
    }

    /** Classes, attributes, laws and observations whose label or IRI contains the text (case ignored), by label. */
    public List<Named> search(String text) {
        String q = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return List.of();
        }
        return named("{ ?x a ?t } UNION { ?x rdfs:subClassOf ?t } FILTER (isIRI(?x)) OPTIONAL { ?x rdfs:label ?sl } "
                + "FILTER (CONTAINS(LCASE(STR(?x)), " + TurtleText.literal(q) + ") || CONTAINS(LCASE(STR(COALESCE(?sl, \"\"))), "
                + TurtleText.literal(q) + "))");
    }

    /** A class's neighbourhood: its direct superclasses, subclasses, attributes (by link) and disjoint classes. */
    public record Neighbourhood(Named cls, List<Named> superclasses, List<Named> subclasses,
                                Map<String, List<Named>> attributes, List<Named> disjoint) {
    }

    public Neighbourhood neighbourhood(String classIri) {
        Draft d = new Draft();
        Map<String, List<Named>> attributes = new LinkedHashMap<>();
        for (AttributeLink link : AttributeLink.values()) {
            attributes.put(words(link), named(d, "<" + classIri + "> <" + link.iri + "> ?x"));
        }
        return new Neighbourhood(new Named(classIri, d.label(classIri)), named(d, "<" + classIri + "> " + Subclassing.UP + " ?x FILTER isIRI(?x)"),
                named(d, "?x " + Subclassing.UP + " <" + classIri + "> FILTER isIRI(?x)"), attributes,
                named(d, Disjointness.stated("<" + classIri + ">", "?x")));
    }

    private List<Named> named(String where) {
        return named(new Draft(), where);
    }

    private static List<Named> named(Draft d, String where) {
        List<Named> out = new ArrayList<>();
        for (Map<String, String> r : d.snapshot().select(PREFIXES + "SELECT DISTINCT ?x WHERE { " + where + " }")) {
            out.add(new Named(r.get("x"), d.label(r.get("x"))));
        }
        out.sort(java.util.Comparator.comparing(n -> n.label().toLowerCase(Locale.ROOT)));
        return out;
    }

    // --- checking and writing -----------------------------------------------

    private Edit commit(String description, String subject, Draft d) {
        if (d.changed.isEmpty()) {
            throw new InputError(description, "nothing to change");
        }
        for (Path f : d.changed) {
            String syntax = RdfSyntax.readOnly(f);
            if (syntax != null) {
                throw new InputError(f.toString(), "refused '" + description + "': it would rewrite this file, which is in " + syntax
                        + ": Kenning reads that syntax but does not write it. Edit the file in Protégé, or save it there as Turtle"
                        + " (File > Save as... > Turtle Syntax) to edit it here (no file was changed)");
            }
        }
        Set<String> added = new LinkedHashSet<>(problems(d.texts));
        added.removeAll(problems(d.original));
        if (!added.isEmpty()) {
            throw new InputError(d.changed.stream().map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> a + ", " + b).orElseThrow(),
                    "refused '" + description + "': " + String.join("; ", added) + " (no file was changed)");
        }
        Map<Path, byte[]> before = new LinkedHashMap<>();
        Map<Path, byte[]> after = new LinkedHashMap<>();
        for (Path f : d.changed) {
            before.put(f, d.bytes.get(f));
            after.put(f, isTurtle(f) ? d.texts.get(f).getBytes(StandardCharsets.UTF_8) : inOwnSyntax(f, d.texts.get(f)));
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Path f : d.changed) {
                EditHistory.write(f, after.get(f));
                written.add(f);
            }
        } catch (InputError e) {
            written.forEach(f -> EditHistory.write(f, before.get(f)));
            throw e;
        }
        Edit edit = new Edit(description, subject, before, after);
        history.record(edit);
        return edit;
    }

    /** What is wrong with the knowledge these texts state, one sentence each: what an edit may not add. */
    private Set<String> problems(Map<Path, String> texts) {
        Set<String> out = new LinkedHashSet<>();
        try (KnowledgeBase kb = parse(texts)) {
            Function<String, String> label = iri -> labelIn(kb, iri);
            for (Map<String, String> r : kb.select(PREFIXES + "SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf+ ?c FILTER isIRI(?c) }")) {
                out.add("a cycle in subclasses: '" + label.apply(r.get("c")) + "' would be its own superclass");
            }
            for (Map<String, String> r : kb.select(PREFIXES + """
                    SELECT DISTINCT ?c ?d WHERE { """ + Disjointness.stated("?c", "?d") + """
                      ?c rdfs:subClassOf+ ?d }""")) {
                out.add("'" + label.apply(r.get("c")) + "' would be disjoint with its own superclass '" + label.apply(r.get("d"))
                        + "' (it could have no instances)");
            }
            for (Map<String, String> r : kb.select(PREFIXES + """
                    SELECT ?p ?s ?law WHERE { ?p a k:Parameter . OPTIONAL { ?p k:symbol ?s } OPTIONAL { ?law k:hasParameter ?p }
                      FILTER NOT EXISTS { ?p k:unit ?u FILTER (STRLEN(STR(?u)) > 0) } }""")) {
                out.add("parameter " + r.getOrDefault("s", r.get("p")) + (r.containsKey("law") ? " of '" + label.apply(r.get("law")) + "'" : "")
                        + " has no unit: give one (m/s^2, rad/s; 1 if it has no dimension)");
            }
            for (Map<String, String> r : kb.select(PREFIXES + """
                    SELECT ?law ?v WHERE { ?law k:hasParameter ?p . ?p k:symbol ?s ; k:value ?v FILTER (STR(?s) = "g" && ?v <= 0) }""")) {
                out.add("g of '" + label.apply(r.get("law")) + "' is " + r.get("v") + ": gravity must be above 0 (the law is y = y0 + v0 t - g t^2 / 2)");
            }
            if (shapes != null) {
                for (Violation v : kb.validate(shapes).violations()) {
                    out.add("SHACL: " + label.apply(v.focusNode()) + " " + v.message());
                }
            }
        }
        return out;
    }

    private static KnowledgeBase parse(Map<Path, String> texts) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        try {
            texts.forEach((file, text) -> {
                Model m = ModelFactory.createDefaultModel();
                try {
                    RDFParser.create().fromString(text).lang(Lang.TURTLE).base(KnowledgeBase.graphFor(file)).parse(m);
                } catch (RiotException e) {
                    throw new InputError(file.toString(), "does not parse: " + e.getMessage()
                            + " (fix it in the Turtle editor before editing through the forms)");
                }
                kb.importModel(m, KnowledgeBase.graphFor(file));
            });
            return kb;
        } catch (RuntimeException e) {
            kb.close();
            throw e;
        }
    }

    private static String labelIn(KnowledgeBase kb, String iri) {
        if (iri == null) {
            return "?";
        }
        if (!iri.contains(":") || iri.contains(" ")) {
            return iri;
        }
        return kb.select(PREFIXES + "SELECT (" + Labelling.preferred("?l") + " AS ?pl) WHERE { <" + iri + "> rdfs:label ?l }").stream()
                .map(r -> r.get("pl")).filter(java.util.Objects::nonNull).findFirst().orElse(localName(iri));
    }

    static String localName(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return i >= 0 && i < iri.length() - 1 ? iri.substring(i + 1) : iri;
    }

    private static String namespace(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return iri.substring(0, i + 1);
    }

    private static boolean mentions(TurtleText.Triple tr, String iri) {
        return iri.equals(tr.subject()) || iri.equals(tr.object().iri()) || iri.equals(tr.predicate().iri());
    }

    private static String show(TurtleText t, TurtleText.Triple tr) {
        return (tr.subject() == null ? "[]" : t.render(tr.subject())) + " " + (tr.predicate().iri() == null ? "?" : t.render(tr.predicate().iri())) + " " + t.slice(tr.object().start(), tr.object().end()).replaceAll("\\s+", " ");
    }

    private static String requireLabel(String label, String what) {
        if (label == null || label.isBlank()) {
            throw new InputError(what, "a " + what + " needs a name: type one");
        }
        return label.strip();
    }

    private static void requireIri(String iri, String what) {
        if (iri == null || !iri.matches("[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|^`\\\\]+")) {
            throw new InputError(what, "'" + iri + "' is not an IRI (https://kenning.dev/fashion#heel)");
        }
    }

    /**
     * The files as the last draft read them (by SHA-256), their Turtle texts and, once asked for,
     * their parsed graph (only read from, never changed): the next draft of the same files takes
     * them instead of converting and parsing every file again, which for an ontology of tens of
     * thousands of classes took seconds a question.
     */
    private record Read(Map<Path, String> hashes, Map<Path, String> original, KnowledgeBase snapshot) {
    }

    private volatile Read lastRead;

    /** The files as they are now, the texts an edit is making, and questions about either. */
    private final class Draft {
        final Map<Path, byte[]> bytes = new LinkedHashMap<>();
        final Map<Path, String> original = new LinkedHashMap<>();
        final Map<Path, String> texts = new LinkedHashMap<>();
        final Set<Path> changed = new LinkedHashSet<>();
        private final Map<Path, TurtleText> parsed = new LinkedHashMap<>();
        private KnowledgeBase snapshot;
        private final Map<String, String> labels = new LinkedHashMap<>();

        Draft() {
            Map<Path, String> hashes = new LinkedHashMap<>();
            for (Path f : files.get()) {
                byte[] b = EditHistory.read(f);
                bytes.put(f, b);
                hashes.put(f, Sha256.of(b));
            }
            Read last = lastRead;
            boolean same = last != null && last.hashes().equals(hashes);
            for (Path f : bytes.keySet()) {
                byte[] b = bytes.get(f);
                original.put(f, same ? last.original().get(f) : isTurtle(f) ? new String(b, StandardCharsets.UTF_8) : turtleView(f, b));
                texts.put(f, original.get(f));
            }
            if (same) {
                snapshot = last.snapshot();
            } else {
                lastRead = new Read(hashes, Map.copyOf(original), null);
            }
        }

        /** The files as they were when the edit began, parsed once (the edit's questions are about them). */
        KnowledgeBase snapshot() {
            if (snapshot == null) {
                snapshot = parse(original);
                Read last = lastRead;
                if (last != null && last.original().equals(original)) {
                    lastRead = new Read(last.hashes(), last.original(), snapshot);
                }
            }
            return snapshot;
        }

        String label(String iri) {
            return labels.computeIfAbsent(iri, i -> labelIn(snapshot(), i));
        }

        /** Every file, each as Turtle text (a file in another syntax as Jena writes it in Turtle). */
        List<Path> turtleFiles() {
            return List.copyOf(texts.keySet());
        }

        TurtleText turtle(Path f) {
            return parsed.computeIfAbsent(f, p -> {
                try {
                    return TurtleText.of(texts.get(p));
                } catch (IllegalArgumentException e) {
                    throw new InputError(p.toString(), "the editor cannot follow this Turtle (" + e.getMessage()
                            + "): edit it in the Turtle editor");
                }
            });
        }

        void set(Path f, String text) {
            if (!text.equals(texts.get(f))) {
                texts.put(f, text);
                changed.add(f);
                parsed.remove(f);
            }
        }

        void append(Path f, String block) {
            String t = texts.get(f);
            set(f, t + (t.endsWith("\n") || t.isEmpty() ? "" : "\n") + "\n" + ADDED + block);
        }

        /** The Turtle file that describes the IRI (types it or places it in the hierarchy), else the first that states anything about it. */
        Path owner(String iri) {
            requireIri(iri, "IRI");
            for (boolean describing : new boolean[]{true, false}) {
                for (Path f : texts.keySet()) {
                    for (TurtleText.Triple tr : turtle(f).triples()) {
                        if (iri.equals(tr.subject()) && (!describing || TYPE.equals(tr.predicate().iri())
                                || SUBCLASS.equals(tr.predicate().iri()))) {
                            return f;
                        }
                    }
                }
            }
            throw new InputError(iri, "no knowledge file describes it: choose a class, law or observation the files state");
        }

        boolean mentions(String iri) {
            return snapshot().ask("ASK { { <" + iri + "> ?p ?o } UNION { ?s ?p <" + iri + "> } }");
        }

        String freshIri(String namespace, String label) {
            return freshIri(namespace, label, false);
        }

        /** An IRI made of the label in camel case (lower first for attributes, as the ontologies write them), refused if used. */
        String freshIri(String namespace, String label, boolean lowerFirst) {
            StringBuilder local = new StringBuilder();
            for (String w : label.split("[^A-Za-z0-9]+")) {
                if (!w.isEmpty()) {
                    local.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
                }
            }
            if (local.isEmpty()) {
                throw new InputError(label, "the name needs a letter or digit to make an IRI from");
            }
            if (lowerFirst) {
                local.setCharAt(0, Character.toLowerCase(local.charAt(0)));
            }
            String iri = namespace + (Character.isDigit(local.charAt(0)) ? "C" : "") + local;
            if (mentions(iri)) {
                throw new InputError(label, "'" + label + "' would be " + iri + ", which exists already ('" + label(iri)
                        + "'): choose another name");
            }
            return iri;
        }

        /** Removes every triple that matches, from every Turtle file. */
        void removeWhere(Predicate<TurtleText.Triple> match) {
            for (Path f : turtleFiles()) {
                while (true) {
                    TurtleText t = turtle(f);
                    TurtleText.Triple hit = t.triples().stream().filter(match).findFirst().orElse(null);
                    if (hit == null) {
                        break;
                    }
                    set(f, t.without(hit));
                }
            }
        }

        /**
         * Makes {@code written} the one object of the subject's predicate (literal objects if {@code literal}, else
         * IRIs): the first stated is replaced in place, the others removed; with none, it is added to the subject's file.
         */
        void setObjects(String subject, String predicate, boolean literal, Function<TurtleText, String> written) {
            Predicate<TurtleText.Triple> match = tr -> subject.equals(tr.subject()) && predicate.equals(tr.predicate().iri())
                    && (literal ? tr.object().literal() : tr.object().iri() != null);
            boolean replaced = false;
            for (Path f : turtleFiles()) {
                TurtleText t = turtle(f);
                TurtleText.Triple first = t.triples().stream().filter(match).findFirst().orElse(null);
                if (first != null && !replaced) {
                    set(f, t.replacing(first.object(), written.apply(t)));
                    replaced = true;
                    // the first match comes first in the text, so removing the later ones leaves it where it is
                    int keepAt = first.object().start();
                    removeIn(f, match.and(tr -> tr.object().start() != keepAt));
                } else if (first != null) {
                    removeIn(f, match);
                }
            }
            if (!replaced) {
                Path f = owner(subject);
                TurtleText t = turtle(f);
                append(f, t.render(subject) + " " + t.render(predicate) + " " + written.apply(t) + " .\n");
            }
        }

        private void removeIn(Path f, Predicate<TurtleText.Triple> match) {
            while (true) {
                TurtleText t = turtle(f);
                TurtleText.Triple hit = t.triples().stream().filter(match).findFirst().orElse(null);
                if (hit == null) {
                    return;
                }
                set(f, t.without(hit));
            }
        }
    }

    /**
     * A file in another RDF syntax (RDF/XML from Protégé, JSON-LD, N-Triples) as Turtle text the
     * edits work on; one in a syntax Kenning only reads (OWL/XML, ...) as its RDF, to be looked up.
     */
    private static String turtleView(Path f, byte[] bytes) {
        if (RdfSyntax.readOnly(f) != null) {
            java.io.StringWriter out = new java.io.StringWriter();
            org.apache.jena.riot.RDFDataMgr.write(out, KnowledgeBase.readFile(f), org.apache.jena.riot.RDFFormat.TURTLE_PRETTY);
            return out.toString();
        }
        Model m = ModelFactory.createDefaultModel();
        try {
            RDFParser.create().fromString(new String(bytes, StandardCharsets.UTF_8)).lang(syntax(f)).base(KnowledgeBase.graphFor(f)).parse(m);
        } catch (RiotException e) {
            throw new InputError(f.toString(), "does not parse: " + e.getMessage());
        }
        java.io.StringWriter out = new java.io.StringWriter();
        org.apache.jena.riot.RDFDataMgr.write(out, m, org.apache.jena.riot.RDFFormat.TURTLE_PRETTY);
        return out.toString();
    }

    /** The edited Turtle text written back in the file's own syntax (its layout is Jena's; Turtle keeps the file's own). */
    private static byte[] inOwnSyntax(Path f, String turtle) {
        Model m = ModelFactory.createDefaultModel();
        RDFParser.create().fromString(turtle).lang(Lang.TURTLE).base(KnowledgeBase.graphFor(f)).parse(m);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Lang lang = syntax(f);
        if (lang == Lang.RDFXML) {
            org.apache.jena.riot.RDFDataMgr.write(out, m, org.apache.jena.riot.RDFFormat.RDFXML_ABBREV);
        } else {
            org.apache.jena.riot.RDFDataMgr.write(out, m, lang);
        }
        return out.toByteArray();
    }

    private static Lang syntax(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        Lang lang = RDFLanguages.filenameToLang(n.endsWith(".owl") ? n.substring(0, n.length() - 4) + ".rdf" : n);
        if (lang == null) {
            throw new InputError(f.toString(), "the file's extension names no RDF syntax Kenning reads (.ttl, .owl, .rdf, .jsonld, .nt)");
        }
        return lang;
    }

    private static boolean isTurtle(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".ttl") && RdfSyntax.readOnly(f) == null;
    }
}
