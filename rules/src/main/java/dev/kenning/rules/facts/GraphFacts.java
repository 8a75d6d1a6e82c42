package dev.kenning.rules.facts;

import dev.kenning.core.InputError;
import dev.kenning.core.Quantity;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rule engine's facts out of the graph: SPARQL finds the observations and laws, and
 * each single-valued property is read once, recording the statement it came from. A property
 * the rules rely on that is missing, repeated or not a number is an {@link InputError} naming
 * the subject and property, so a typo in the scene does not silently drop a constraint.
 */
public final class GraphFacts {

    private static final String PREFIXES = """
            PREFIX k:    <https://kenning.dev/ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl:  <http://www.w3.org/2002/07/owl#>
            """;

    /**
     * A property, or one an ontology derives from it: {@code rdfs:subPropertyOf} (any depth) or
     * {@code owl:equivalentProperty} either way round. A scene in its own vocabulary
     * ({@code :fps rdfs:subPropertyOf k:frameRate}) is read as if it used Kenning's.
     */
    private static final String SAME_OR_BELOW = "(rdfs:subPropertyOf|owl:equivalentProperty|^owl:equivalentProperty)*";

    /**
     * A step from a class to one it is read as, for observations and laws: {@code rdfs:subClassOf},
     * or {@code owl:equivalentClass} either way round ({@code :Sighting owl:equivalentClass
     * k:Observation}, {@code :Drop owl:equivalentClass k:FreeFall}). Chained with {@code *} or {@code +}.
     */
    private static final String CLASS_STEP = "(rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)";

    /** Observations typed k:Observation or a class below or equivalent to it, with their laws, however governedBy is named. */
    private static final String GOVERNED_OBSERVATIONS = PREFIXES + """
            SELECT DISTINCT ?obs ?law WHERE {
              ?obs a/%s* k:Observation ; ?governed ?law .
              ?governed %s k:governedBy .
            } ORDER BY ?obs ?law""".formatted(CLASS_STEP, SAME_OR_BELOW);

    /**
     * The most specific kinds of law in Kenning's vocabulary above the class {@code ?cls} (an
     * ontology's own kind): classes of the k: namespace strictly below k:Law that {@code ?cls}
     * refines, none of them above another such.
     */
    private static final String KENNING_KINDS_ABOVE = PREFIXES + """
            SELECT DISTINCT ?kind WHERE {
              ?cls %1$s+ ?kind . ?kind %1$s+ k:Law .
              FILTER(isIRI(?kind) && STRSTARTS(STR(?kind), STR(k:)) && ?kind != k:Law)
              FILTER NOT EXISTS {
                ?cls %1$s+ ?nearer . ?nearer %1$s+ ?kind .
                FILTER(STRSTARTS(STR(?nearer), STR(k:)) && ?nearer != ?kind)
              }
            } ORDER BY ?kind""".formatted(CLASS_STEP);

    /** The properties read as {@code ?of}: itself and those below or equivalent to it. */
    private static final String PROPERTY_FAMILY = PREFIXES + """
            SELECT DISTINCT ?p WHERE { ?p %s ?of . FILTER(isIRI(?p)) }""".formatted(SAME_OR_BELOW);

    /** An observation's types that make it one, k:Observation itself first. */
    private static final String OBSERVATION_TYPES = PREFIXES + """
            SELECT DISTINCT ?t WHERE { ?obs a ?t . ?t %s* k:Observation . FILTER(isIRI(?t)) }
            ORDER BY DESC(?t = k:Observation) ?t""".formatted(CLASS_STEP);

    /**
     * Laws with each most specific class: a type no other type of the same law refines (is below
     * without being equivalent to: of two equivalent types, both are kept).
     */
    private static final String LAWS_BY_MOST_SPECIFIC_CLASS = PREFIXES + """
            SELECT DISTINCT ?law ?cls WHERE {
              ?law a ?cls .
              ?cls %1$s* k:Law .
              FILTER NOT EXISTS {
                ?law a ?sub . ?sub %1$s+ ?cls . FILTER(?sub != ?cls)
                FILTER NOT EXISTS { ?cls %1$s+ ?sub }
              }
            } ORDER BY ?law ?cls""".formatted(CLASS_STEP);

