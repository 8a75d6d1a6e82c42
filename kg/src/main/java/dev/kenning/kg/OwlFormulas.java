package dev.kenning.kg;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFList;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an OWL ontology says of a class that no attribute statement can say: a disjunction, or a
 * negation of more than one restriction ({@code Sandal ⊑ ∃hasPart.(Strap ⊔ Buckle)}, {@code
 * Boot ⊑ ¬(∃hasPart.Strap ⊓ ∃hasPart.Laces)}, {@code Clog ⊑ Sandal ⊔ Mule}), read as a
 * propositional formula over the model's outputs: {@code class:sandal => (attr:strap |
 * attr:buckle)}. Each becomes a law with that {@code k:formula} governing an observation of the
 * class's output, which {@code rules/packs/formulas.drl} makes an exact loss (docs/formulas.md).
 *
 * <p>Read: {@code C rdfs:subClassOf E} and {@code C owl:equivalentClass E} for a class C the
 * model scores, E a class expression; an intersection is split into its members, as the
 * restrictions mapping splits it, and only members holding a union, or a complement of more
 * than one restriction, are read here (the others are attribute statements already). Inside them:
 * unions, intersections and complements; named classes the model scores; restrictions on the
 * attribute properties (∃, hasValue, ≥1 and = n ≥ 1 qualified, their negations ≤0 and ∀¬) whose
 * filler is a named attribute or a union of them. Of a definition (≡) only the direction "a C is
 * such" is read, as for attribute statements. A member holding anything else is skipped and named.
 */
final class OwlFormulas {
    private static final String K = KnowledgeBase.NS;
    /** Where an output name goes in a formula until outputs are named. */
    private static final Pattern SLOT = Pattern.compile("\\{([^{}\\s]+)}");

    private OwlFormulas() {
    }

    /** One axiom read: its class, its formula with each term's IRI in braces, its attributes, and how OWL said it. */
    record Axiom(String cls, String formula, Set<String> attributes, String said) {
    }

    /** A member of an axiom that could not be read, and why. */
    record Skipped(String cls, String said, String why) {
    }

    /** What {@link #find} read, and the members it could not read. */
    record Found(List<Axiom> axioms, List<Skipped> skipped) {
        /**
         * {@code C k:mayHaveAttribute A} for each attribute of the formulas of a class the model
         * scores: a class described only by what it has is not then read as lacking A.
         */
        Model mayHave(KnowledgeBase kb) {
            Map<String, String> outputs = outputs(kb);
            Model m = ModelFactory.createDefaultModel();
            Property may = m.createProperty(K, "mayHaveAttribute");
            for (Axiom a : axioms) {
                if (scored(outputs, a.cls())) {
                    for (String attr : a.attributes()) {
                        m.add(m.createResource(a.cls()), may, m.createResource(attr));
                    }
                }
            }
            return m;
        }

        /**
         * The laws and observations, output names in place of the braces. An axiom naming a term
         * the outputs do not include is skipped (a line in {@code skipped}).
         */
        Model laws(KnowledgeBase kb, List<String> skippedOut) {
            Map<String, String> outputs = outputs(kb);
            for (Skipped s : skipped) {
                if (scored(outputs, s.cls())) {
                    skippedOut.add(s.said() + ": " + s.why());
                }
            }
            Model m = ModelFactory.createDefaultModel();
            for (Axiom a : axioms) {
                if (!scored(outputs, a.cls())) {
                    continue; // a group or an attribute: not a class the model tells
                }
                String premise = outputs.get(a.cls());
                StringBuilder text = new StringBuilder();
                Matcher slot = SLOT.matcher(a.formula());
                String missing = null;
                while (slot.find()) {
                    String out = outputs.get(slot.group(1));
                    if (out == null && missing == null) {
                        missing = slot.group(1);
                    }
                    slot.appendReplacement(text, Matcher.quoteReplacement(out == null ? "?" : out));
                }
                slot.appendTail(text);
                if (missing != null) {
                    skippedOut.add(a.said() + ": <" + missing + "> is scored by no output");
                    continue;
                }
                String formula = premise + " => " + text;
                Resource law = m.createResource("urn:kenning:owl-axiom:" + digest(a.cls() + " " + a.said()));
                m.add(law, RDF.type, m.createResource(K + "Law"));
                m.add(law, m.createProperty(K, "formula"), formula);
                m.add(law, m.createProperty(K, "readFrom"), a.said());
                Resource obs = m.createResource(law.getURI() + "-scored");
                m.add(obs, RDF.type, m.createResource(K + "Observation"));
                m.add(obs, m.createProperty(K, "governedBy"), law);
                m.add(obs, m.createProperty(K, "modelOutput"), premise);
            }
            return m;
        }
    }

    private static Map<String, String> outputs(KnowledgeBase kb) {
        Map<String, String> outputs = new TreeMap<>();
        for (Map<String, String> row : kb.select("PREFIX k: <" + K + "> SELECT ?t ?o WHERE { ?t k:outputName ?o FILTER(isIRI(?t)) }"
                + " ORDER BY ?t ?o")) {
            outputs.putIfAbsent(row.get("t"), row.get("o"));
        }
        return outputs;
    }

