package dev.kenning.kg;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OWL restrictions in the shapes Protégé writes become attribute statements, outputs and labels. */
class AttributeMappingTest {

    private static final String PREFIXES = """
            @prefix ex:   <http://example.org/shoes#> .
            @prefix owl:  <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;

    /** Every restriction shape the mapping reads, each once; none uses a Kenning term. */
    private static final String SHOES = PREFIXES + """
            ex:hasPart a owl:ObjectProperty .
            ex:hasStrap a owl:ObjectProperty ; rdfs:subPropertyOf ex:hasPart .
            ex:madeOf a owl:ObjectProperty .
            ex:Shoe a owl:Class .
            # of labels in several languages, the English one names the output ("Riemen" sorts first)
            ex:Strap a owl:Class ; rdfs:label "strap"@en , "Riemen"@de .
            ex:Laces a owl:Class .
            ex:Heel a owl:Class .
            ex:Buckle a owl:Class .
            ex:leather a owl:NamedIndividual .
            # ∃ under subClassOf, inherited by the subclasses
            ex:Shoe rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] .
            # ∃ on a sub-property, and ¬∃
            ex:Sandal rdfs:subClassOf ex:Shoe , [ a owl:Restriction ; owl:onProperty ex:hasStrap ; owl:someValuesFrom ex:Strap ] ,
                [ owl:complementOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Laces ] ] ;
                rdfs:label "Sandal"@en .
            # a defined class: ≡ Shoe ⊓ ∃hasPart.Laces ⊓ ≤0 hasPart.Buckle
            ex:Sneaker owl:equivalentClass [ owl:intersectionOf ( ex:Shoe
                [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Laces ]
                [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:maxQualifiedCardinality "0"^^xsd:nonNegativeInteger ; owl:onClass ex:Buckle ] ) ] ;
                rdfs:subClassOf ex:Shoe .
            # ≥1 qualified, ∀¬, and hasValue on a property not named as an attribute property
            ex:Pump rdfs:subClassOf ex:Shoe ,
                [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:minQualifiedCardinality "1"^^xsd:nonNegativeInteger ; owl:onClass ex:Heel ] ,
                [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:allValuesFrom [ owl:complementOf ex:Strap ] ] ,
                [ a owl:Restriction ; owl:onProperty ex:madeOf ; owl:hasValue ex:leather ] .
            """;

    @TempDir
    Path dir;

    private KnowledgeBase shoes() throws IOException {
        Path file = dir.resolve("shoes.ttl");
        Files.writeString(file, SHOES);
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(file);
        return kb;
    }

    private static Set<String> statements(KnowledgeBase kb, String property) {
        return kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?c ?a WHERE { ?c k:" + property + " ?a }").stream()
                .map(r -> local(r.get("c")) + " " + local(r.get("a"))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String local(String iri) {
        return iri.substring(iri.lastIndexOf('#') + 1);
    }

    @Test
    void everyRestrictionShapeBecomesAnAttributeStatement() throws IOException {
        try (KnowledgeBase kb = shoes()) {
            AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "spec.yaml:5", List.of(), "spec.yaml:5");

            assertEquals(Set.of("Shoe Sole", "Sandal Strap", "Sneaker Laces", "Pump Heel"), statements(kb, "hasAttribute"));
            assertEquals(Set.of("Sandal Laces", "Sneaker Buckle", "Pump Strap"), statements(kb, "lacksAttribute"));
        }
    }

    /**
     * A closure, the pizza tutorial's "only these toppings" (∀hasTopping.(Mozzarella ⊔ Tomato)):
     * the class lacks every other topping the ontology's restrictions name, except the kinds of
     * those it names (buffalo mozzarella) and what they are kinds of (cheese); it is no formula.
     */
    @Test
    void aClosureAxiomLacksEveryOtherAttribute() throws IOException {
        Path file = dir.resolve("pizza.ttl");
        Files.writeString(file, PREFIXES + """
                ex:hasTopping a owl:ObjectProperty .
                ex:Mozzarella rdfs:subClassOf ex:Cheese . ex:Buffalo rdfs:subClassOf ex:Mozzarella .
                ex:Parmesan rdfs:subClassOf ex:Cheese .
                ex:Margherita rdfs:subClassOf
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Mozzarella ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Tomato ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ;
                      owl:allValuesFrom [ a owl:Class ; owl:unionOf ( ex:Mozzarella ex:Tomato ) ] ] .
                ex:Romana rdfs:subClassOf
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Ham ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Parmesan ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Buffalo ] ,
                    [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:someValuesFrom ex:Cheese ] .
                ex:Vegan rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasTopping ; owl:allValuesFrom ex:Tomato ] .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            List<String> notes = AttributeMapping.fromOwl(kb, List.of("ex:hasTopping"), "spec.yaml:5", List.of(), "spec.yaml:5").notes();

            assertEquals(Set.of("Margherita Ham", "Margherita Parmesan", "Vegan Ham", "Vegan Parmesan", "Vegan Buffalo",
                    "Vegan Mozzarella", "Vegan Cheese"), statements(kb, "lacksAttribute"));
            assertTrue(notes.stream().noneMatch(n -> n.contains("∀")), notes.toString());
        }
    }

    /**
     * What attribute statements cannot say becomes a formula over the outputs: a disjunction of
     * attributes (a filler's union, or a union of restrictions), a negated conjunction, a union of
     * the model's classes; a member on another property is named, not read; a group's axiom is not
     * a class the model tells, and is left to the hierarchy.
     */
    @Test
    void disjunctionsAndNegatedConjunctionsBecomeFormulas() throws IOException {
        Path file = dir.resolve("formulas.ttl");
        Files.writeString(file, PREFIXES + """
                ex:hasPart a owl:ObjectProperty . ex:madeOf a owl:ObjectProperty .
                ex:Footwear owl:equivalentClass [ owl:unionOf ( ex:Sandal ex:Boot ex:Clog ) ] ;
                    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] .
                ex:Sandal rdfs:subClassOf ex:Footwear ,
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom [ owl:unionOf ( ex:Strap ex:Buckle ) ] ] .
                ex:Boot rdfs:subClassOf ex:Footwear , [ owl:intersectionOf (
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Shaft ]
                    [ owl:complementOf [ owl:intersectionOf (
                        [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Strap ]
                        [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Buckle ] ) ] ] ) ] .
                ex:Clog rdfs:subClassOf ex:Footwear , [ owl:unionOf (
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Strap ]
                    [ a owl:Restriction ; owl:onProperty ex:madeOf ; owl:someValuesFrom ex:Wood ] ) ] .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            AttributeMapping.Result result = AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "spec.yaml:5", List.of(),
                    "spec.yaml:5");

            List<String> formulas = kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?f WHERE { ?law k:formula ?f ."
                    + " ?obs k:governedBy ?law ; k:modelOutput ?o } ORDER BY ?f").stream().map(r -> r.get("f")).toList();
            assertEquals(List.of("class:boot => ~(attr:strap & attr:buckle)", "class:sandal => (attr:strap | attr:buckle)"),
                    formulas);
            // the attributes only a disjunction names are outputs, and a class so described may show them
            assertTrue(statements(kb, "mayHaveAttribute").containsAll(Set.of("Sandal Strap", "Sandal Buckle")),
                    statements(kb, "mayHaveAttribute").toString());
            assertTrue(result.notes().get(0).startsWith("2 OWL axiom(s) read as formulas"), result.notes().toString());
            assertEquals(List.of("not read as a formula: ex:Clog ⊑ (∃ex:hasPart.ex:Strap ⊔ ∃ex:madeOf.ex:Wood): a restriction on"
                    + " ex:madeOf, not one of knowledge.attribute_properties"), result.notes().subList(1, result.notes().size()));
        }
    }

    @Test
    void attributesAndTheMostSpecificClassesGetOutputsAndLabelsInNameOrder() throws IOException {
        try (KnowledgeBase kb = shoes()) {
            AttributeMapping.Result result = AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "spec.yaml:5", List.of(), "spec.yaml:5");

            Map<String, String> names = kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?t ?n WHERE { ?t k:outputName ?n }")
                    .stream().collect(Collectors.toMap(r -> local(r.get("t")), r -> r.get("n")));
            // Shoe has subclasses: a group, not a class output; the label wins over the local name
            assertEquals(Map.of("Sandal", "class:sandal", "Sneaker", "class:sneaker", "Pump", "class:pump",
                    "Sole", "attr:sole", "Strap", "attr:strap", "Laces", "attr:laces", "Heel", "attr:heel",
                    "Buckle", "attr:buckle"), names);
            assertEquals(List.of("Pump", "Sandal", "Sneaker"), result.labels().stream().map(AttributeMappingTest::local).toList());
            assertEquals(3, result.classes());
            assertEquals(5, result.attributes());
        }
    }

    /**
     * Protégé's defined classes ({@code ≡ Footwear ⊓ ∃hasPart.Straps}) and a union state no
     * rdfs:subClassOf: their superclasses are groups all the same, not labels.
     */
    @Test
    void aDefinedClassOrAUnionMemberIsBelowItsSuperclassWithoutASubclassStatement() throws IOException {
        Path file = dir.resolve("wardrobe.ttl");
        Files.writeString(file, PREFIXES + """
                ex:Footwear rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] .
                ex:Sandal owl:equivalentClass [ owl:intersectionOf ( ex:Footwear
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Straps ] ) ] .
                ex:Boot rdfs:subClassOf [ owl:intersectionOf ( ex:Footwear
                    [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Shaft ] ) ] .
                ex:Top owl:equivalentClass [ owl:unionOf ( ex:Shirt ex:Pullover ) ] ;
                    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sleeves ] .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            AttributeMapping.Result result = AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "spec.yaml:5", List.of(), "spec.yaml:5");

            // Shirt and Pullover are described through their union alone
            assertEquals(List.of("Boot", "Pullover", "Sandal", "Shirt"), result.labels().stream().map(AttributeMappingTest::local).toList());
        }
    }

    @Test
    void theSpecsLabelsOrderTheClassesByNameLabelOrOutput() throws IOException {
        try (KnowledgeBase kb = shoes()) {
            AttributeMapping.Result result = AttributeMapping.fromOwl(kb, List.of("<http://example.org/shoes#hasPart>"), "spec.yaml:5",
                    List.of("SNEAKER", "sandal", "class:pump"), "spec.yaml:5");

            assertEquals(List.of("Sneaker", "Sandal", "Pump"), result.labels().stream().map(AttributeMappingTest::local).toList());
            assertEquals("0", kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?i WHERE { <http://example.org/shoes#Sneaker> k:labelIndex ?i }")
                    .get(0).get("i"));
        }
    }

    /**
     * A class goes by its local name, its labels in any language, its SKOS labels and those of a
     * named class stated equivalent to it; the spec's labels may use any of them.
     */
    @Test
    void aClassGoesByItsLabelsInAnyLanguageAndByItsEquivalentsNames() throws IOException {
        Path synonyms = Files.writeString(dir.resolve("synonyms.ttl"), PREFIXES + """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                ex:Trainers owl:equivalentClass ex:Sneaker ; rdfs:label "trainers"@en-GB .
                ex:Plimsoll owl:equivalentClass ex:Trainers .
                ex:Pump skos:altLabel "court shoe"@en ; skos:prefLabel "Pumps"@de .
                ex:Shoe rdfs:label "Schuh"@de .
                """);
        try (KnowledgeBase kb = shoes()) {
            kb.load(synonyms);
            AttributeMapping.Result result = AttributeMapping.fromOwl(kb, List.of("<http://example.org/shoes#hasPart>"), "spec.yaml:5",
                    List.of("plimsoll", "Court Shoe", "sandal"), "spec.yaml:5");

            assertEquals(List.of("Sneaker", "Pump", "Sandal"), result.labels().stream().map(AttributeMappingTest::local).toList());
            Map<String, List<String>> names = ClassNames.ofOutputs(kb);
            assertEquals(List.of("Plimsoll", "Sneaker", "Trainers", "trainers"), names.get("class:sneaker"));
            assertEquals(List.of("Pump", "Pumps", "court shoe"), names.get("class:pump"));
            assertEquals(List.of("Sandal"), names.get("class:sandal"));
            assertEquals(List.of(), ClassNames.scoredApart(kb), "Trainers is only another name of Sneaker");
            assertEquals(List.of(), ClassNames.deprecatedScored(kb));
            // Shoe is above them all (Pump, defined as an intersection with it, too) and scored itself by none
            List<String> below = List.of("class:pump", "class:sandal", "class:sneaker");
            assertEquals(Map.of("Shoe", below, "Schuh", below), ClassNames.aboveOutputs(kb));
            assertEquals(0, SkosConcepts.importInto(kb).concepts(), "SKOS labels on classes are names, not concepts");
        }
        // a SKOS concept scheme is read as a class hierarchy: concepts as classes, broader as subclass, the
        // concepts under one broader concept stated disjoint; a concept that is a class already stays as it is
        Path scheme = Files.writeString(dir.resolve("scheme.ttl"), PREFIXES + """
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                ex:footwear a skos:Concept ; skos:prefLabel "footwear"@en .
                ex:clog a skos:Concept, owl:Class ; skos:broader ex:footwear ; skos:prefLabel "Clog"@en .
                ex:mule a skos:Concept ; skos:prefLabel "Mule"@en . ex:footwear skos:narrower ex:mule .
                ex:boot a skos:Concept ; skos:broader ex:footwear .
                ex:hybrid a skos:Concept ; skos:broader ex:clog, ex:mule .
                ex:Sandal a skos:Concept .
                """);
        try (KnowledgeBase kb = shoes()) {
            kb.load(scheme);
            SkosConcepts.Read read = SkosConcepts.importInto(kb);
            assertEquals(5, read.concepts(), "clog, typed owl:Class as published vocabularies pun them, is read too");
            assertEquals(5, read.links(), "clog, mule and boot under footwear (broader and narrower alike), the hybrid under two");
            assertEquals(0, read.disjointGroups(), "clog and mule share the hybrid: boot is stated disjoint from each instead");
            assertTrue(read.note().startsWith("5 SKOS concept(s) read as classes"), read.note());
            assertTrue(read.note().contains("1 pair(s) of them left not disjoint, as they share a narrower concept: clog and mule"),
                    read.note());
            assertTrue(kb.ask("PREFIX ex: <http://example.org/shoes#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
                    + " ASK { ex:clog rdfs:subClassOf ex:footwear ; rdfs:label \"Clog\"@en . ex:mule rdfs:subClassOf ex:footwear }"));
            assertFalse(kb.ask("ASK { " + Disjointness.stated("<http://example.org/shoes#clog>", "<http://example.org/shoes#mule>") + " }"),
                    "a hybrid is both a clog and a mule");
            assertTrue(kb.ask("ASK { " + Disjointness.stated("<http://example.org/shoes#boot>", "<http://example.org/shoes#clog>") + " }"));
            assertTrue(kb.ask("ASK { " + Disjointness.stated("<http://example.org/shoes#mule>", "<http://example.org/shoes#boot>") + " }"));
            // read again after the store inferred from the first reading (a store reads them after each import): the same
            kb.infer(Entailment.RDFS);
            assertEquals(5, SkosConcepts.importInto(kb).links(), "what inference derived from the concepts is no statement of the user's");
            assertFalse(kb.ask("ASK { " + Disjointness.stated("<http://example.org/shoes#hybrid>", "?other") + " }"));
        }
        // described on its own, an equivalent class becomes an output of its own: said, not merged
        Path described = Files.writeString(dir.resolve("described.ttl"), PREFIXES + """
                ex:Trainers owl:equivalentClass ex:Sneaker ;
                    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Heel ] .
                """);
        try (KnowledgeBase kb = shoes()) {
            kb.load(described);
            AttributeMapping.fromOwl(kb, List.of("<http://example.org/shoes#hasPart>"), "spec.yaml:5", List.of(), "spec.yaml:5");
            List<String> apart = ClassNames.scoredApart(kb);
            assertEquals(1, apart.size(), apart.toString());
            assertTrue(apart.get(0).startsWith("<http://example.org/shoes#Trainers> owl:equivalentClass <http://example.org/shoes#Sneaker>,"
                    + " yet each is described on its own and scored as a class of its own (class:trainers, class:sneaker)"), apart.get(0));
        }
    }

    /**
     * An OBO ontology's relations lie outside the namespace its prefixes bind
     * ({@code http://purl.obolibrary.org/obo/shoes#has_part}): a bare name is refused with the full
     * IRI to write; written so, the relations are read as attributes.
     */
    @Test
    void anOboRelationIsNamedByItsFullIriAndABareNameSaysWhichOne() throws IOException {
        Path obo = Files.writeString(dir.resolve("shoes.obo"), """
                format-version: 1.2
                ontology: shoes

                [Term]
                id: SHOE:0000002
                name: sandal
                relationship: has_part SHOE:0000010 ! straps

                [Term]
                id: SHOE:0000003
                name: boot
                relationship: has_part SHOE:0000011 ! shaft

                [Term]
                id: SHOE:0000010
                name: straps

                [Term]
                id: SHOE:0000011
                name: shaft

                [Typedef]
                id: has_part
                name: has part
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(obo);
            InputError e = assertThrows(InputError.class, () -> AttributeMapping.fromOwl(kb, List.of("has_part"), "spec.yaml:6",
                    List.of(), "spec.yaml:7"));
            assertEquals("spec.yaml:6: 'has_part' is neither a full IRI nor a prefixed name the ontologies bind; the ontologies"
                    + " name '<http://purl.obolibrary.org/obo/shoes#has_part>' (a full IRI; quote it in YAML:"
                    + " \"<http://purl.obolibrary.org/obo/shoes#has_part>\")", e.getMessage().split(" \\(their prefixes")[0]);
            AttributeMapping.fromOwl(kb, List.of("<http://purl.obolibrary.org/obo/shoes#has_part>"), "spec.yaml:6", List.of(), "spec.yaml:7");
            assertEquals(Set.of("SHOE_0000002 SHOE_0000010", "SHOE_0000003 SHOE_0000011"),
                    statements(kb, "hasAttribute").stream().map(l -> l.replace("http://purl.obolibrary.org/obo/", "")).collect(Collectors.toSet()));
        }
    }

    @Test
    void mistakesAreOneMessageAtTheSpecLineAndAddNothing() throws IOException {
        try (KnowledgeBase kb = shoes()) {
            long before = kb.size();
            InputError unused = assertThrows(InputError.class,
                    () -> AttributeMapping.fromOwl(kb, List.of("ex:madeFrom"), "spec.yaml:5", List.of(), "spec.yaml:5"));
            assertTrue(unused.getMessage().startsWith("spec.yaml:5: no OWL restriction in the ontologies is on"
                    + " <http://example.org/shoes#madeFrom>"), unused.getMessage());
            assertTrue(unused.getMessage().contains("<http://example.org/shoes#hasPart>"), unused.getMessage());

            InputError prefix = assertThrows(InputError.class,
                    () -> AttributeMapping.fromOwl(kb, List.of("shoe:hasPart"), "spec.yaml:5", List.of(), "spec.yaml:5"));
            assertTrue(prefix.getMessage().contains("'shoe:hasPart' is neither a full IRI nor a prefixed name"), prefix.getMessage());
            assertTrue(prefix.getMessage().contains("ex:"), prefix.getMessage());
            InputError bare = assertThrows(InputError.class,
                    () -> AttributeMapping.fromOwl(kb, List.of("hasPart"), "spec.yaml:5", List.of("sandal"), "spec.yaml:6"));
            assertTrue(bare.getMessage().startsWith("spec.yaml:5: 'hasPart' is neither"), bare.getMessage());
            assertTrue(bare.getMessage().contains("the ontologies name 'ex:hasPart'"), bare.getMessage());

            InputError label = assertThrows(InputError.class,
                    () -> AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "spec.yaml:5", List.of("sandal", "boot"), "spec.yaml:6"));
            assertEquals("spec.yaml:6: 'boot' names none of the classes the attribute knowledge describes: [pump, sandal, sneaker]",
                    label.getMessage());
            assertEquals(before, kb.size(), "a failed mapping adds nothing");
        }
    }

    @Test
    void twoTermsThatWouldShareAnOutputNameAreRefused() throws IOException {
        Path file = dir.resolve("clash.ttl");
        Files.writeString(file, PREFIXES + """
                ex:Boot rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Heel ] .
                ex:boot rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:hasPart ; owl:someValuesFrom ex:Sole ] .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            InputError e = assertThrows(InputError.class, () -> AttributeMapping.fromOwl(kb, List.of("ex:hasPart"), "s:1", List.of(), "s:1"));
            assertTrue(e.getMessage().contains("would both be scored as 'class:boot'"), e.getMessage());
        }
    }

    /** A class without a label, its local name percent-encoded, goes by the decoded name, as a folder calls it. */
    @Test
    void aPercentEncodedLocalNameIsReadDecoded() {
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.importModel(org.apache.jena.rdf.model.ModelFactory.createDefaultModel().add(
                    org.apache.jena.rdf.model.ResourceFactory.createResource("https://example.org/w#Sand%C3%A4lchen"),
                    org.apache.jena.vocabulary.RDF.type, org.apache.jena.vocabulary.OWL.Class), "urn:test");
            assertEquals(List.of("Sandälchen"), ClassNames.of(kb, "https://example.org/w#Sand%C3%A4lchen"));
        }
        assertEquals(List.of("100%", "a%2", "%FF%FE"), List.of("urn:x:100%", "urn:x:a%2", "urn:x:%FF%FE").stream()
                .map(ClassNames::localName).toList(), "no UTF-8 escapes: kept as written");
    }

    /** A hierarchy written in a sub-property of rdfs:subClassOf (Wikidata's P279) is read as one, its terms as classes. */
    @Test
    void aSubPropertyOfSubClassOfIsReadAsIt() throws IOException {
        Path file = Files.writeString(dir.resolve("wd.ttl"), """
                @prefix wd: <http://www.wikidata.org/entity/> .
                @prefix wdt: <http://www.wikidata.org/prop/direct/> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                wdt:P279 rdfs:subPropertyOf rdfs:subClassOf .
                wd:Q1094427 rdfs:label "sandal"@en ; wdt:P279 wd:Q22809413 .
                wd:Q22809413 rdfs:label "footwear"@en ; wdt:P279 wd:Q11460 .
                wd:Q11460 rdfs:label "clothing"@en .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            assertEquals("2 statement(s) of <http://www.wikidata.org/prop/direct/P279> read as rdfs:subClassOf, the ontology"
                    + " declaring it a sub-property of it (their subjects and objects as classes)", SubclassProperties.importInto(kb));
            assertTrue(kb.ask("PREFIX wd: <http://www.wikidata.org/entity/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
                    + " PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK { wd:Q1094427 rdfs:subClassOf wd:Q22809413 ."
                    + " wd:Q22809413 rdfs:subClassOf wd:Q11460 . wd:Q11460 a owl:Class }"));
            assertEquals(2, kb.select("SELECT * WHERE { GRAPH <" + SubclassProperties.GRAPH + "> { ?a <"
                    + "http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b } }").size(), "read again: replaced, not added");
            SubclassProperties.importInto(kb);
            assertEquals(2, kb.select("SELECT * WHERE { GRAPH <" + SubclassProperties.GRAPH + "> { ?a <"
                    + "http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b } }").size());
        }
        try (KnowledgeBase kb = shoes()) {
            assertNull(SubclassProperties.importInto(kb), "no such property: nothing read, nothing said");
        }
    }

    /** A scored class the ontology marks deprecated is said, with the class it names instead. */
    @Test
    void aDeprecatedScoredClassIsSaid() {
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            var m = org.apache.jena.rdf.model.ModelFactory.createDefaultModel();
            var boot = m.createResource("https://example.org/s#Boot");
            m.add(boot, m.createProperty(KnowledgeBase.NS + "outputName"), "class:boot");
            m.addLiteral(boot, org.apache.jena.vocabulary.OWL2.deprecated, true);
            m.add(boot, m.createProperty("http://purl.org/dc/terms/isReplacedBy"), m.createResource("https://example.org/s#AnkleBoot"));
            m.add(m.createResource("https://example.org/s#Sandal"), m.createProperty(KnowledgeBase.NS + "outputName"), "class:sandal");
            kb.importModel(m, "urn:test");
            assertEquals(List.of("class:boot is <https://example.org/s#Boot>, which the ontology marks owl:deprecated (a term no"
                    + " longer to be used); it names <https://example.org/s#AnkleBoot> instead: it is scored all the same, so"
                    + " check that this label is the class you mean"), ClassNames.deprecatedScored(kb));
        }
    }

    /**
     * Output names are made by the rules the rest of Kenning names classes by: a percent-encoded
     * local name decoded (so a folder 'Sandälchen' is the class's own output), a decomposed label composed.
     */
    @Test
    void outputNamesDecodePercentEncodingAndComposeLabels() throws IOException {
        Path file = dir.resolve("encoded.ttl");
        Files.writeString(file, """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <https://example.org/x#Sand%C3%A4lchen> k:hasAttribute <https://example.org/x#Fu%C3%9Fbett> .
                <https://example.org/x#Coat> rdfs:label "U\u0308berzieher" ; k:lacksAttribute <https://example.org/x#Fu%C3%9Fbett> .
                """);
        try (KnowledgeBase kb = KnowledgeBase.inMemory()) {
            kb.load(file);
            AttributeMapping.nameOutputs(kb, List.of(), "spec.yaml:3");

            Map<String, String> names = kb.select("PREFIX k: <" + KnowledgeBase.NS + "> SELECT ?t ?n WHERE { ?t k:outputName ?n }")
                    .stream().collect(Collectors.toMap(r -> local(r.get("t")), r -> r.get("n")));
            assertEquals(Map.of("Sand%C3%A4lchen", "class:sandälchen", "Fu%C3%9Fbett", "attr:fußbett",
                    "Coat", "class:\u00fcberzieher"), names);
        }
    }
}
