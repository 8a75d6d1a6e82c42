package dev.kenning.kg;

import dev.kenning.core.knowledge.ValidationReport;
import dev.kenning.core.knowledge.Violation;
import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kenning vocabulary is documented term by term, and its shapes catch what rules would trip on. */
class VocabularyTest {

    static final Path VOCABULARY = Path.of("ontology/kenning.ttl");
    static final Path PHYSICS = Path.of("ontology/physics.ttl");
    static final Path SHAPES = Path.of("shapes/kenning-shapes.ttl");

    @TempDir
    Path dir;

    @Test
    void everyTermHasOneLabelAndOneCommentEvenAlongsideThePhysicsOntology() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(VOCABULARY);
        kb.load(PHYSICS);

        List<Map<String, String>> terms = kb.select("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX owl: <http://www.w3.org/2002/07/owl#>
                SELECT ?term (COUNT(DISTINCT ?c) AS ?comments) (COUNT(DISTINCT ?l) AS ?labels) WHERE {
                  ?term a ?kind .
                  FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty))
                  FILTER(STRSTARTS(STR(?term), "https://kenning.dev/ns#"))
                  OPTIONAL { ?term rdfs:comment ?c } OPTIONAL { ?term rdfs:label ?l }
                } GROUP BY ?term ORDER BY ?term""");

        assertTrue(terms.size() >= 20, "laws, outputs, attributes and tasks: " + terms);
        for (Map<String, String> term : terms) {
            // Two comments would mean two files describe one term, and will drift apart.
            assertEquals("1", term.get("comments"), term.toString());
            assertEquals("1", term.get("labels"), term.toString());
        }
        for (String needed : List.of("Law", "Parameter", "Observation", "outputName", "Attribute", "hasAttribute",
                "Task", "predicts", "labelsPerClass")) {
            assertTrue(terms.stream().anyMatch(t -> t.get("term").equals(KnowledgeBase.NS + needed)), needed);
        }
    }

    @Test
    void theShippedKnowledgeConformsToTheShapes() {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        for (Path file : List.of(VOCABULARY, PHYSICS, Path.of("../experiments/free-fall-scene.ttl"),
                Path.of("ontology/fashion-attributes.ttl"))) {
            kb.load(file);
        }

        ValidationReport report = kb.validate(SHAPES);

        assertTrue(report.conforms(), report.violations().toString());
    }

    @Test
    void aViolationNamesFocusNodePathAndMessage() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(VOCABULARY);
        kb.load(write("shoes.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/shoes#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                ex:heel a k:Attribute ; rdfs:label "heel" ; k:outputName "heel" .
                ex:Sandal k:hasAttribute ex:heel ; k:outputName "class:sandal" .
                ex:ball a k:Observation ; k:modelOutput "height" , "position" .
                """));

        ValidationReport report = kb.validate(SHAPES);

        assertFalse(report.conforms());
        assertEquals(List.of(
                new Violation("ex:ball", "k:modelOutput",
                        "an observation binds exactly one k:modelOutput string", "Violation", ""),
                new Violation("ex:heel", "k:outputName",
                        "an attribute's k:outputName is one string starting with \"attr:\"", "Violation", "\"heel\"")),
                report.violations());
    }

    /** A scene's own property read as k:frameRate is checked as k:frameRate is; its own law class as k:Law is. */
    @Test
    void aSceneInItsOwnTermsIsCheckedAsKenningsWouldBe() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(VOCABULARY);
        kb.load(PHYSICS);
        kb.load(write("lab.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/lab#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                ex:Throw rdfs:subClassOf k:Observation .
                ex:fps rdfs:subPropertyOf ex:rate . ex:rate rdfs:subPropertyOf k:frameRate .
                ex:floor owl:equivalentProperty k:minSpread .
                ex:ruledBy rdfs:subPropertyOf k:governedBy .
                ex:Drop owl:equivalentClass k:FreeFall . ex:drop a ex:Drop .
                ex:ball a ex:Throw ; k:modelOutput "height" ; ex:fps 0.0 ; ex:floor 0.2 ; ex:ruledBy ex:drop .
                ex:pillow a ex:Throw ; k:modelOutput "height" ; ex:fps 30.0 ; ex:floor "none" ; k:governedBy ex:pillow .
                """));

        ValidationReport report = kb.validate(SHAPES);

        // a law of a class equivalent to k:FreeFall is a law; the pillow is not
        assertEquals(List.of("ex:ball ex:fps \"0.0\"", "ex:pillow ex:floor \"none\"", "ex:pillow k:governedBy ex:pillow"),
                report.violations().stream()
                .map(v -> v.focusNode() + " " + v.path() + " " + v.value()).toList());
        assertTrue(report.violations().get(0).message().startsWith("read as k:frameRate: one number above 0"),
                report.violations().get(0).message());
    }

    @Test
    void aClassDisjointWithItsOwnSuperclassIsReported() throws IOException {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        kb.load(write("bad-taxonomy.ttl", """
                @prefix ex: <https://example.org/> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                ex:Sandal rdfs:subClassOf ex:Shoe ; owl:disjointWith ex:Shoe .
                """));

        ValidationReport report = kb.validate(SHAPES);

        assertEquals(1, report.violations().size(), report.violations().toString());
        Violation v = report.violations().get(0);
        assertEquals("ex:Sandal", v.focusNode());
        assertEquals("owl:disjointWith", v.path());
        assertTrue(v.message().contains("disjoint with one of its own superclasses"), v.message());
    }

    @Test
    void malformedShapesNameFileLineAndColumn() throws IOException {
        Path bad = write("shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ;\n"
                + "    sh:targetClass ] .\n");

        InputError e = assertThrows(InputError.class, () -> KnowledgeBase.inMemory().validate(bad));

        assertEquals(bad + ":3:20", e.where(), e.getMessage());
    }

    @Test
    void theJarCarriesTheVocabularyAndShapes() throws IOException {
        for (String resource : List.of("/kenning/ontology/kenning.ttl", "/kenning/shapes/kenning-shapes.ttl")) {
            try (var in = KnowledgeBase.class.getResourceAsStream(resource)) {
                assertTrue(in != null, resource + " missing from the classpath");
            }
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
