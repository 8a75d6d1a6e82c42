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
import org.apache.jena.vocabulary.RDF;

import java.util.ArrayList;
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
            """;

    private static final String GOVERNED_OBSERVATIONS = PREFIXES + """
            SELECT DISTINCT ?obs ?law WHERE {
              ?obs a k:Observation ; k:governedBy ?law .
            } ORDER BY ?obs ?law""";

    /** Laws with each most specific class: a type no other type of the same law refines. */
    private static final String LAWS_BY_MOST_SPECIFIC_CLASS = PREFIXES + """
            SELECT DISTINCT ?law ?cls WHERE {
              ?law a ?cls .
              ?cls rdfs:subClassOf* k:Law .
              FILTER NOT EXISTS { ?law a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
            } ORDER BY ?law ?cls""";

    private final Model model;
    private final TripleNames names;
    private final Property governedBy;
    private final Property modelOutput;
    private final Property frameRate;
    private final Property formula;
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
            used.add(triple(obs, RDF.type, model.createResource(KnowledgeBase.NS + "Observation")));
            used.add(triple(obs, governedBy, law));
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
            for (Statement link : law.listProperties(hasParameter).toList()) {
                if (!link.getObject().isResource()) {
                    throw new InputError(name(law) + " " + name(hasParameter), "expected a parameter node, got "
                            + name(link.getObject()));
                }
                used.add(triple(law, hasParameter, link.getObject()));
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
            found.add(new Law(id(law), cls.getLocalName(), params, formula == null ? null : formula.getLexicalForm(), used));
        }
        return found;
    }

    private List<QuerySolution> select(String sparql) {
        try (QueryExecution exec = QueryExecution.create(sparql, model)) {
            List<QuerySolution> rows = new ArrayList<>();
            ResultSet results = exec.execSelect();
            results.forEachRemaining(rows::add);
            return rows;
        }
    }

    /** The one literal value of a property, or null; records the statement in {@code used}. */
    private Literal single(Resource subject, Property property, List<SourceTriple> used) {
        List<Statement> values = subject.listProperties(property).toList();
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InputError(name(subject) + " " + name(property), values.size() + " values where one is expected");
        }
        RDFNode object = values.get(0).getObject();
        if (!object.isLiteral()) {
            throw new InputError(name(subject) + " " + name(property), "expected a literal, got " + name(object));
        }
        used.add(triple(subject, property, object));
        return object.asLiteral();
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
