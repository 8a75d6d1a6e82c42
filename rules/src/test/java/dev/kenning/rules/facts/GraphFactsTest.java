package dev.kenning.rules.facts;

import dev.kenning.core.InputError;
import dev.kenning.core.Quantity;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphFactsTest {

    static final Path ONTOLOGY = Path.of("../kg/ontology/physics.ttl");
    static final Path SCENE = Path.of("../experiments/free-fall-scene.ttl");

    /** The prefixes of the scenes below written in a vocabulary of their own, ex: for it. */
    static final String LAB = """
            @prefix k: <https://kenning.dev/ns#> .
            @prefix ex: <http://example.org/lab#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheSceneObservationAndTheEarthLaw() {
        List<Object> facts = GraphFacts.extract(loaded(ONTOLOGY, SCENE));

        // One observation, then every law of the ontology (ordered by IRI).
        assertEquals(1, facts.stream().filter(Observation.class::isInstance).count(), facts.toString());
        Observation obs = (Observation) facts.get(0);
        assertEquals("https://kenning.dev/experiments/free-fall#thrownObject", obs.getIri());
        assertEquals("https://kenning.dev/ns#EarthFreeFall", obs.getLawIri());
        assertEquals("height", obs.getModelOutput());
        assertEquals(15.0, obs.getFrameRate());
        assertEquals(0.0, obs.getRangeMin());
        assertEquals(3.0, obs.getRangeMax());
        assertNull(obs.getMinSpread());
        assertTrue(obs.triples().contains(new SourceTriple("ex:thrownObject", "k:governedBy", "k:EarthFreeFall")),
                obs.triples().toString());
        assertTrue(obs.triples().contains(new SourceTriple("ex:thrownObject", "k:modelOutput", "\"height\"")));

        Law law = facts.stream().filter(Law.class::isInstance).map(Law.class::cast)
                .filter(l -> l.getIri().endsWith("#EarthFreeFall")).findFirst().orElseThrow();
        assertEquals("FreeFall", law.getType());
        assertEquals(Quantity.of(9.81, "m/s^2"), law.param("g"));
        assertNull(law.param("c"));
        assertTrue(law.triples().contains(new SourceTriple("k:EarthFreeFall_g", "k:value", "9.81")),
                law.triples().toString());
    }

    /** The data's frame rate fills in a scene that states none, with the statement in the provenance; a stated one stays. */
    @Test
    void aSceneWithoutAFrameRateTakesTheDatasAndAStatedOneStays() throws IOException {
        Path scene = dir.resolve("scene.ttl");
        Files.writeString(scene, """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://kenning.dev/test#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                ex:walker a k:Observation ; k:governedBy k:UniformMotion ; k:modelOutput "position" .
                ex:ball a k:Observation ; k:governedBy k:EarthFreeFall ; k:modelOutput "height" ; k:frameRate "15.0"^^xsd:double .
                """);
        List<Observation> filled = GraphFacts.extract(loaded(ONTOLOGY, scene), 29.97).stream()
                .filter(Observation.class::isInstance).map(Observation.class::cast).toList();
        Observation walker = filled.stream().filter(o -> o.getIri().endsWith("#walker")).findFirst().orElseThrow();
        Observation ball = filled.stream().filter(o -> o.getIri().endsWith("#ball")).findFirst().orElseThrow();
        assertEquals(29.97, walker.getFrameRate());
        assertTrue(walker.triples().contains(new SourceTriple("ex:walker", "k:frameRate", "29.97")), walker.triples().toString());
        assertEquals(15.0, ball.getFrameRate());
        assertEquals(1, ball.triples().stream().filter(t -> t.predicate().equals("k:frameRate")).count(), ball.triples().toString());

        Observation alone = GraphFacts.extract(loaded(ONTOLOGY, scene)).stream().filter(Observation.class::isInstance)
                .map(Observation.class::cast).filter(o -> o.getIri().endsWith("#walker")).findFirst().orElseThrow();
        assertNull(alone.getFrameRate());
        assertThrows(IllegalArgumentException.class, () -> GraphFacts.extract(loaded(ONTOLOGY, scene), 0.0));
    }

    @Test
    void theMostSpecificClassNamesTheLawEvenWhenItsSuperclassIsStated() throws IOException {
        Path both = write("both.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                k:Drop a k:Law , k:FreeFall .
                """);

        List<Object> facts = GraphFacts.extract(loaded(ONTOLOGY, both));

        assertTrue(facts.stream().anyMatch(f -> f instanceof Law l
                && l.getIri().endsWith("#Drop") && l.getType().equals("FreeFall")), facts.toString());
        assertTrue(facts.stream().noneMatch(f -> f instanceof Law l
                && l.getIri().endsWith("#Drop") && l.getType().equals("Law")), facts.toString());
    }

    @Test
    void aFrameRateThatIsNotANumberNamesTheStatement() throws IOException {
        Path scene = write("scene.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/> .
                ex:ball a k:Observation ; k:governedBy k:EarthFreeFall ;
                    k:modelOutput "height" ; k:frameRate "fast" .
                """);

        InputError e = assertThrows(InputError.class, () -> GraphFacts.extract(loaded(ONTOLOGY, scene)));

        assertEquals("ex:ball k:frameRate", e.where());
        assertTrue(e.getMessage().contains("\"fast\""), e.getMessage());
    }

    /**
     * A scene in its own vocabulary: its observation a subclass of k:Observation, its properties
     * declared below or equivalent to Kenning's. Read as if it used Kenning's, citing its own
     * statements; a value stated in both (as after RDFS inference) is one value.
     */
    @Test
    void aSceneInItsOwnVocabularyIsReadThroughItsSubclassesAndSubproperties() throws IOException {
        Path scene = write("lab.ttl", LAB + """
                ex:Throw rdfs:subClassOf ex:Event . ex:Event rdfs:subClassOf k:Observation .
                ex:fps rdfs:subPropertyOf ex:rate . ex:rate rdfs:subPropertyOf k:frameRate .
                ex:ruledBy owl:equivalentProperty k:governedBy .
                k:modelOutput owl:equivalentProperty ex:predicts .
                ex:pillow a ex:Throw ; ex:ruledBy k:EarthFreeFall ; ex:predicts "height" ;
                    ex:fps "30"^^xsd:double ; k:frameRate "30.0"^^xsd:double ; k:rangeMax "3"^^xsd:double .
                """);

        Observation pillow = GraphFacts.extract(loaded(ONTOLOGY, scene)).stream().filter(Observation.class::isInstance)
                .map(Observation.class::cast).findFirst().orElseThrow();

        assertEquals("http://example.org/lab#pillow", pillow.getIri());
        assertEquals("https://kenning.dev/ns#EarthFreeFall", pillow.getLawIri());
        assertEquals("height", pillow.getModelOutput());
        assertEquals(30.0, pillow.getFrameRate());
        assertEquals(3.0, pillow.getRangeMax());
        assertEquals(List.of(new SourceTriple("ex:pillow", "rdf:type", "ex:Throw"),
                new SourceTriple("ex:pillow", "ex:ruledBy", "k:EarthFreeFall"),
                new SourceTriple("ex:pillow", "ex:predicts", "\"height\""),
                new SourceTriple("ex:pillow", "ex:fps", "30.0"),
                new SourceTriple("ex:pillow", "k:rangeMax", "3.0")), pillow.triples());
    }

    /** A law of the ontology's own kind, below Kenning's, is also a law of Kenning's kind, which the packs' rules name. */
    @Test
    void aLawOfTheOntologysOwnKindIsAlsoOfTheKenningKindAboveIt() throws IOException {
        Path scene = write("lab.ttl", LAB + """
                ex:IndoorFall rdfs:subClassOf ex:LabFreeFall . ex:LabFreeFall rdfs:subClassOf k:FreeFall .
                ex:drop a ex:IndoorFall ; k:hasParameter [ k:symbol "g" ; k:value "9.80"^^xsd:double ; k:unit "m/s^2" ] .
                """);

        List<Law> drops = GraphFacts.extract(loaded(ONTOLOGY, scene)).stream().filter(Law.class::isInstance)
                .map(Law.class::cast).filter(l -> l.getIri().endsWith("#drop")).toList();

        assertEquals(List.of("IndoorFall", "FreeFall"), drops.stream().map(Law::getType).toList());
        Law asKennings = drops.get(1);
        assertEquals(Quantity.of(9.80, "m/s^2"), asKennings.param("g"));
        assertTrue(asKennings.triples().containsAll(List.of(new SourceTriple("ex:drop", "rdf:type", "ex:IndoorFall"),
                new SourceTriple("ex:IndoorFall", "rdfs:subClassOf", "ex:LabFreeFall"),
                new SourceTriple("ex:LabFreeFall", "rdfs:subClassOf", "k:FreeFall"))), asKennings.triples().toString());
    }

    /**
     * Classes stated equivalent to Kenning's, either way round (as Protégé writes a class's
     * equivalents): the observation is one, the law one of Kenning's kind, the equivalence cited.
     */
    @Test
    void classesEquivalentToKenningsAreReadAsThem() throws IOException {
        Path scene = write("lab.ttl", LAB + """
                ex:Sighting owl:equivalentClass k:Observation .
                k:FreeFall owl:equivalentClass ex:Drop . ex:Plunge rdfs:subClassOf ex:Drop .
                ex:drop a ex:Plunge ; k:hasParameter [ k:symbol "g" ; k:value "9.80"^^xsd:double ; k:unit "m/s^2" ] .
                ex:pillow a ex:Sighting ; k:governedBy ex:drop ; k:modelOutput "height" .
                """);

        List<Object> facts = GraphFacts.extract(loaded(ONTOLOGY, scene));

        Observation pillow = facts.stream().filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getIri().endsWith("#pillow")).findFirst().orElseThrow();
        assertEquals(new SourceTriple("ex:pillow", "rdf:type", "ex:Sighting"), pillow.triples().get(0));
        List<Law> drops = facts.stream().filter(Law.class::isInstance).map(Law.class::cast)
                .filter(l -> l.getIri().endsWith("#drop")).toList();
        assertEquals(List.of("Plunge", "FreeFall"), drops.stream().map(Law::getType).toList());
        assertTrue(drops.get(1).triples().containsAll(List.of(new SourceTriple("ex:Plunge", "rdfs:subClassOf", "ex:Drop"),
                new SourceTriple("k:FreeFall", "owl:equivalentClass", "ex:Drop"))), drops.get(1).triples().toString());
    }

    @Test
    void twoValuesInTwoVocabulariesAreNamedTogether() throws IOException {
        Path scene = write("lab.ttl", LAB + """
                ex:fps rdfs:subPropertyOf k:frameRate .
                ex:pillow a k:Observation ; k:governedBy k:EarthFreeFall ; k:modelOutput "height" ;
                    ex:fps "25"^^xsd:double ; k:frameRate "30"^^xsd:double .
                """);

        InputError e = assertThrows(InputError.class, () -> GraphFacts.extract(loaded(ONTOLOGY, scene)));

        assertEquals("ex:pillow k:frameRate", e.where());
        assertTrue(e.getMessage().contains("2 values") && e.getMessage().contains("ex:fps 25.0")
                && e.getMessage().contains("k:frameRate 30.0"), e.getMessage());
    }

    @Test
    void aMinimumSpreadThatIsNotAboveZeroNamesTheStatement() throws IOException {
        Path scene = write("scene.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                ex:ball a k:Observation ; k:governedBy k:EarthFreeFall ;
                    k:modelOutput "height" ; k:minSpread "-0.1"^^xsd:double .
                """);

        InputError e = assertThrows(InputError.class, () -> GraphFacts.extract(loaded(ONTOLOGY, scene)));

        assertEquals("ex:ball k:minSpread", e.where());
        assertTrue(e.getMessage().contains("above 0") && e.getMessage().contains("-0.1"), e.getMessage());
    }

    @Test
    void anObservationWithoutModelOutputIsAnError() throws IOException {
        Path scene = write("scene.ttl", """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://example.org/> .
                ex:ball a k:Observation ; k:governedBy k:EarthFreeFall .
                """);

        InputError e = assertThrows(InputError.class, () -> GraphFacts.extract(loaded(ONTOLOGY, scene)));

        assertEquals("ex:ball", e.where());
        assertTrue(e.getMessage().contains("k:modelOutput"), e.getMessage());
    }

    private Path write(String name, String turtle) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, turtle);
        return file;
    }

    static KnowledgeBase loaded(Path... files) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        for (Path file : files) {
            kb.load(file);
        }
        return kb;
    }
}
