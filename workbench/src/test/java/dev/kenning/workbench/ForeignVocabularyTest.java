package dev.kenning.workbench;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.knowledge.NameKey;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semanticweb.owlapi.formats.FunctionalSyntaxDocumentFormat;
import org.semanticweb.owlapi.formats.ManchesterSyntaxDocumentFormat;
import org.semanticweb.owlapi.formats.OWLXMLDocumentFormat;
import org.semanticweb.owlapi.formats.PrefixDocumentFormat;
import org.semanticweb.owlapi.functional.renderer.FunctionalSyntaxStorer;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.StreamDocumentTarget;
import org.semanticweb.owlapi.manchestersyntax.renderer.ManchesterSyntaxStorer;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.OWLStorer;
import org.semanticweb.owlapi.owlxml.renderer.OWLXMLStorer;
import org.semanticweb.owlapi.rdf.rdfxml.parser.RDFXMLParser;
import uk.ac.manchester.cs.owl.owlapi.OWLDataFactoryImpl;
import uk.ac.manchester.cs.owl.owlapi.OWLOntologyFactoryImpl;
import uk.ac.manchester.cs.owl.owlapi.OWLOntologyManagerImpl;
import uk.ac.manchester.cs.owl.owlapi.concurrent.NonConcurrentOWLOntologyBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fashion ontology written the Protégé way (OWL restrictions, RDF/XML, no Kenning term) gives
 * the rules exactly the constraints its Turtle version in Kenning's vocabulary gives them.
 */
class ForeignVocabularyTest {

    private static final Workbench WORKBENCH = Workbench.create(WorkbenchConfig.notRecording());

    /**
     * A constraint as the model sees it: kind, bound outputs in order (names compared as folder
     * names are, ignoring case and punctuation: the OWL labels say "T-shirt/top" where the Turtle
     * names the output "tshirt-top"), parameters and weight.
     */
    private static String seen(ConstraintSpec c) {
        List<String> outputs = c.bindings().stream()
                .map(b -> b.substring(0, b.indexOf(':') + 1) + NameKey.of(b.substring(b.indexOf(':') + 1))).toList();
        return c.kind() + " " + outputs + " " + new TreeMap<>(c.params()) + " w=" + c.weight();
    }

    private static List<String> derived(String spec) {
        return WORKBENCH.derive(ImageTaskSpec.load(Path.of("../experiments", spec))).constraints().stream()
                .map(ForeignVocabularyTest::seen).sorted().toList();
    }