    private final Model model;
    private final TripleNames names;
    private final Map<Property, List<Property>> family = new HashMap<>();
    private final Property governedBy;
    private final Property modelOutput;
    private final Property frameRate;
    private final Property formula;
    private final Property readFrom;
    private final Property rangeMin;
    private final Property rangeMax;
    private final Property minSpread;
    private final Property hasParameter;
    private final Property symbol;
    private final Property value;
    private final Property unit;

    private GraphFacts(Model model) {
        this.model = model;
        this.names = new TripleNames(model);
        this.governedBy = model.createProperty(KnowledgeBase.NS, "governedBy");
        this.modelOutput = model.createProperty(KnowledgeBase.NS, "modelOutput");
        this.frameRate = model.createProperty(KnowledgeBase.NS, "frameRate");
        this.formula = model.createProperty(KnowledgeBase.NS, "formula");
        this.readFrom = model.createProperty(KnowledgeBase.NS, "readFrom");
        this.rangeMin = model.createProperty(KnowledgeBase.NS, "rangeMin");
        this.rangeMax = model.createProperty(KnowledgeBase.NS, "rangeMax");
        this.minSpread = model.createProperty(KnowledgeBase.NS, "minSpread");
        this.hasParameter = model.createProperty(KnowledgeBase.NS, "hasParameter");
        this.symbol = model.createProperty(KnowledgeBase.NS, "symbol");
        this.value = model.createProperty(KnowledgeBase.NS, "value");
        this.unit = model.createProperty(KnowledgeBase.NS, "unit");
    }

    /**
     * Every {@link Observation} (one per governing law) followed by every {@link Law} (one per
     * most specific class), each group ordered by IRI so sessions see facts in a stable order.
     *
     * @throws InputError if a property the facts need is missing, repeated or malformed
     */
    public static List<Object> extract(KnowledgeBase kb) {
        return extract(kb, null);
    }

    /**
     * The same, where an observation whose scene states no {@code k:frameRate} takes
     * {@code dataFrameRate} (the frames per second of the footage a run reads, its spec's
     * {@code data.fps}), its provenance the statement the graph would have held. The camera's frame
     * rate is then set in one place, the spec; a scene that states one keeps it, and the run checks
     * that the two agree. Null: only the graph's.
     */
    public static List<Object> extract(KnowledgeBase kb, Double dataFrameRate) {
        if (dataFrameRate != null && !(dataFrameRate > 0 && Double.isFinite(dataFrameRate))) {
            throw new IllegalArgumentException("a frame rate must be a positive number, got " + dataFrameRate);
        }
        return kb.read(model -> {
            GraphFacts reader = new GraphFacts(model);
            List<Object> facts = new ArrayList<>(reader.observations(dataFrameRate));
            facts.addAll(reader.laws());
            return facts;
        });
    }

    private List<Observation> observations(Double dataFrameRate) {
        List<Observation> found = new ArrayList<>();
        for (QuerySolution row : select(GOVERNED_OBSERVATIONS)) {
            Resource obs = row.getResource("obs");
            Resource law = row.getResource("law");
            List<SourceTriple> used = new ArrayList<>();
            used.add(triple(obs, RDF.type, observationType(obs)));
            statements(obs, governedBy).stream().filter(st -> st.getObject().equals(law)).findFirst()
                    .ifPresent(st -> used.add(triple(obs, st.getPredicate(), law)));
            Literal output = single(obs, modelOutput, used);
            if (output == null) {
                throw new InputError(name(obs), "observation governed by " + name(law)
                        + " has no k:modelOutput, so no rule can bind it to a model output");
            }
            Double rate = number(obs, frameRate, used);
            if (rate != null && !(rate > 0)) {
                throw new InputError(name(obs) + " " + name(frameRate), "frame rate must be > 0, got " + rate);
            }
            if (rate == null && dataFrameRate != null) {
                rate = dataFrameRate;
                used.add(triple(obs, frameRate, model.createTypedLiteral(dataFrameRate)));
            }
            Double min = number(obs, rangeMin, used);
            Double max = number(obs, rangeMax, used);
            if (min != null && max != null && min > max) {
                throw new InputError(name(obs), "k:rangeMin " + min + " is above k:rangeMax " + max);
            }
            Double floor = number(obs, minSpread, used);
            if (floor != null && !(floor > 0 && Double.isFinite(floor))) {
                throw new InputError(name(obs) + " " + name(minSpread), "the least spread within a window must be"
                        + " a number above 0, in the observed quantity's unit, got " + floor);
            }
            found.add(new Observation(id(obs), output.getLexicalForm(), rate, min, max, floor, id(law), used));
        }
        return found;
    }

