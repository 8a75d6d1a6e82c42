package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.facts.ClassFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The taxonomy, disjointness and attributes packs over a small shoe-and-shirt ontology. */
class ClassPacksTest {

    static final Path TAXONOMY = Path.of("packs/taxonomy.drl");
    static final Path DISJOINTNESS = Path.of("packs/disjointness.drl");
    static final Path ATTRIBUTES = Path.of("packs/attributes.drl");

    /** Shoe and Clothing are unscored: constraints must reach past them. */
    static final String SHOES = """
            @prefix k: <https://kenning.dev/ns#> .
            @prefix ex: <https://example.org/shop#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            ex:Sandal rdfs:subClassOf ex:Shoe ; k:outputName "class:sandal" ; k:hasAttribute ex:straps .
            ex:Sneaker rdfs:subClassOf ex:Shoe ; k:outputName "class:sneaker" ; k:hasAttribute ex:laces .
            ex:Shoe rdfs:subClassOf ex:Footwear .
            ex:Footwear k:outputName "class:footwear" ; k:hasAttribute ex:onFeet ; owl:disjointWith ex:Clothing .
            ex:Shirt rdfs:subClassOf ex:Clothing ; k:outputName "class:shirt" ; k:hasAttribute ex:sleeves .
            ex:straps a k:Attribute ; rdfs:label "straps" ; k:outputName "attr:straps" .
            ex:laces a k:Attribute ; rdfs:label "laces" ; k:outputName "attr:laces" .
            ex:onFeet a k:Attribute ; rdfs:label "worn on the feet" ; k:outputName "attr:feet" .
            ex:sleeves a k:Attribute ; rdfs:label "sleeves" ; k:outputName "attr:sleeves" .
            """;

    /** The prefixes of the small ontologies below, ex: for their classes. */
    static final String SHAPES = """
            @prefix k: <https://kenning.dev/ns#> .
            @prefix ex: <https://example.org/shapes#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            """;