    /**
     * The class hierarchy from the OWL file (its restrictions unread: no attribute_properties) and
     * the attributes from a class × attribute table, as zero-shot datasets publish them.
     */
    @Test
    void anAttributeTableGivesThemToo() {
        ExperimentSpec.Knowledge kenning = ImageTaskSpec.load(Path.of("../experiments/zeroshot-fashion.yaml")).knowledgeSources();
        List<String> labels = List.of("T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                "ankle boot");
        ExperimentSpec.Knowledge table = new ExperimentSpec.Knowledge(
                List.of(Path.of("../kg/ontology/fashion-attributes.owl"), Path.of("../kg/ontology/fashion-attributes.csv")),
                kenning.rules(), null, java.util.Map.of(), kenning.wordNet(), new ExperimentSpec.Vocabulary(List.of(), "test", labels, "test"));

        List<String> fromTable = WORKBENCH.derive(table).constraints().stream().map(ForeignVocabularyTest::seen).sorted().toList();
        List<String> turtle = derived("zeroshot-fashion.yaml");
        assertEquals(List.of(), turtle.stream().filter(c -> !fromTable.contains(c)).toList(), "derived from the Turtle only");
        assertEquals(List.of(), fromTable.stream().filter(c -> !turtle.contains(c)).toList(), "derived from the table only");
        assertEquals(turtle, fromTable);
    }

    /**
     * A predicate matrix in AwA2's layout, alone, is the whole knowledge of an image task: its
     * classes are the labels (exactly one holds), stated disjoint, and it derives what the same
     * table written as CSV derives.
     */
    @Test
    void aPredicateMatrixAloneNamesTheLabels(@TempDir Path dir) throws Exception {
        Path awa = Files.createDirectories(dir.resolve("Animals_with_Attributes2"));
        Files.writeString(awa.resolve("classes.txt"), "     1\tgrizzly+bear\n     2\tdalmatian\n     3\tkiller+whale\n");
        Files.writeString(awa.resolve("predicates.txt"), "     1\tblack\n     2\twhite\n     3\tflippers\n");
        Files.writeString(awa.resolve("predicate-matrix-binary.txt"), "1 0 0\n1 1 0\n1 1 1\n");
        Path csv = Files.writeString(dir.resolve("animals.csv"),
                "class,black,white,flippers\ngrizzly+bear,1,0,0\ndalmatian,1,1,0\nkiller+whale,1,1,1\n");
        List<Path> rules = ImageTaskSpec.load(Path.of("../experiments/zeroshot-fashion.yaml")).knowledgeSources().rules();

        List<String> fromMatrix = derive(List.of(awa.resolve("predicate-matrix-binary.txt")), rules);
        List<String> fromCsv = derive(List.of(csv), rules);
        assertEquals(fromCsv, fromMatrix);
        assertTrue(fromMatrix.contains("exactly-one [class:dalmatian, class:grizzlybear, class:killerwhale] {} w=1.0"),
                fromMatrix.toString());
        assertTrue(fromMatrix.contains("mutually-exclusive [class:dalmatian, class:killerwhale] {} w=1.0"), fromMatrix.toString());
        assertTrue(fromMatrix.contains("class-implies-attribute [class:killerwhale, attr:flippers] {} w=1.0"),
                fromMatrix.toString());
    }

    /**
     * A SKOS taxonomy beside a table: the table's rows describe the concepts by their labels, the
     * leaves are the labels (exactly one), and with the groups pack the concepts above them are
     * outputs, exclusive as siblings. Before, the scheme was a note and the table's classes stood alone.
     */
    @Test
    void aSkosTaxonomyBesideATableGivesTheHierarchy(@TempDir Path dir) throws Exception {
        Path scheme = Files.writeString(dir.resolve("shapes.ttl"), """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                @prefix ex: <http://example.org/shapes#> .
                ex:circle a skos:Concept ; skos:prefLabel "circle"@en .
                ex:square a skos:Concept ; skos:prefLabel "square"@en .
                ex:redCircle a skos:Concept ; skos:prefLabel "Red Circle"@en ; skos:broader ex:circle .
                ex:blueCircle a skos:Concept ; skos:prefLabel "Blue Circle"@en ; skos:broader ex:circle .
                ex:redSquare a skos:Concept ; skos:prefLabel "Red Square"@en ; skos:broader ex:square .
                ex:square skos:narrower ex:blueSquare . ex:blueSquare a skos:Concept ; skos:prefLabel "Blue Square"@en .
                """);
        Path table = Files.writeString(dir.resolve("shapes.csv"), """
                class;red;blue;round
                Red Circle;1;0;1
                Blue Circle;0;1;1
                Red Square;1;0;0
                Blue Square;0;1;0
                """);
        List<Path> rules = new java.util.ArrayList<>(ImageTaskSpec.load(Path.of("../experiments/zeroshot-fashion.yaml"))
                .knowledgeSources().rules());
        List<String> derived = derive(List.of(scheme, table), rules);
        assertTrue(derived.contains("exactly-one [class:bluecircle, class:bluesquare, class:redcircle, class:redsquare] {} w=1.0"),
                derived.toString());
        assertTrue(derived.contains("mutually-exclusive [group:circle, group:square] {} w=1.0"), derived.toString());
        assertTrue(derived.contains("implies [class:redcircle, group:circle] {} w=1.0"), derived.toString());
        assertTrue(derived.contains("implies [class:bluesquare, group:square] {} w=1.0"), derived.toString());
        assertTrue(derived.contains("class-implies-attribute [class:bluesquare, attr:blue] {} w=1.0"), derived.toString());
    }

    /** A shoes ontology in the user's own vocabulary (ex:hasPart): its prefixes, the property, then {@code statements}. */
    private static Path shoes(Path dir, String statements) throws java.io.IOException {
        return Files.writeString(dir.resolve("shoes.ttl"), """
                @prefix ex: <http://example.org/shoes#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                ex:hasPart a owl:ObjectProperty .
                """ + statements);
    }

    /** The zero-shot fashion spec's packs and the formulas pack. */
    private static List<Path> rulesWithFormulas() {
        List<Path> rules = new java.util.ArrayList<>(ImageTaskSpec.load(Path.of("../experiments/zeroshot-fashion.yaml"))
                .knowledgeSources().rules());
        rules.add(Path.of("../rules/packs/formulas.drl"));
        return rules;
    }

    /**
     * A disjunction in the user's OWL (a sandal has a strap or a buckle) reaches the model as an
     * exact loss: a formula constraint whose provenance is the law read from the axiom, and the
     * attributes it names are outputs the sandal is not read closed-world as lacking.
     */
    @Test
    void aDisjunctionInTheOntologyIsAFormulaConstraint(@TempDir Path dir) throws Exception {
        Path onto = shoes(dir, """
                ex:Sandal rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom [ owl:unionOf ( ex:Strap ex:Buckle ) ] ] .
                ex:Boot rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Buckle ] .
                ex:Shirt rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sleeve ] .
                [] a owl:AllDisjointClasses ; owl:members ( ex:Sandal ex:Boot ex:Shirt ) .
                """);
        List<Path> rules = rulesWithFormulas();
        ExperimentSpec.Knowledge knowledge = new ExperimentSpec.Knowledge(List.of(onto), rules, null, Map.of(), null,
                new ExperimentSpec.Vocabulary(List.of("ex:hasPart"), "test", List.of(), "test"));
        DerivedKnowledge derived = WORKBENCH.derive(knowledge);

        List<ConstraintSpec> formulas = derived.constraints().stream().filter(c -> c.kind().equals("formula")).toList();
        assertEquals(1, formulas.size(), derived.constraints().toString());
        assertEquals("class:sandal => (attr:strap | attr:buckle)", formulas.get(0).formula());
        assertTrue(formulas.get(0).provenance().triples().toString().contains("class:sandal => (attr:strap | attr:buckle)"),
                formulas.get(0).provenance().toString());
        assertTrue(formulas.get(0).provenance().triples().toString().contains("ex:Sandal ⊑ ∃ex:hasPart.(ex:Strap ⊔ ex:Buckle)"),
                formulas.get(0).provenance().toString());
        List<String> seen = derived.constraints().stream().map(ForeignVocabularyTest::seen).toList();
        assertTrue(seen.contains("class-excludes-attribute [class:shirt, attr:strap] {} w=1.0"), seen.toString());
        assertTrue(seen.stream().noneMatch(c -> c.startsWith("class-excludes-attribute [class:sandal, attr:strap]")
                || c.startsWith("class-excludes-attribute [class:sandal, attr:buckle]")), seen.toString());
        assertTrue(derived.notes().stream().anyMatch(n -> n.startsWith("1 OWL axiom(s) read as formulas")), derived.notes().toString());
        // and the image task's attribute head scores the attributes the formula names
        assertTrue(dev.kenning.learner.images.ClassKnowledge.of(derived.constraints(),
                dev.kenning.constraints.logic.Semantics.PRODUCT).logic().constraints().contains(formulas.get(0)));
    }

    /**
     * A user's own logic as a law in three words of Turtle, with no observation: the formulas pack
     * makes it a constraint over the outputs it names, citing the law; a name there that nothing
     * scores (a typo) is a note naming the output it is likely a typo of.
     */
    @Test
    void aUsersOwnFormulaLawConstrainsTheOutputsItNamesAndATypoIsNamed(@TempDir Path dir) throws Exception {
        Path onto = shoes(dir, """
                ex:Sandal rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Strap ] .
                ex:Boot rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] .
                [] a owl:AllDisjointClasses ; owl:members ( ex:Sandal ex:Boot ) .
                """);
        Path law = dir.resolve("mine.ttl");
        List<Path> rules = rulesWithFormulas();
        java.util.function.Function<String, DerivedKnowledge> derive = formula -> {
            try {
                Files.writeString(law, "@prefix k: <https://kenning.dev/ns#> . @prefix my: <http://example.org/mine#> .\n"
                        + "my:bootsHaveNoStraps a k:Law ; k:formula \"" + formula + "\" .\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return WORKBENCH.derive(new ExperimentSpec.Knowledge(List.of(onto, law), rules, null, Map.of(), null,
                    new ExperimentSpec.Vocabulary(List.of("ex:hasPart"), "test", List.of(), "test")));
        };

        DerivedKnowledge derived = derive.apply("class:boot => ~attr:strap & attr:sole");
        List<ConstraintSpec> formulas = derived.constraints().stream().filter(c -> c.kind().equals("formula")).toList();
        assertEquals(1, formulas.size(), derived.constraints().toString());
        assertEquals("a law stated as a formula that governs no observation constrains the outputs it names",
                formulas.get(0).provenance().rule());
        assertTrue(formulas.get(0).provenance().triples().toString().contains("bootsHaveNoStraps"), formulas.get(0).provenance().toString());
        assertTrue(derived.notes().stream().noneMatch(n -> n.contains("did you mean")), derived.notes().toString());
        assertTrue(dev.kenning.learner.images.ClassKnowledge.of(derived.constraints(),
                dev.kenning.constraints.logic.Semantics.PRODUCT).logic().constraints().contains(formulas.get(0)));

        // the same law without the formulas pack: said, not silently nothing
        rules.remove(rules.size() - 1);
        DerivedKnowledge noPack = derive.apply("class:boot => ~attr:strap & attr:sole");
        assertTrue(noPack.notes().contains("the graph states 1 law(s) in logic (k:formula) that no rule made a constraint of"
                + " (my:bootsHaveNoStraps): add rules/packs/formulas.drl to knowledge.rules"), noPack.notes().toString());
        // nor when a pack of the user's own makes formulas of its own (any formula constraint used to silence the note)
        Path ownPack = Files.writeString(dir.resolve("own.drl"), """
                package my.pack
                import dev.kenning.core.ConstraintSpec
                import dev.kenning.rules.facts.ClassOutput
                rule "boots have soles"
                when
                    $c : ClassOutput( output == "class:boot" )
                then
                    insert(ConstraintSpec.builder("formula").formula("class:boot => attr:sole").weight(0.5)
                            .rule(drools.getRule().getName()).because($c.getTriples()).build());
                end
                """);
        rules.add(ownPack);
        DerivedKnowledge ownOnly = derive.apply("class:boot => ~attr:strap & attr:sole");
        assertEquals(1, ownOnly.constraints().stream().filter(c -> c.kind().equals("formula")).count());
        assertTrue(ownOnly.notes().contains("the graph states 1 law(s) in logic (k:formula) that no rule made a constraint of"
                + " (my:bootsHaveNoStraps): add rules/packs/formulas.drl to knowledge.rules"), ownOnly.notes().toString());
        rules.remove(ownPack);
        rules.add(Path.of("../rules/packs/formulas.drl"));
        // a formula given to something not typed a law: no rule reads it, and that is said
        DerivedKnowledge untyped = derive.apply("class:boot => attr:sole\" .\nmy:other k:formula \"class:sandal => attr:strap");
        assertTrue(untyped.notes().contains("the graph gives 1 formula(s) (k:formula) to something not typed a law, which no"
                + " rule reads (my:other): state each a law, e.g. my:other a k:Law"), untyped.notes().toString());
        assertTrue(untyped.notes().stream().noneMatch(n -> n.contains("no rule made")), untyped.notes().toString());

        DerivedKnowledge typo = derive.apply("class:bots => ~attr:strap & attr:soles");
        assertTrue(typo.notes().stream().anyMatch(n -> n.startsWith("the formula \"class:bots => ~attr:strap & attr:soles\""
                + " (my:bootsHaveNoStraps) names class:bots (did you mean class:boot?), attr:soles (did you mean attr:sole?),"
                + " which nothing in the graph is scored as")), typo.notes().toString());

        // a formula that does not parse is reported where the user wrote it, naming the law
        dev.kenning.core.InputError broken = org.junit.jupiter.api.Assertions.assertThrows(dev.kenning.core.InputError.class,
                () -> derive.apply("class:boot & (attr:sole |"));
        assertTrue(broken.getMessage().startsWith(law + ":2:" + ("my:bootsHaveNoStraps a k:Law ; k:formula \"".length() + 1)
                + ": my:bootsHaveNoStraps k:formula: formula \"class:boot & (attr:sole |\": formula line 1, column"),
                broken.getMessage());
    }

    /**
     * An ontology of plain classes, as Protégé makes one (a hierarchy, labels in two languages, one
     * owl:AllDisjointClasses, no attribute statements), names a dataset's labels by knowledge.labels:
     * the exactly-one over them in that order, whatever case or language the labels are written in.
     */
    @Test
    void aPlainClassHierarchyNamesItsLabelsByKnowledgeLabels(@TempDir Path dir) throws Exception {
        Path onto = Files.writeString(dir.resolve("clothes.ttl"), """
                @prefix : <http://example.org/clothes#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                :Garment a owl:Class .
                :TShirt a owl:Class ; rdfs:subClassOf :Garment ; rdfs:label "T-shirt"@en, "T-Shirt"@de .
                :Trousers a owl:Class ; rdfs:subClassOf :Garment ; rdfs:label "Trousers"@en, "Hose"@de .
                :Bag a owl:Class ; rdfs:label "bag"@en .
                [] a owl:AllDisjointClasses ; owl:members ( :TShirt :Trousers :Bag ) .
                """);
        List<Path> rules = List.of(Path.of("../rules/packs/disjointness.drl"), Path.of("../rules/packs/labels.drl"));
        java.util.function.Function<List<String>, DerivedKnowledge> derive = labels -> WORKBENCH.derive(new ExperimentSpec.Knowledge(
                List.of(onto), rules, null, Map.of(), null, new ExperimentSpec.Vocabulary(List.of(), "test", labels, "spec.yaml:4")));
        DerivedKnowledge derived = derive.apply(List.of("hose", "t shirt", "Bag"));
        List<ConstraintSpec> one = derived.constraints().stream().filter(c -> c.kind().equals("exactly-one")).toList();
        assertEquals(1, one.size(), derived.constraints().toString());
        assertEquals(List.of("class:hose", "class:t-shirt", "class:bag"), one.get(0).bindings());
        assertTrue(derived.notes().contains("3 of the ontologies' classes are the dataset's labels, in the order knowledge.labels"
                + " gives them"), derived.notes().toString());
        dev.kenning.core.InputError none = org.junit.jupiter.api.Assertions.assertThrows(dev.kenning.core.InputError.class,
                () -> derive.apply(List.of("hose", "skirt")));
        assertEquals("spec.yaml:4: 'skirt' names none of the ontologies' 4 classes (by label, local name or another name they go"
                + " by)", none.getMessage());
    }

    /** A constraint derived twice alike is said, since each copy weighs in the loss; distinct ones are not. */
    @Test
    void constraintsDerivedTwiceAlikeAreSaid() {
        ConstraintSpec a = ConstraintSpec.builder("mutually-exclusive").bind("class:bag").bind("class:sandal").weight(1.0)
                .rule("pairs").build();
        ConstraintSpec b = ConstraintSpec.builder("mutually-exclusive").bind("class:bag").bind("class:shirt").weight(1.0)
                .rule("pairs").build();
        assertEquals(List.of(), Workbench.repeated(List.of(a, b)));
        assertEquals(List.of("1 constraint(s) were derived more than once alike, and each copy counts in the loss:"
                + " mutually-exclusive on [class:bag, class:sandal] 3 times (rule 'pairs'); if a rule fires once per matching"
                + " pair of facts, make it insert each constraint once"), Workbench.repeated(List.of(a, b, a, a)));
        // two packs deriving the same constraint: both rules named, and the remedy is to load one pack
        ConstraintSpec up = ConstraintSpec.builder("implies").bind("class:sandal").bind("group:shoe").weight(1.0)
                .rule("a labelled class is in the groups above it").build();
        ConstraintSpec again = ConstraintSpec.builder("implies").bind("class:sandal").bind("group:shoe").weight(1.0)
                .rule("subclass implies superclass").build();
        assertEquals(List.of("1 constraint(s) were derived more than once alike, and each copy counts in the loss: implies on"
                + " [class:sandal, group:shoe] 2 times (rules 'a labelled class is in the groups above it', 'subclass implies"
                + " superclass'); the rules 'a labelled class is in the groups above it' and 'subclass implies superclass'"
                + " derive the same constraints: load only one of the packs that hold them (taxonomy.drl and groups.drl both"
                + " make a class imply the classes above it)"), Workbench.repeated(List.of(up, again)));
    }

    /** Knowledge that makes a class impossible (it implies two classes stated exclusive, or one excluding it) is said. */
    @Test
    void aClassTheKnowledgeMakesImpossibleIsSaid() {
        ConstraintSpec inFootwear = ConstraintSpec.builder("implies").bind("class:sneaker").bind("group:footwear").weight(1.0)
                .rule("a labelled class is in the groups above it").build();
        ConstraintSpec inSport = ConstraintSpec.builder("implies").bind("class:sneaker").bind("group:sport").weight(1.0)
                .rule("a labelled class is in the groups above it").build();
        ConstraintSpec apart = ConstraintSpec.builder("mutually-exclusive").bind("group:footwear").bind("group:sport")
                .weight(1.0).rule("disjoint classes exclude each other").build();
        assertEquals(List.of(), Workbench.contradictions(List.of(inFootwear, inSport)));
        assertEquals(List.of("the knowledge makes 1 class impossible: class:sneaker implies group:footwear and group:sport"
                + " (rule 'a labelled class is in the groups above it'), which are mutually exclusive (rule 'disjoint classes"
                + " exclude each other'); no image can be of it, and training pulls both ways: look for classes stated"
                + " disjoint that share a subclass, or equivalent"), Workbench.contradictions(List.of(inFootwear, inSport, apart)));
        // equivalent classes (implies both ways) stated disjoint: each impossible, a cycle walked once
        ConstraintSpec ab = ConstraintSpec.builder("implies").bind("class:a").bind("class:b").weight(1.0).rule("sub").build();
        ConstraintSpec ba = ConstraintSpec.builder("implies").bind("class:b").bind("class:a").weight(1.0).rule("sub").build();
        ConstraintSpec one = ConstraintSpec.builder("exactly-one").bind("class:a").bind("class:b").bind("class:c").weight(1.0)
                .rule("labels").build();
        List<String> both = Workbench.contradictions(List.of(ab, ba, one));
        assertEquals(1, both.size());
        assertTrue(both.get(0).startsWith("the knowledge makes 2 classes impossible: class:a implies class:b (rule 'sub'),"
                + " which excludes it (rule 'labels')"), both.get(0));
    }

    private static List<String> derive(List<Path> ontologies, List<Path> rules) {
        ExperimentSpec.Knowledge knowledge = new ExperimentSpec.Knowledge(ontologies, rules, null, Map.of(), null,
                new ExperimentSpec.Vocabulary(List.of(), "test", List.of(), "test"));
        return WORKBENCH.derive(knowledge).constraints().stream().map(ForeignVocabularyTest::seen).sorted().toList();
    }

    @Test
    void owlRestrictionsDeriveExactlyTheConstraintsOfKenningsVocabulary() {
        List<String> turtle = derived("zeroshot-fashion.yaml");
        List<String> owl = derived("zeroshot-fashion-owl.yaml");

        assertEquals(turtle, owl);
        assertTrue(turtle.size() > 100, "the fashion knowledge derives " + turtle.size() + " constraints");
        assertTrue(owl.contains("class-excludes-attribute [class:sandal, attr:laces] {} w=1.0"), owl.toString());
        assertTrue(owl.stream().anyMatch(c -> c.startsWith("exactly-one [class:tshirttop, class:trouser, class:pullover,")),
                "the labels keep Fashion-MNIST's order");
    }

    /**
     * The same ontology saved in each of Protégé's syntaxes that are not RDF (written here by the
     * OWL API's own writers, as Protégé writes them) derives exactly the RDF/XML file's constraints.
     */
    @Test
    void protegesOtherSyntaxesDeriveExactlyTheConstraintsOfItsRdfXml(@TempDir Path dir) throws Exception {
        ExperimentSpec.Knowledge rdfXml = ImageTaskSpec.load(Path.of("../experiments/zeroshot-fashion-owl.yaml")).knowledgeSources();
        List<String> expected = derived("zeroshot-fashion-owl.yaml");
        OWLOntologyManager manager = new OWLOntologyManagerImpl(new OWLDataFactoryImpl(), new ReentrantReadWriteLock());
        manager.getOntologyFactories().add(new OWLOntologyFactoryImpl(new NonConcurrentOWLOntologyBuilder()));
        OWLOntology ontology = manager.createOntology();
        OWLDocumentFormat read = new RDFXMLParser().parse(new FileDocumentSource(rdfXml.ontologies().get(0).toFile()), ontology,
                new OWLOntologyLoaderConfiguration());
        Map<String, OWLStorer> writers = Map.of("fashion.owx", new OWLXMLStorer(), "fashion.omn", new ManchesterSyntaxStorer(),
                "fashion.ofn", new FunctionalSyntaxStorer());
        Map<String, PrefixDocumentFormat> formats = Map.of("fashion.owx", new OWLXMLDocumentFormat(),
                "fashion.omn", new ManchesterSyntaxDocumentFormat(), "fashion.ofn", new FunctionalSyntaxDocumentFormat());
        for (String name : writers.keySet()) {
            Path file = dir.resolve(name);
            PrefixDocumentFormat format = formats.get(name);
            format.copyPrefixesFrom(read.asPrefixOWLDocumentFormat());
            try (var out = Files.newOutputStream(file)) {
                writers.get(name).storeOntology(ontology, new StreamDocumentTarget(out), format);
            }
            ExperimentSpec.Knowledge k = new ExperimentSpec.Knowledge(List.of(file), rdfXml.rules(), null, rdfXml.weights(),
                    rdfXml.wordNet(), rdfXml.vocabulary());
            List<String> derived = WORKBENCH.derive(k).constraints().stream().map(ForeignVocabularyTest::seen).sorted().toList();
            assertEquals(expected, derived, name);
        }
    }
}