    private List<Law> laws() {
        List<Law> found = new ArrayList<>();
        for (QuerySolution row : select(LAWS_BY_MOST_SPECIFIC_CLASS)) {
            Resource law = row.getResource("law");
            Resource cls = row.getResource("cls");
            List<SourceTriple> used = new ArrayList<>();
            used.add(triple(law, RDF.type, cls));
            Map<String, Quantity> params = new LinkedHashMap<>();
            for (Statement link : statements(law, hasParameter)) {
                if (!link.getObject().isResource()) {
                    throw new InputError(name(law) + " " + name(hasParameter), "expected a parameter node, got "
                            + name(link.getObject()));
                }
                used.add(triple(law, link.getPredicate(), link.getObject()));
                Resource param = link.getResource();
                Literal sym = single(param, symbol, used);
                Double val = number(param, value, used);
                if (sym == null || val == null) {
                    throw new InputError(name(param), "parameter of " + name(law) + " needs both k:symbol and k:value");
                }
                Literal u = single(param, unit, used);
                Quantity q = Quantity.of(val, u == null ? "" : u.getLexicalForm());
                if (params.put(sym.getLexicalForm(), q) != null) {
                    throw new InputError(name(law), "two parameters with symbol '" + sym.getLexicalForm() + "'");
                }
            }
            Literal formula = single(law, this.formula, used);
            String stated = formula == null ? null : formula.getLexicalForm();
            single(law, readFrom, used); // what it was read from (an OWL axiom), cited
            add(found, new Law(id(law), cls.getLocalName(), params, stated, used));
            // a law of the ontology's own kind (:LabFreeFall rdfs:subClassOf k:FreeFall) is also a law
            // of Kenning's kind above it, which the rule packs name, the subclass links cited
            if (cls.isURIResource() && !cls.getURI().startsWith(KnowledgeBase.NS)) {
                for (QuerySolution above : select(KENNING_KINDS_ABOVE, "cls", cls)) {
                    List<SourceTriple> withChain = new ArrayList<>(used);
                    withChain.addAll(subclassChain(cls, above.getResource("kind")));
                    add(found, new Law(id(law), above.getResource("kind").getLocalName(), params, stated, withChain));
                }
            }
        }
        return found;
    }

    /** Adds {@code law} unless a law of the same IRI and type is there already. */
    private static void add(List<Law> found, Law law) {
        if (found.stream().noneMatch(l -> l.iri().equals(law.iri()) && l.type().equals(law.type()))) {
            found.add(law);
        }
    }

    /**
     * The statements of a shortest chain of {@link #CLASS_STEP} links from {@code from} up to
     * {@code to}, each as the graph states it (an equivalence in its own direction).
     */
    private List<SourceTriple> subclassChain(Resource from, Resource to) {
        Map<Resource, Statement> cameBy = new LinkedHashMap<>();
        ArrayDeque<Resource> todo = new ArrayDeque<>(List.of(from));
        cameBy.put(from, null);
        while (!todo.isEmpty() && !cameBy.containsKey(to)) {
            Resource c = todo.poll();
            List<Statement> steps = new ArrayList<>(c.listProperties(RDFS.subClassOf).toList());
            steps.addAll(c.listProperties(OWL.equivalentClass).toList());
            steps.addAll(model.listStatements(null, OWL.equivalentClass, c).toList());
            for (Statement st : steps) {
                Resource next = st.getSubject().equals(c) && st.getObject().isResource() ? st.getResource() : st.getSubject();
                if (next.isURIResource() && !cameBy.containsKey(next)) {
                    cameBy.put(next, st);
                    todo.add(next);
                }
            }
        }
        List<SourceTriple> chain = new ArrayList<>();
        for (Resource c = to; cameBy.get(c) != null; ) {
            Statement st = cameBy.get(c);
            chain.add(0, triple(st.getSubject(), st.getPredicate(), st.getObject()));
            c = st.getSubject().equals(c) ? st.getResource() : st.getSubject();
        }
        return chain;
    }

    private List<QuerySolution> select(String sparql) {
        return select(sparql, null, null);
    }