    static RuleBook taxonomy;
    static RuleBook disjointness;
    static RuleBook attributes;
    static RuleBook all;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        taxonomy = RuleBook.compile(List.of(TAXONOMY));
        disjointness = RuleBook.compile(List.of(DISJOINTNESS));
        attributes = RuleBook.compile(List.of(ATTRIBUTES));
        all = RuleBook.compile(List.of(TAXONOMY, DISJOINTNESS, ATTRIBUTES));
    }

    /**
     * Two unscored classes stated disjoint, each with hundreds of unscored subclasses and one scored:
     * the disjointness reaches the two scored classes, and is not passed down to every pair of the
     * others (90 000 facts, past the firing limit, where nothing scored lies below them).
     */
    @Test
    void disjointnessOfTwoWideUnscoredClassesReachesOnlyWhatIsScored() throws IOException {
        StringBuilder ttl = new StringBuilder(SHAPES + "ex:A owl:disjointWith ex:B .\n"
                + "ex:a0 rdfs:subClassOf ex:A ; k:outputName \"class:a0\" .\nex:b0 rdfs:subClassOf ex:B ; k:outputName \"class:b0\" .\n");
        for (int i = 1; i < 300; i++) {
            ttl.append("ex:a").append(i).append(" rdfs:subClassOf ex:A .\nex:b").append(i).append(" rdfs:subClassOf ex:B .\n");
        }
        assertEquals(List.of(List.of("class:a0", "class:b0")), bindings(derive(disjointness, ttl.toString()), "mutually-exclusive"));
    }

    @Test
    void subclassLinksBecomeImplicationsBridgingUnscoredClasses() throws IOException {
        List<ConstraintSpec> specs = derive(taxonomy, SHOES);

        assertEquals(List.of(
                List.of("class:sandal", "class:footwear"),
                List.of("class:sneaker", "class:footwear")), bindings(specs, "implies"));
        ConstraintSpec sandal = specs.get(0);
        assertEquals("subclass implies superclass", sandal.provenance().rule());
        assertEquals(List.of(
                new SourceTriple("ex:Sandal", "rdfs:subClassOf", "ex:Shoe"),
                new SourceTriple("ex:Shoe", "rdfs:subClassOf", "ex:Footwear"),
                new SourceTriple("ex:Sandal", "k:outputName", "\"class:sandal\""),
                new SourceTriple("ex:Footwear", "k:outputName", "\"class:footwear\"")),
                sandal.provenance().triples());
    }

    @Test
    void scoringTheMiddleClassChangesTheImplicationsIntoAChain() throws IOException {
        List<ConstraintSpec> specs = derive(taxonomy,
                SHOES + "ex:Shoe k:outputName \"class:shoe\" .\n");

        assertEquals(List.of(
                List.of("class:sandal", "class:shoe"),
                List.of("class:shoe", "class:footwear"),
                List.of("class:sneaker", "class:shoe")), bindings(specs, "implies"));
    }

    @Test
    void disjointnessStopsAtAScoredClassWhoseImplicationsCarryIt() throws IOException {
        List<ConstraintSpec> specs = derive(disjointness, SHOES);

        // Clothing is unscored, so Shirt inherits the exclusion; Footwear is scored, and
        // sandal ⇒ footwear with footwear excluding shirt already excludes sandal and shirt.
        assertEquals(List.of(List.of("class:footwear", "class:shirt")), bindings(specs, "mutually-exclusive"));
        assertEquals(List.of(
                new SourceTriple("ex:Shirt", "rdfs:subClassOf", "ex:Clothing"),
                new SourceTriple("ex:Footwear", "owl:disjointWith", "ex:Clothing"),
                new SourceTriple("ex:Footwear", "k:outputName", "\"class:footwear\""),
                new SourceTriple("ex:Shirt", "k:outputName", "\"class:shirt\"")),
                specs.get(0).provenance().triples());
    }

    @Test
    void disjointnessStatedHighUpReachesTheScoredClassesBelow() throws IOException {
        List<ConstraintSpec> specs = derive(disjointness,
                SHOES.replace("ex:Footwear k:outputName \"class:footwear\" ;", "ex:Footwear"));

        // Pairs in IRI order: Sandal < Shirt < Sneaker.
        assertEquals(List.of(
                List.of("class:sandal", "class:shirt"),
                List.of("class:shirt", "class:sneaker")), bindings(specs, "mutually-exclusive"));
        assertTrue(specs.get(0).provenance().triples().containsAll(List.of(
                new SourceTriple("ex:Footwear", "owl:disjointWith", "ex:Clothing"),
                new SourceTriple("ex:Shirt", "rdfs:subClassOf", "ex:Clothing"),
                new SourceTriple("ex:Sandal", "rdfs:subClassOf", "ex:Shoe"),
                new SourceTriple("ex:Shoe", "rdfs:subClassOf", "ex:Footwear"))),
                specs.get(0).provenance().triples().toString());
    }

    @Test
    void classesMadeDisjointTogetherExcludeEachOtherAndMakeTheLabels() throws IOException {
        // what Protégé writes for three or more classes made disjoint, and a disjoint union
        String turtle = """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/shapes#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                ex:Disc k:outputName "class:disc" ; k:labelIndex 0 .
                ex:Square k:outputName "class:square" ; k:labelIndex 1 .
                ex:Star k:outputName "class:star" ; k:labelIndex 2 .
                [] a owl:AllDisjointClasses ; owl:members ( ex:Disc ex:Square ex:Star ) .
                ex:Mark owl:disjointUnionOf ( ex:Dot ex:Cross ) .
                ex:Dot k:outputName "class:dot" .
                ex:Cross k:outputName "class:cross" .
                """;
        List<ConstraintSpec> specs = derive(disjointness, turtle);

        assertEquals(List.of(List.of("class:cross", "class:dot"), List.of("class:disc", "class:square"),
                List.of("class:disc", "class:star"), List.of("class:square", "class:star")), bindings(specs, "mutually-exclusive"));
        assertTrue(specs.stream().filter(s -> s.bindings().contains("class:star")).allMatch(s -> s.provenance().triples().contains(
                new SourceTriple("[ a owl:AllDisjointClasses ]", "owl:members", "( ex:Disc ex:Square ex:Star )"))), specs.toString());
        assertTrue(specs.get(0).provenance().triples().contains(
                new SourceTriple("ex:Mark", "owl:disjointUnionOf", "( ex:Dot ex:Cross )")), specs.get(0).toString());

        RuleBook labels = RuleBook.compile(List.of(DISJOINTNESS, Path.of("packs/labels.drl")));
        List<ConstraintSpec> one = derive(labels, turtle).stream().filter(s -> s.kind().equals("exactly-one")).toList();
        assertEquals(List.of(List.of("class:disc", "class:square", "class:star")), one.stream().map(ConstraintSpec::bindings).toList());
        // without the axiom the labels are not known to exclude each other, and no exactly-one is derived
        assertEquals(List.of(), derive(labels, turtle.replace("[] a owl:AllDisjointClasses", "[] a owl:Thing")).stream()
                .filter(s -> s.kind().equals("exactly-one")).toList());
    }

    @Test
    void theMembersOfAUnionAreItsSubclasses() throws IOException {
        List<ConstraintSpec> specs = derive(taxonomy, SHAPES + """
                ex:Footwear k:outputName "class:footwear" ; owl:equivalentClass [ owl:unionOf ( ex:Sandal ex:Sneaker ) ] .
                ex:Sandal k:outputName "class:sandal" ; rdfs:subClassOf ex:Footwear .
                ex:Sneaker k:outputName "class:sneaker" .
                ex:Mark k:outputName "class:mark" ; owl:disjointUnionOf ( ex:Dot ex:Cross ) .
                ex:Dot k:outputName "class:dot" .
                ex:Cross k:outputName "class:cross" .
                """);

        assertEquals(List.of(List.of("class:cross", "class:mark"), List.of("class:dot", "class:mark"),
                List.of("class:sandal", "class:footwear"), List.of("class:sneaker", "class:footwear")), bindings(specs, "implies"));
        // the stated link is kept as it is; the other member's link is the union
        assertTrue(specs.get(2).provenance().triples().contains(new SourceTriple("ex:Sandal", "rdfs:subClassOf", "ex:Footwear")));
        assertTrue(specs.get(3).provenance().triples().contains(
                new SourceTriple("ex:Footwear", "owl:equivalentClass", "[ owl:unionOf ( ex:Sandal ex:Sneaker ) ]")), specs.get(3).toString());
        assertTrue(specs.get(0).provenance().triples().contains(
                new SourceTriple("ex:Mark", "owl:disjointUnionOf", "( ex:Dot ex:Cross )")), specs.get(0).toString());
    }

    /** Protégé's defined class, {@code Sandal ≡ Footwear ⊓ ∃hasPart.Straps}, is below Footwear though no rdfs:subClassOf says so. */
    @Test
    void aClassDefinedAsAnIntersectionIsBelowItsNamedClasses() throws IOException {
        List<ConstraintSpec> specs = derive(taxonomy, SHAPES + """
                ex:Footwear k:outputName "class:footwear" .
                ex:Leather k:outputName "class:leather" .
                ex:Sandal k:outputName "class:sandal" ; owl:equivalentClass [ owl:intersectionOf ( ex:Footwear
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Straps ] ) ] .
                ex:Boot k:outputName "class:boot" ; rdfs:subClassOf [ owl:intersectionOf ( ex:Footwear ex:Leather ) ] .
                """);

        assertEquals(List.of(List.of("class:boot", "class:footwear"), List.of("class:boot", "class:leather"),
                List.of("class:sandal", "class:footwear")), bindings(specs, "implies"));
        assertTrue(specs.get(2).provenance().triples().contains(new SourceTriple("ex:Sandal", "owl:equivalentClass",
                "[ owl:intersectionOf ( ex:Footwear [ … ] ) ]")), specs.get(2).toString());
        assertTrue(specs.get(0).provenance().triples().contains(new SourceTriple("ex:Boot", "rdfs:subClassOf",
                "[ owl:intersectionOf ( ex:Footwear ex:Leather ) ]")), specs.get(0).toString());
    }

    @Test
    void attributesInheritedThroughSubclassesReachTheDerivedConstraints() throws IOException {
        List<ConstraintSpec> specs = derive(attributes, SHOES);

        assertEquals(List.of(
                List.of("class:footwear", "attr:feet"),
                List.of("class:sandal", "attr:feet"),
                List.of("class:sandal", "attr:straps"),
                List.of("class:shirt", "attr:sleeves"),
                List.of("class:sneaker", "attr:feet"),
                List.of("class:sneaker", "attr:laces")), bindings(specs, "class-implies-attribute"));
        ConstraintSpec sandalFeet = specs.stream()
                .filter(s -> s.bindings().equals(List.of("class:sandal", "attr:feet"))).findFirst().orElseThrow();
        assertEquals("class implies its attributes", sandalFeet.provenance().rule());
        // The chain it came down: stated on Footwear, through Shoe, to Sandal.
        assertTrue(sandalFeet.provenance().triples().containsAll(List.of(
                new SourceTriple("ex:Footwear", "k:hasAttribute", "ex:onFeet"),
                new SourceTriple("ex:Shoe", "rdfs:subClassOf", "ex:Footwear"),
                new SourceTriple("ex:Sandal", "rdfs:subClassOf", "ex:Shoe"))),
                sandalFeet.provenance().triples().toString());
    }

    @Test
    void aProfileImpliesItsClassOnlyWhenNoOtherClassSharesIt() throws IOException {
        List<ConstraintSpec> specs = derive(attributes, SHOES);

        // Footwear's profile {feet} is shown by sandals and sneakers too, so it identifies nothing.
        assertEquals(List.of(
                List.of("attr:feet", "attr:laces", "class:sneaker"),
                List.of("attr:feet", "attr:straps", "class:sandal"),
                List.of("attr:sleeves", "class:shirt")), bindings(specs, "attributes-imply-class"));
        ConstraintSpec sneaker = specs.stream().filter(s -> s.kind().equals("attributes-imply-class")).findFirst()
                .orElseThrow();
        assertEquals(2.0, sneaker.param("attributes"));
        assertEquals("an attribute profile identifies its class", sneaker.provenance().rule());
    }

    @Test
    void removingTheInheritedAttributeRemovesItsConstraints() throws IOException {
        List<ConstraintSpec> specs = derive(attributes,
                SHOES.replace("k:hasAttribute ex:onFeet ;", ""));

        assertTrue(bindings(specs, "class-implies-attribute").stream().noneMatch(b -> b.contains("attr:feet")),
                specs.toString());
        // Sneakers and sandals then differ by one attribute each.
        assertTrue(bindings(specs, "attributes-imply-class").contains(List.of("attr:straps", "class:sandal")));
    }

    @Test
    void thePacksRunTogetherWithTheirConstraintsSideBySide() throws IOException {
        List<ConstraintSpec> specs = derive(all, SHOES);

        assertEquals(2, bindings(specs, "implies").size());
        assertEquals(1, bindings(specs, "mutually-exclusive").size());
        assertEquals(6, bindings(specs, "class-implies-attribute").size());
        assertEquals(3, bindings(specs, "attributes-imply-class").size());
    }

    @Test
    void aCycleInTheTaxonomyEnds() throws IOException {
        List<ConstraintSpec> specs = derive(all, """
                @prefix ex: <https://example.org/> .
                @prefix k: <https://kenning.dev/ns#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:C rdfs:subClassOf ex:A .
                ex:A k:outputName "class:a" . ex:C k:outputName "class:c" .
                """);

        assertEquals(List.of(List.of("class:a", "class:c"), List.of("class:c", "class:a")),
                bindings(specs, "implies"));
    }

    @Test
    void withoutStatedAbsencesAClassLacksWhatItsDescriptionLeavesOut() throws IOException {
        assertTrue(bindings(derive(attributes, SHOES), "class-excludes-attribute").contains(List.of("class:sandal", "attr:laces")));
    }

    @Test
    void statedAbsencesAreInheritedAndReadOpenWorld() throws IOException {
        // Footwear lacks sleeves, so sandals and sneakers do; a sandal says nothing about laces now
        List<ConstraintSpec> specs = derive(attributes, SHOES + "ex:Footwear k:lacksAttribute ex:sleeves .\n");

        List<List<String>> excluded = bindings(specs, "class-excludes-attribute");
        assertTrue(excluded.containsAll(List.of(List.of("class:footwear", "attr:sleeves"), List.of("class:sandal", "attr:sleeves"),
                List.of("class:sneaker", "attr:sleeves"))), excluded.toString());
        assertTrue(!excluded.contains(List.of("class:sandal", "attr:laces")), excluded.toString());
        assertTrue(excluded.contains(List.of("class:shirt", "attr:laces")), "shirts still read closed-world: " + excluded);
        ConstraintSpec sandal = specs.stream().filter(c -> c.bindings().equals(List.of("class:sandal", "attr:sleeves")))
                .findFirst().orElseThrow();
        assertEquals("class lacks the attributes it is stated to lack", sandal.provenance().rule());
        assertTrue(sandal.provenance().triples().contains(new SourceTriple("ex:Footwear", "k:lacksAttribute", "ex:sleeves")));
        assertTrue(sandal.provenance().triples().contains(new SourceTriple("ex:Shoe", "rdfs:subClassOf", "ex:Footwear")));
    }

    @Test
    void aDegreeBecomesASoftTargetAndKeepsTheClosedWorldOffThatAttribute() throws IOException {
        List<ConstraintSpec> specs = derive(attributes, SHOES
                + "ex:Sandal k:attributeDegree [ k:attribute ex:laces ; k:degree 0.25 ] .\n");

        List<ConstraintSpec> soft = specs.stream().filter(c -> c.kind().equals("class-attribute-degree")).toList();
        assertEquals(1, soft.size(), specs.toString());
        assertEquals(List.of("class:sandal", "attr:laces"), soft.get(0).bindings());
        assertEquals(0.25, soft.get(0).param("degree"), 0);
        assertTrue(!bindings(specs, "class-excludes-attribute").contains(List.of("class:sandal", "attr:laces")));

        InputError bad = org.junit.jupiter.api.Assertions.assertThrows(InputError.class, () -> derive(attributes, SHOES
                + "ex:Sandal k:attributeDegree [ k:attribute ex:laces ; k:degree 1.5 ] .\n"));
        assertTrue(bad.getMessage().contains("k:degree must be a number strictly between 0 and 1"), bad.getMessage());
    }

    @Test
    void aClassThatHasAndLacksAnAttributeIsOneMessageAtTheRule() {
        InputError e = org.junit.jupiter.api.Assertions.assertThrows(InputError.class,
                () -> derive(attributes, SHOES + "ex:Shoe k:lacksAttribute ex:straps .\n"));
        assertTrue(e.getMessage().contains("attributes.drl:"), e.getMessage());
        assertTrue(e.getMessage().contains("https://example.org/shop#Sandal is said to have and to lack https://example.org/shop#straps"),
                e.getMessage());
    }

    /** A pair from a long disjointness axiom cites it by the pair and a count, not all its members. */
    @Test
    void aPairFromManyClassesMadeDisjointCitesThePairAndHowManyMore() throws IOException {
        StringBuilder turtle = new StringBuilder(SHAPES).append("[] a owl:AllDisjointClasses ; owl:members (");
        for (int c = 0; c < 12; c++) {
            turtle.append(" ex:C").append(c);
        }
        turtle.append(" ) .\n");
        for (int c = 0; c < 12; c++) {
            turtle.append("ex:C").append(c).append(" k:outputName \"class:c").append(c).append("\" .\n");
        }
        List<ConstraintSpec> specs = derive(disjointness, turtle.toString());
        assertEquals(66, bindings(specs, "mutually-exclusive").size());
        ConstraintSpec pair = specs.stream().filter(c -> c.bindings().equals(List.of("class:c0", "class:c1"))).findFirst().orElseThrow();
        assertTrue(pair.provenance().triples().contains(new SourceTriple("[ a owl:AllDisjointClasses ]", "owl:members",
                "( ex:C0 ex:C1 … 10 more )")), pair.provenance().toString());
    }

    /**
     * Attributes that are classes in a hierarchy, as the pizza ontology's toppings: buffalo
     * mozzarella ⊑ mozzarella ⊑ cheese, parmesan ⊑ cheese.
     */
    static final String PIZZAS = SHAPES + """
            ex:Margherita k:outputName "class:margherita" ; k:hasAttribute ex:Mozzarella , ex:Tomato .
            ex:Cheesy k:outputName "class:cheesy" ; k:hasAttribute ex:Cheese .
            ex:Marinara k:outputName "class:marinara" ; k:hasAttribute ex:Tomato .
            ex:Vegan k:outputName "class:vegan" ; k:hasAttribute ex:Tomato ; k:lacksAttribute ex:Cheese .
            ex:Mozzarella rdfs:subClassOf ex:Cheese . ex:Parmesan rdfs:subClassOf ex:Cheese .
            ex:Buffalo rdfs:subClassOf ex:Mozzarella . ex:Cheese rdfs:subClassOf ex:Topping .
            ex:Cheese a k:Attribute ; k:outputName "attr:cheese" .
            ex:Mozzarella a k:Attribute ; k:outputName "attr:mozzarella" .
            ex:Buffalo a k:Attribute ; k:outputName "attr:buffalo" .
            ex:Parmesan a k:Attribute ; k:outputName "attr:parmesan" .
            ex:Tomato a k:Attribute ; k:outputName "attr:tomato" .
            """;

    @Test
    void aKindOfAnAttributeIsTheAttributeAndTheClosedWorldLeavesUnnamedKindsOpen() throws IOException {
        List<ConstraintSpec> specs = derive(attributes, PIZZAS);
        List<List<String>> has = bindings(specs, "class-implies-attribute");
        List<List<String>> lacks = bindings(specs, "class-excludes-attribute");
        // mozzarella is a cheese: a margherita has cheese, and the link is in the provenance
        assertTrue(has.contains(List.of("class:margherita", "attr:cheese")), has.toString());
        assertTrue(!lacks.contains(List.of("class:margherita", "attr:cheese")), lacks.toString());
        ConstraintSpec cheese = specs.stream().filter(c -> c.bindings().equals(List.of("class:margherita", "attr:cheese")))
                .findFirst().orElseThrow();
        assertTrue(cheese.provenance().triples().contains(new SourceTriple("ex:Mozzarella", "rdfs:subClassOf", "ex:Cheese")),
                cheese.provenance().toString());
        // it names its cheese, so lacks the other; which mozzarella it does not say
        assertTrue(lacks.contains(List.of("class:margherita", "attr:parmesan")), lacks.toString());
        assertTrue(!lacks.contains(List.of("class:margherita", "attr:buffalo")), lacks.toString());
        // "has cheese" leaves every kind of cheese open, two levels down too
        for (String kind : List.of("attr:mozzarella", "attr:parmesan", "attr:buffalo")) {
            assertTrue(!lacks.contains(List.of("class:cheesy", kind)), kind + " " + lacks);
            assertTrue(lacks.contains(List.of("class:marinara", kind)), kind + " " + lacks);
        }
        // a stated absence reaches every kind, read open-world
        for (String kind : List.of("attr:cheese", "attr:mozzarella", "attr:parmesan", "attr:buffalo")) {
            ConstraintSpec c = specs.stream().filter(x -> x.bindings().equals(List.of("class:vegan", kind))).findFirst().orElseThrow();
            assertEquals("class lacks the attributes it is stated to lack", c.provenance().rule(), kind);
        }
        // each kind implies every broader scored kind, past the unscored topping
        assertEquals(List.of(List.of("attr:buffalo", "attr:cheese"), List.of("attr:buffalo", "attr:mozzarella"),
                List.of("attr:mozzarella", "attr:cheese"), List.of("attr:parmesan", "attr:cheese")),
                bindings(specs, "implies").stream().sorted(java.util.Comparator.comparing(Object::toString)).toList());
        // cheese alone no longer identifies the cheesy pizza: a margherita shows it too
        assertTrue(bindings(specs, "attributes-imply-class").stream().noneMatch(b -> b.contains("class:cheesy")),
                bindings(specs, "attributes-imply-class").toString());
        // and a class that lacks cheese cannot have mozzarella
        InputError e = org.junit.jupiter.api.Assertions.assertThrows(InputError.class,
                () -> derive(attributes, PIZZAS + "ex:Margherita k:lacksAttribute ex:Cheese .\n"));
        assertTrue(e.getMessage().contains("Margherita is said to have and to lack https://example.org/shapes#"), e.getMessage());
        assertTrue(e.getMessage().contains("ex:Margherita k:lacksAttribute ex:Cheese, ex:Mozzarella rdfs:subClassOf ex:Cheese"),
                e.getMessage());
    }

    /**
     * A few scored classes of a large ontology: the rules see the facts that bear on them and derive
     * what they would from the whole graph. Shirt reaches the scored attribute stripes only through
     * two unscored kinds of it; Sneaker's unscored subclass keeps it from counting as a leaf (so it
     * is not said to lack what it is not described with); a subtree of 300 pairwise disjoint kinds of
     * furniture below the scored classes' ancestor, disjoint from footwear, gives the rules no pair.
     */
    @Test
    void aLargeOntologyAroundAFewScoredClassesGivesTheFactsThatBearOnThem() throws IOException {
        StringBuilder furniture = new StringBuilder("ex:Furniture rdfs:subClassOf ex:Item ; owl:disjointWith ex:Footwear .\n"
                + "[] a owl:AllDisjointClasses ; owl:members (");
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            furniture.append(" ex:Chair").append(i);
            kinds.append("ex:Chair").append(i).append(" rdfs:subClassOf ex:Furniture ; k:hasAttribute ex:legs .\n");
        }
        furniture.append(" ) .\n");
        String scored = """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/shop#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                ex:Footwear rdfs:subClassOf ex:Item ; owl:disjointWith ex:Clothing .
                ex:Clothing rdfs:subClassOf ex:Item .
                ex:Sandal rdfs:subClassOf ex:Footwear ; k:outputName "class:sandal" ; k:hasAttribute ex:straps .
                ex:Sneaker rdfs:subClassOf ex:Footwear ; k:outputName "class:sneaker" ; k:hasAttribute ex:laces .
                ex:HighTop rdfs:subClassOf ex:Sneaker .
                ex:Shirt rdfs:subClassOf ex:Clothing ; k:outputName "class:shirt" ; k:hasAttribute ex:redPinstripes .
                ex:redPinstripes rdfs:subClassOf ex:pinstripes . ex:pinstripes rdfs:subClassOf ex:stripes .
                ex:straps a k:Attribute ; k:outputName "attr:straps" .
                ex:laces a k:Attribute ; k:outputName "attr:laces" .
                ex:stripes a k:Attribute ; k:outputName "attr:stripes" .
                """;
        List<ConstraintSpec> specs = derive(all, scored + furniture + kinds);

        assertEquals(List.of(List.of("class:sandal", "class:shirt"), List.of("class:shirt", "class:sneaker")),
                bindings(specs, "mutually-exclusive"));
        assertEquals(List.of(List.of("class:sandal", "attr:straps"), List.of("class:shirt", "attr:stripes"),
                List.of("class:sneaker", "attr:laces")), bindings(specs, "class-implies-attribute"));
        assertEquals(List.of(List.of("class:sandal", "attr:laces"), List.of("class:sandal", "attr:stripes"),
                List.of("class:shirt", "attr:laces"), List.of("class:shirt", "attr:straps")), bindings(specs, "class-excludes-attribute"));
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(dir.resolve("shop.ttl"));
        List<Object> facts = ClassFacts.extract(kb);
        assertTrue(facts.stream().noneMatch(f -> f.toString().contains("Chair")), "no fact about a kind of furniture");
        assertTrue(facts.stream().anyMatch(f -> f.toString().contains("HighTop")), "Sneaker's subclass is kept");
        assertEquals(specs.stream().map(ConstraintSpec::toString).toList(),
                derive(all, scored).stream().map(ConstraintSpec::toString).toList());
    }

    @Test
    void theBookListsTheRulesOfEachPack() {
        assertEquals(List.of("subclass chain through an unscored class", "subclass implies superclass"),
                all.rulesByFile().get(TAXONOMY));
        assertEquals(List.of("a class may show the kinds of an attribute it shows unspecified", "a kind of a kind is a kind",
                "a kind of an attribute implies the attribute", "a scored attribute of a class is observable",
                "absent attributes pass down to subclasses", "absent attributes pass down to their kinds",
                "an attribute is a kind of what it is a subclass of", "an attribute profile identifies its class",
                "attributes pass down to subclasses", "attributes pass up to the broader attributes they are kinds of",
                "class implies its attributes", "class lacks the attributes it is not described with",
                "class lacks the attributes it is stated to lack", "class shows an attribute to a degree",
                "no class both has and lacks an attribute", "the kinds of an attribute a class may show, it may show"),
                all.rulesByFile().get(ATTRIBUTES));
        assertEquals(List.of(TAXONOMY, DISJOINTNESS, ATTRIBUTES), List.copyOf(all.rulesByFile().keySet()));
    }

    private List<ConstraintSpec> derive(RuleBook book, String turtle) throws IOException {
        Path file = dir.resolve("shop.ttl");
        Files.writeString(file, turtle);
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(file);
        return book.derive(ClassFacts.extract(kb));
    }

    private static List<List<String>> bindings(List<ConstraintSpec> specs, String kind) {
        return specs.stream().filter(s -> s.kind().equals(kind)).map(ConstraintSpec::bindings).toList();
    }
}