    /** Whether the model tells {@code cls} as one of its classes. */
    private static boolean scored(Map<String, String> outputs, String cls) {
        String out = outputs.get(cls);
        return out != null && out.startsWith("class:");
    }

    /** The formulas the axioms on the classes with outputs say, over {@code properties} and the properties below them. */
    static Found find(KnowledgeBase kb, List<String> properties) {
        return kb.read(model -> new Reader(model, properties).read());
    }

    private static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member that cannot be read as a formula, with why. */
    private static final class Unreadable extends Exception {
        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Reader {
        private final Model model;
        private final Set<Resource> properties = new LinkedHashSet<>();
        private final Property onClass = OWL2.onClass;

        Reader(Model model, List<String> iris) {
            this.model = model;
            List<Resource> todo = new ArrayList<>();
            iris.forEach(i -> todo.add(model.createResource(i)));
            while (!todo.isEmpty()) {
                Resource p = todo.remove(todo.size() - 1);
                if (properties.add(p)) {
                    model.listSubjectsWithProperty(RDFS.subPropertyOf, p).forEach(todo::add);
                }
            }
        }

        Found read() {
            List<Axiom> axioms = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            List<Statement> stated = new ArrayList<>(model.listStatements(null, RDFS.subClassOf, (RDFNode) null).toList());
            stated.addAll(model.listStatements(null, OWL2.equivalentClass, (RDFNode) null).toList());
            for (Statement s : stated) {
                if (!s.getSubject().isURIResource() || !s.getObject().isAnon()) {
                    continue;
                }
                Resource cls = s.getSubject();
                Resource e = s.getResource();
                List<Resource> members = e.hasProperty(OWL2.intersectionOf) ? members(e, OWL2.intersectionOf) : List.of(e);
                for (Resource member : members) {
                    if (!compound(member) || closure(member)) {
                        continue;
                    }
                    String said = name(cls) + (s.getPredicate().equals(OWL2.equivalentClass) ? " ≡ … " : " ⊑ ") + show(member);
                    Set<String> attributes = new LinkedHashSet<>();
                    try {
                        axioms.add(new Axiom(cls.getURI(), term(member, attributes), attributes, said));
                    } catch (Unreadable why) {
                        skipped.add(new Skipped(cls.getURI(), said, why.getMessage()));
                    }
                }
            }
            axioms.sort(java.util.Comparator.comparing(Axiom::said));
            return new Found(axioms, skipped);
        }

        /**
         * A closure on an attribute property, ∀P.(A ⊔ B) of named classes: the restrictions mapping
         * reads it as the absence of every other attribute, so it is no formula.
         */
        private boolean closure(Resource x) {
            Resource p = x.getPropertyResourceValue(OWL2.onProperty);
            Resource only = x.getPropertyResourceValue(OWL2.allValuesFrom);
            List<Resource> named = only == null ? List.of() : members(only, OWL2.unionOf);
            return p != null && properties.contains(p) && !named.isEmpty() && named.stream().allMatch(Resource::isURIResource);
        }

        /** Holds a union, or negates more than one restriction: what attribute statements cannot say. */
        private boolean compound(Resource x) {
            if (!x.isAnon()) {
                return false;
            }
            if (x.hasProperty(OWL2.unionOf)) {
                return true;
            }
            Resource negated = x.getPropertyResourceValue(OWL2.complementOf);
            if (negated != null && negated.isAnon() && (negated.hasProperty(OWL2.intersectionOf)
                    || negated.hasProperty(OWL2.unionOf) || negated.hasProperty(OWL2.complementOf))) {
                return true;
            }
            List<Resource> parts = new ArrayList<>(members(x, OWL2.intersectionOf));
            for (Property p : List.of(OWL2.complementOf, OWL2.someValuesFrom, OWL2.allValuesFrom, onClass)) {
                Resource part = x.getPropertyResourceValue(p);
                if (part != null) {
                    parts.add(part);
                }
            }
            return parts.stream().anyMatch(this::compound);
        }

        /** The formula of a class expression in a class's place. */
        private String term(Resource x, Set<String> attributes) throws Unreadable {
            if (x.isURIResource()) {
                return "{" + x.getURI() + "}";
            }
            if (x.hasProperty(OWL2.unionOf)) {
                return joined(members(x, OWL2.unionOf), " | ", attributes, false);
            }
            if (x.hasProperty(OWL2.intersectionOf)) {
                return joined(members(x, OWL2.intersectionOf), " & ", attributes, false);
            }
            if (x.hasProperty(OWL2.complementOf)) {
                return "~" + term(x.getPropertyResourceValue(OWL2.complementOf), attributes);
            }
            Resource p = x.getPropertyResourceValue(OWL2.onProperty);
            if (p == null) {
                throw new Unreadable("a class expression of a kind not read here");
            }
            if (!properties.contains(p)) {
                throw new Unreadable("a restriction on " + name(p) + ", not one of knowledge.attribute_properties");
            }
            if (x.hasProperty(OWL2.someValuesFrom)) {
                return filler(x.getPropertyResourceValue(OWL2.someValuesFrom), attributes);
            }
            if (x.hasProperty(OWL2.hasValue) && x.getProperty(OWL2.hasValue).getObject().isResource()) {
                return filler(x.getPropertyResourceValue(OWL2.hasValue), attributes);
            }
            Resource allValues = x.getPropertyResourceValue(OWL2.allValuesFrom);
            if (allValues != null && allValues.hasProperty(OWL2.complementOf)) {
                return "~" + filler(allValues.getPropertyResourceValue(OWL2.complementOf), attributes);
            }
            Resource of = x.getPropertyResourceValue(onClass);
            Integer at = count(x, OWL2.minQualifiedCardinality);
            Integer exactly = count(x, OWL2.qualifiedCardinality);
            Integer most = count(x, OWL2.maxQualifiedCardinality);
            if (of != null && ((at != null && at >= 1) || (exactly != null && exactly >= 1))) {
                return filler(of, attributes);
            }
            if (of != null && ((most != null && most == 0) || (exactly != null && exactly == 0))) {
                return "~" + filler(of, attributes);
            }
            throw new Unreadable("a restriction on " + name(p) + " of a kind not read here");
        }

        /** An attribute filler: a named attribute, or a union of them (∃P.(A ⊔ B) is ∃P.A ⊔ ∃P.B). */
        private String filler(Resource f, Set<String> attributes) throws Unreadable {
            if (f.isURIResource()) {
                if (f.getURI().startsWith("http://www.w3.org/")) {
                    throw new Unreadable("its filler " + name(f) + " is no attribute");
                }
                attributes.add(f.getURI());
                return "{" + f.getURI() + "}";
            }
            if (f.hasProperty(OWL2.unionOf)) {
                return joined(members(f, OWL2.unionOf), " | ", attributes, true);
            }
            throw new Unreadable("a filler other than a named attribute or a union of them");
        }

        private String joined(List<Resource> parts, String operator, Set<String> attributes, boolean fillers) throws Unreadable {
            List<String> terms = new ArrayList<>();
            for (Resource part : parts) {
                terms.add(fillers ? filler(part, attributes) : term(part, attributes));
            }
            return terms.size() == 1 ? terms.get(0) : "(" + String.join(operator, terms) + ")";
        }

        private static Integer count(Resource x, Property p) {
            Statement s = x.getProperty(p);
            if (s == null || !s.getObject().isLiteral()) {
                return null;
            }
            try {
                return Integer.parseInt(s.getLiteral().getLexicalForm().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static List<Resource> members(Resource x, Property list) {
            List<Resource> out = new ArrayList<>();
            RDFNode head = x.getPropertyResourceValue(list);
            if (head != null && head.canAs(RDFList.class)) {
                for (RDFNode n : head.as(RDFList.class).asJavaList()) {
                    if (n.isResource()) {
                        out.add(n.asResource());
                    }
                }
            }
            return out;
        }

        /** The expression as one line, in the notation of description logic. */
        private String show(Resource x) {
            if (x.isURIResource()) {
                return name(x);
            }
            if (x.hasProperty(OWL2.unionOf)) {
                return "(" + String.join(" ⊔ ", members(x, OWL2.unionOf).stream().map(this::show).toList()) + ")";
            }
            if (x.hasProperty(OWL2.intersectionOf)) {
                return "(" + String.join(" ⊓ ", members(x, OWL2.intersectionOf).stream().map(this::show).toList()) + ")";
            }
            if (x.hasProperty(OWL2.complementOf)) {
                return "¬" + show(x.getPropertyResourceValue(OWL2.complementOf));
            }
            Resource p = x.getPropertyResourceValue(OWL2.onProperty);
            String prop = p == null ? "?" : name(p);
            for (Property q : List.of(OWL2.someValuesFrom, OWL2.allValuesFrom, OWL2.hasValue, onClass)) {
                Statement s = x.getProperty(q);
                if (s != null && s.getObject().isResource()) {
                    String sign = q.equals(OWL2.someValuesFrom) ? "∃" : q.equals(OWL2.allValuesFrom) ? "∀"
                            : q.equals(OWL2.hasValue) ? "∋" : cardinality(x);
                    return sign + prop + "." + show(s.getResource());
                }
            }
            return "[" + prop + "]";
        }

        private static String cardinality(Resource x) {
            for (Property q : List.of(OWL2.minQualifiedCardinality, OWL2.maxQualifiedCardinality, OWL2.qualifiedCardinality)) {
                Integer n = count(x, q);
                if (n != null) {
                    return (q.equals(OWL2.minQualifiedCardinality) ? "≥" : q.equals(OWL2.maxQualifiedCardinality) ? "≤" : "=") + n + " ";
                }
            }
            return "";
        }

        private String name(Resource r) {
            if (!r.isURIResource()) {
                return "[]";
            }
            String prefixed = model.shortForm(r.getURI());
            return prefixed.equals(r.getURI()) ? "<" + r.getURI() + ">" : prefixed;
        }
    }
}