    /** The rows of {@code sparql} with {@code ?var} bound to {@code value} (none if {@code var} is null). */
    private List<QuerySolution> select(String sparql, String var, RDFNode value) {
        var builder = QueryExecution.create().query(sparql).model(model);
        if (var != null) {
            builder.substitution(var, value);
        }
        try (QueryExecution exec = builder.build()) {
            List<QuerySolution> rows = new ArrayList<>();
            ResultSet results = exec.execSelect();
            results.forEachRemaining(rows::add);
            return rows;
        }
    }

    /** The one literal value of a property, or null; records the statement in {@code used}. */
    private Literal single(Resource subject, Property property, List<SourceTriple> used) {
        List<Statement> values = statements(subject, property);
        if (values.isEmpty()) {
            return null;
        }
        // one number written two ways ("30"^^xsd:double and 30.0) is one value, the scene's own statement cited
        List<Statement> distinct = new ArrayList<>();
        for (Statement st : values) {
            int same = -1;
            for (int i = 0; i < distinct.size() && same < 0; i++) {
                same = sameValue(distinct.get(i).getObject(), st.getObject()) ? i : -1;
            }
            if (same < 0) {
                distinct.add(st);
            } else if (!st.getPredicate().equals(property)) {
                distinct.set(same, st);
            }
        }
        if (distinct.size() > 1) {
            throw new InputError(name(subject) + " " + name(property), distinct.size() + " values where one is expected: "
                    + distinct.stream().map(st -> name(st.getPredicate()) + " " + name(st.getObject())).toList());
        }
        Statement st = distinct.get(0);
        RDFNode object = st.getObject();
        if (!object.isLiteral()) {
            throw new InputError(name(subject) + " " + name(st.getPredicate()), "expected a literal, got " + name(object));
        }
        used.add(triple(subject, st.getPredicate(), object));
        return object.asLiteral();
    }

    /**
     * The subject's statements of {@code property} or of a property below or equivalent to it, one
     * per object: where both state it (the scene's own property, and Kenning's after inference),
     * the scene's own statement.
     */
    private List<Statement> statements(Resource subject, Property property) {
        Map<RDFNode, Statement> byObject = new LinkedHashMap<>();
        subject.listProperties(property).forEach(st -> byObject.put(st.getObject(), st));
        for (Property p : family.computeIfAbsent(property, this::below)) {
            subject.listProperties(p).forEach(st -> byObject.put(st.getObject(), st));
        }
        return new ArrayList<>(byObject.values());
    }

    /** The properties other than {@code property} the graph places below or beside it. */
    private List<Property> below(Property property) {
        List<Property> out = new ArrayList<>();
        for (QuerySolution row : select(PROPERTY_FAMILY, "of", property)) {
            Resource p = row.getResource("p");
            if (!p.equals(property)) {
                out.add(model.createProperty(p.getURI()));
            }
        }
        return out;
    }

    /** k:Observation if the observation is typed so, else the first of its types below it. */
    private Resource observationType(Resource obs) {
        List<QuerySolution> types = select(OBSERVATION_TYPES, "obs", obs);
        return types.isEmpty() ? model.createResource(KnowledgeBase.NS + "Observation") : types.get(0).getResource("t");
    }

    /** Two objects that say the same: equal nodes, or numbers of equal value ("30"^^xsd:double and 30). */
    private static boolean sameValue(RDFNode a, RDFNode b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.isLiteral() && b.isLiteral()) {
            try {
                return Double.parseDouble(a.asLiteral().getLexicalForm()) == Double.parseDouble(b.asLiteral().getLexicalForm());
            } catch (NumberFormatException notNumbers) {
                return false;
            }
        }
        return false;
    }

    private Double number(Resource subject, Property property, List<SourceTriple> used) {
        Literal literal = single(subject, property, used);
        if (literal == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(literal.getLexicalForm());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the offending text
        }
        throw new InputError(name(subject) + " " + name(property),
                "expected a finite number, got \"" + literal.getLexicalForm() + "\"");
    }

    private SourceTriple triple(Resource subject, Property predicate, RDFNode object) {
        return names.triple(subject, predicate, object);
    }

    /** The full IRI that identifies a fact (blank nodes by label); triples use {@link #name}. */
    private static String id(Resource resource) {
        return resource.isURIResource() ? resource.getURI() : "_:" + resource.getId().getLabelString();
    }

    private String name(RDFNode node) {
        return names.name(node);
    }
}
