package dev.kenning.rules.facts;

import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFList;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the class-level knowledge the taxonomy, disjointness and attributes packs match on:
 * {@link SubclassOf}, {@link DisjointWith} (both orders), {@link ClassOutput},
 * {@link AttributeOutput}, {@link HasAttribute}, {@link MayHaveAttribute}, {@link LacksAttribute}, {@link AttributeDegree} and {@link LabelIndex}. Only named classes count: OWL restrictions
 * and other blank nodes, and links to the RDF/OWL vocabulary itself (owl:Thing), bind no output.
 * Only classes that bear on an output count too ({@link #relevant}): a dataset naming ten classes
 * of an ontology of forty thousand gives the rules the facts about those ten, what is above them
 * and their attributes.
 */
public final class ClassFacts {

    private static final String PREFIXES = """
            PREFIX k:    <https://kenning.dev/ns#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl:  <http://www.w3.org/2002/07/owl#>
            """;

    private static final String NOT_BUILT_IN = """
            FILTER(!STRSTARTS(STR(?%1$s), "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
                && !STRSTARTS(STR(?%1$s), "http://www.w3.org/2000/01/rdf-schema#")
                && !STRSTARTS(STR(?%1$s), "http://www.w3.org/2002/07/owl#"))
            """;

    private static final String SUBCLASS_LINKS = PREFIXES + """
            SELECT DISTINCT ?child ?parent WHERE {
              ?child rdfs:subClassOf ?parent .
              FILTER(isIRI(?child) && isIRI(?parent) && ?child != ?parent)
            """ + NOT_BUILT_IN.formatted("parent") + "} ORDER BY ?child ?parent";

    /**
     * Classes whose members are subclasses without a stated rdfs:subClassOf: a class defined as
     * the union of others ({@code owl:equivalentClass [ owl:unionOf (…) ]}), or a disjoint union.
     */
    private static final String UNIONS = PREFIXES + """
            SELECT DISTINCT ?parent ?list ?disjoint WHERE {
              { ?parent owl:equivalentClass ?union . ?union owl:unionOf ?list . BIND(false AS ?disjoint) }
              UNION { ?parent owl:disjointUnionOf ?list . BIND(true AS ?disjoint) }
              FILTER(isIRI(?parent))
            }""";

    /**
     * Classes defined as, or stated below, an intersection ({@code :Sandal owl:equivalentClass
     * [ owl:intersectionOf ( :Footwear [ owl:onProperty :hasPart ; owl:someValuesFrom :Straps ] ) ]},
     * Protégé's defined class): the class is below each named class of the intersection.
     */
    private static final String INTERSECTIONS = PREFIXES + """
            SELECT DISTINCT ?child ?how ?list WHERE {
              ?child ?how ?expression . ?expression owl:intersectionOf ?list .
              FILTER(isIRI(?child) && (?how = owl:equivalentClass || ?how = rdfs:subClassOf))
            }""";

    private static final String DISJOINT_PAIRS = PREFIXES + """
            SELECT DISTINCT ?a ?b WHERE {
              ?a owl:disjointWith ?b .
              FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b)
            } ORDER BY ?a ?b""";

    /**
     * Classes stated disjoint in one axiom, every two of them: the members of an
     * owl:AllDisjointClasses (what Protégé writes for three or more classes made disjoint) or the
     * classes of an owl:disjointUnionOf.
     */
    private static final String DISJOINT_GROUPS = PREFIXES + """
            SELECT DISTINCT ?axiom ?list WHERE {
              { ?axiom a owl:AllDisjointClasses ; owl:members ?list }
              UNION { ?axiom owl:disjointUnionOf ?list }
            }""";

    private static final String SCORED_TERMS = PREFIXES + """
            SELECT DISTINCT ?term WHERE { ?term k:outputName ?name } ORDER BY ?term""";

    /** A class and an attribute linked by the property filled in ({@code hasAttribute}, …). */
    private static final String CLASS_ATTRIBUTE_LINKS = PREFIXES + """
            SELECT DISTINCT ?cls ?attr WHERE {
              ?cls k:%s ?attr .
              FILTER(isIRI(?cls) && isIRI(?attr))
            } ORDER BY ?cls ?attr""";

    private static final String ATTRIBUTE_DEGREES = PREFIXES + """
            SELECT DISTINCT ?cls ?node ?attr ?degree WHERE {
              ?cls k:attributeDegree ?node . ?node k:attribute ?attr ; k:degree ?degree .
              FILTER(isIRI(?cls) && isIRI(?attr))
            } ORDER BY ?cls ?attr""";

    private static final String LABELS = PREFIXES + """
            SELECT DISTINCT ?cls ?index ?name WHERE {
              ?cls k:labelIndex ?index ; k:outputName ?name .
              FILTER(isIRI(?cls))
            } ORDER BY ?index ?cls""";

    private final Model model;
    private final TripleNames names;
    private final Property outputName;
    private final Property hasAttribute;
    private final Resource attributeClass;
    private final Property labelIndex;
    private final Property mayHaveAttribute;
    private final Property lacksAttribute;
    private final Property attributeDegree;
    private final Property attribute;
    private final Property degree;

    private ClassFacts(Model model) {
        this.model = model;
        this.names = new TripleNames(model);
        this.outputName = model.createProperty(KnowledgeBase.NS, "outputName");
        this.hasAttribute = model.createProperty(KnowledgeBase.NS, "hasAttribute");
        this.attributeClass = model.createResource(KnowledgeBase.NS + "Attribute");
        this.labelIndex = model.createProperty(KnowledgeBase.NS, "labelIndex");
        this.mayHaveAttribute = model.createProperty(KnowledgeBase.NS, "mayHaveAttribute");
        this.lacksAttribute = model.createProperty(KnowledgeBase.NS, "lacksAttribute");
        this.attributeDegree = model.createProperty(KnowledgeBase.NS, "attributeDegree");
        this.attribute = model.createProperty(KnowledgeBase.NS, "attribute");
        this.degree = model.createProperty(KnowledgeBase.NS, "degree");
    }

    /**
     * The facts in a stable order: subclass links, disjoint pairs, outputs, attribute links, optional attributes, absent attributes, degrees, labels.
     *
     * @throws InputError if a term has more than one output name, or one that is not a string
     */
    public static List<Object> extract(KnowledgeBase kb) {
        return kb.read(model -> new ClassFacts(model).all());
    }

    private List<Object> all() {
        List<SubclassOf> subclassLinks = new ArrayList<>();
        Set<List<String>> linked = new HashSet<>();
        select(SUBCLASS_LINKS, row -> {
            Resource child = row.getResource("child");
            Resource parent = row.getResource("parent");
            linked.add(List.of(child.getURI(), parent.getURI()));
            subclassLinks.add(new SubclassOf(child.getURI(), parent.getURI(),
                    List.of(names.triple(child, RDFS.subClassOf, parent))));
        });
        // a union's members, where no rdfs:subClassOf says so already
        Map<SourceTriple, Listed> unions = byText();
        select(UNIONS, row -> {
            Resource parent = row.getResource("parent");
            List<Resource> members = named(row.getResource("list"));
            SourceTriple stated = row.getLiteral("disjoint").getBoolean() ? groupTriple(parent, members)
                    : new SourceTriple(names.name(parent), names.name(OWL.equivalentClass),
                    "[ " + names.name(OWL.unionOf) + " " + listText(members) + " ]");
            unions.put(stated, new Listed(parent, members));
        });
        unions.forEach((stated, union) -> {
            for (Resource child : union.members()) {
                if (!child.equals(union.subject()) && linked.add(List.of(child.getURI(), union.subject().getURI()))) {
                    subclassLinks.add(new SubclassOf(child.getURI(), union.subject().getURI(), List.of(stated)));
                }
            }
        });
        // an intersection's named classes, above the class defined as (or stated below) it
        Map<SourceTriple, Listed> intersections = byText();
        select(INTERSECTIONS, row -> {
            Resource child = row.getResource("child");
            Resource list = row.getResource("list");
            intersections.put(new SourceTriple(names.name(child), names.name(row.getResource("how")),
                    "[ " + names.name(OWL.intersectionOf) + " " + expressionText(list) + " ]"), new Listed(child, named(list)));
        });
        intersections.forEach((stated, defined) -> {
            for (Resource parent : defined.members()) {
                if (!parent.equals(defined.subject()) && linked.add(List.of(defined.subject().getURI(), parent.getURI()))) {
                    subclassLinks.add(new SubclassOf(defined.subject().getURI(), parent.getURI(), List.of(stated)));
                }
            }
        });
        List<Object> outputs = new ArrayList<>();
        select(SCORED_TERMS, row -> outputs.add(output(row.getResource("term"))));
        List<ClassAttributeLink> attributeLinks = new ArrayList<>();
        links(hasAttribute, HasAttribute::new, attributeLinks);
        links(mayHaveAttribute, MayHaveAttribute::new, attributeLinks);
        links(lacksAttribute, LacksAttribute::new, attributeLinks);
        select(ATTRIBUTE_DEGREES, row -> {
            Resource cls = row.getResource("cls");
            Resource node = row.getResource("node");
            Resource attr = row.getResource("attr");
            RDFNode d = row.get("degree");
            if (!d.isLiteral() || !(d.asLiteral().getValue() instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() < 1)) {
                throw new InputError(names.name(cls) + " k:attributeDegree " + names.name(attr),
                        "k:degree must be a number strictly between 0 and 1 (0 and 1 are k:lacksAttribute and"
                                + " k:hasAttribute), got " + names.name(d));
            }
            attributeLinks.add(new AttributeDegree(cls.getURI(), attr.getURI(), n.doubleValue(), List.of(
                    names.triple(cls, attributeDegree, node), names.triple(node, attribute, attr), names.triple(node, degree, d))));
        });
        List<LabelIndex> labels = new ArrayList<>();
        select(LABELS, row -> {
            Resource cls = row.getResource("cls");
            RDFNode index = row.get("index");
            if (!index.isLiteral() || !(index.asLiteral().getValue() instanceof Number n) || n.doubleValue() != n.intValue()
                    || n.intValue() < 0) {
                throw new InputError(names.name(cls) + " k:labelIndex", "expected a whole number >= 0, got " + names.name(index));
            }
            labels.add(new LabelIndex(cls.getURI(), row.getLiteral("name").getLexicalForm(), n.intValue(),
                    List.of(names.triple(cls, labelIndex, index))));
        });
        Set<String> relevant = relevant(outputs, labels, subclassLinks, attributeLinks);

        // owl:disjointWith is symmetric; one fact per order, whichever order the graph states.
        Map<List<String>, List<SourceTriple>> pairs = new LinkedHashMap<>();
        select(DISJOINT_PAIRS, row -> {
            Resource a = row.getResource("a");
            Resource b = row.getResource("b");
            if (relevant.contains(a.getURI()) && relevant.contains(b.getURI())) {
                SourceTriple stated = names.triple(a, OWL.disjointWith, b);
                for (List<String> pair : List.of(List.of(a.getURI(), b.getURI()), List.of(b.getURI(), a.getURI()))) {
                    pairs.computeIfAbsent(pair, p -> new ArrayList<>()).add(stated);
                }
            }
        });
        Map<SourceTriple, Listed> groups = byText();
        select(DISJOINT_GROUPS, row -> {
            Resource axiom = row.getResource("axiom");
            List<Resource> members = named(row.getResource("list"));
            groups.put(groupTriple(axiom, members), new Listed(axiom, members));
        });
        groups.forEach((stated, group) -> {
            List<Resource> bearing = group.members().stream().filter(m -> relevant.contains(m.getURI())).toList();
            for (Resource a : bearing) {
                for (Resource b : bearing) {
                    if (!a.equals(b)) {
                        pairs.computeIfAbsent(List.of(a.getURI(), b.getURI()), p -> new ArrayList<>()).add(pairTriple(stated, group, a, b));
                    }
                }
            }
        });

        List<Object> facts = new ArrayList<>();
        // below a scored class one level more, so its subclasses tell it is not a leaf; below an unscored one only
        // what leads to a scored class: else the disjointness of two wide unscored classes (a thousand subclasses
        // each) would be passed down to every pair of their members, a million facts no constraint comes of
        Set<String> scored = new HashSet<>();
        outputs.forEach(o -> {
            if (o instanceof ClassOutput c) {
                scored.add(c.classIri());
            }
        });
        labels.forEach(l -> scored.add(l.classIri()));
        subclassLinks.stream().filter(link -> relevant.contains(link.parent())
                && (relevant.contains(link.child()) || scored.contains(link.parent()))).forEach(facts::add);
        pairs.forEach((pair, triples) -> facts.add(new DisjointWith(pair.get(0), pair.get(1), triples)));
        facts.addAll(outputs);
        attributeLinks.stream().filter(link -> relevant.contains(link.classIri())).forEach(facts::add);
        facts.addAll(labels);
        return facts;
    }

    /**
     * The classes and attributes that bear on what a model scores: the scored classes, attributes
     * and labels, every class above one of them, and every attribute such a class is linked to (with
     * every class above that). The facts the rules see are about these: the subclass links into
     * them (so a scored class's subclasses, one level down, still tell it is not a leaf), the
     * disjointness among them, their attribute links. Anything else in the graph (the rest of a
     * large ontology a dataset names a few classes of) cannot reach a constraint through the
     * shipped packs, which pass disjointness and attributes only down the hierarchy and attributes
     * only up their own; without it, the disjointness of two large subtrees nothing scores is not
     * passed down to every pair of their members.
     */
    private static Set<String> relevant(List<Object> outputs, List<LabelIndex> labels, List<SubclassOf> subclassLinks,
                                        List<ClassAttributeLink> attributeLinks) {
        Map<String, List<String>> parents = new HashMap<>();
        subclassLinks.forEach(link -> parents.computeIfAbsent(link.child(), c -> new ArrayList<>()).add(link.parent()));
        Map<String, List<String>> attributes = new HashMap<>();
        attributeLinks.forEach(link -> attributes.computeIfAbsent(link.classIri(), c -> new ArrayList<>()).add(link.attributeIri()));
        Set<String> relevant = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Object o : outputs) {
            todo.add(o instanceof ClassOutput c ? c.classIri() : ((AttributeOutput) o).attributeIri());
        }
        labels.forEach(l -> todo.add(l.classIri()));
        while (!todo.isEmpty()) {
            String iri = todo.pop();
            if (relevant.add(iri)) {
                todo.addAll(parents.getOrDefault(iri, List.of()));
                todo.addAll(attributes.getOrDefault(iri, List.of()));
            }
        }
        return relevant;
    }

    /** An axiom's subject and the named classes of its list. */
    private record Listed(Resource subject, List<Resource> members) {
    }

    /**
     * Axioms keyed by their provenance, in the order of its text: a blank node's label differs
     * from one reading of a file to the next, so the graph's order would not be stable.
     */
    private static Map<SourceTriple, Listed> byText() {
        return new java.util.TreeMap<>(java.util.Comparator.comparing(SourceTriple::toString));
    }

    /** A list of classes as Turtle writes one: {@code ( ex:A ex:B )}. */
    private String listText(List<Resource> members) {
        return members.stream().map(names::name).collect(java.util.stream.Collectors.joining(" ", "( ", " )"));
    }

    /** A list of class expressions as provenance shows it: named classes by name, the others {@code [ … ]}. */
    private String expressionText(Resource list) {
        if (!list.canAs(RDFList.class) || !list.as(RDFList.class).isValid()) {
            return "( … )";
        }
        return list.as(RDFList.class).asJavaList().stream().map(item -> item.isURIResource() ? names.name(item) : "[ … ]")
                .collect(java.util.stream.Collectors.joining(" ", "( ", " )"));
    }

    /** The named classes of an RDF list, each once, in its order; blank nodes (class expressions) and ill-formed lists give none. */
    private List<Resource> named(Resource list) {
        if (!list.canAs(RDFList.class)) {
            return List.of();
        }
        RDFList items = list.as(RDFList.class);
        if (!items.isValid()) {
            return List.of();
        }
        return items.asJavaList().stream().filter(RDFNode::isURIResource).map(RDFNode::asResource)
                .filter(r -> !r.getURI().startsWith(OWL.NS) && !r.getURI().startsWith(RDFS.uri) && !r.getURI().startsWith(RDF.uri))
                .distinct().toList();
    }

    /**
     * A disjointness axiom as provenance shows it, its list written out as Turtle writes one:
     * {@code [ a owl:AllDisjointClasses ] owl:members ( ex:A ex:B ex:C )}, or
     * {@code ex:Shape owl:disjointUnionOf ( ex:A ex:B )}.
     */
    private SourceTriple groupTriple(Resource axiom, List<Resource> members) {
        boolean union = axiom.hasProperty(OWL2.disjointUnionOf);
        String subject = axiom.isURIResource() && union ? names.name(axiom)
                : "[ a " + names.name(OWL2.AllDisjointClasses) + " ]";
        return new SourceTriple(subject, names.name(union ? OWL2.disjointUnionOf : OWL2.members), listText(members));
    }

    /** The most members of a disjointness axiom each pair's provenance writes out in full. */
    static final int LISTED_MEMBERS = 8;

    /**
     * A disjointness axiom as the provenance of one pair of its members shows it: the whole list
     * for up to {@link #LISTED_MEMBERS} members, else the two and how many others, {@code
     * ( ex:A ex:B … 198 more )}; otherwise a table of CUB's 200 classes, stated disjoint at once,
     * would write its 200 names into each of its 19 900 pairs' provenance.
     */
    private SourceTriple pairTriple(SourceTriple stated, Listed group, Resource a, Resource b) {
        int n = group.members().size();
        return n <= LISTED_MEMBERS ? stated : new SourceTriple(stated.subject(), stated.predicate(),
                "( " + names.name(a) + " " + names.name(b) + " … " + (n - 2) + " more )");
    }

    /** How a class-attribute link becomes its fact. */
    private interface LinkFact {
        ClassAttributeLink of(String classIri, String attributeIri, List<SourceTriple> triples);
    }

    /** One fact per (class, attribute) the graph links with {@code property}, with that statement as its triple. */
    private void links(Property property, LinkFact fact, List<ClassAttributeLink> facts) {
        select(CLASS_ATTRIBUTE_LINKS.formatted(property.getLocalName()), row -> {
            Resource cls = row.getResource("cls");
            Resource attr = row.getResource("attr");
            facts.add(fact.of(cls.getURI(), attr.getURI(), List.of(names.triple(cls, property, attr))));
        });
    }

    private Object output(Resource term) {
        List<RDFNode> values = model.listObjectsOfProperty(term, outputName).toList();
        if (values.size() > 1) {
            throw new InputError(names.name(term) + " " + names.name(outputName),
                    values.size() + " output names where one is expected");
        }
        RDFNode value = values.get(0);
        if (!value.isLiteral() || value.asLiteral().getLexicalForm().isBlank()) {
            throw new InputError(names.name(term) + " " + names.name(outputName),
                    "expected a non-empty string, got " + names.name(value));
        }
        String name = ((Literal) value).getLexicalForm();
        List<SourceTriple> used = new ArrayList<>();
        used.add(names.triple(term, outputName, value));
        if (model.contains(term, RDF.type, attributeClass)) {
            used.add(names.triple(term, RDF.type, attributeClass));
            return new AttributeOutput(term.getURI(), name, used);
        }
        return new ClassOutput(term.getURI(), name, used);
    }

    private void select(String sparql, Consumer<QuerySolution> each) {
        try (QueryExecution exec = QueryExecution.create(sparql, model)) {
            exec.execSelect().forEachRemaining(each);
        }
    }
}
