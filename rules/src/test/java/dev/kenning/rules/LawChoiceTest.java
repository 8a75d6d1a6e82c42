package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.facts.GraphFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph picks the law; new laws come from Turtle and DRL, not Java. */
class LawChoiceTest {
    static final Path ONTOLOGY = Path.of("../kg/ontology/physics.ttl");
    static final Path PHYSICS = Path.of("packs/physics.drl");
    static final String PREFIXES = """
            @prefix k: <https://kenning.dev/ns#> .
            @prefix ex: <https://kenning.dev/test#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;

    /** The constraints {@code drl} derives from {@code ttl}, the footage filmed at 15 fps where a scene states no frame rate. */
    private static List<ConstraintSpec> derive(List<Path> drl, Path... ttl) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        for (Path p : ttl) {
            kb.load(p);
        }
        return RuleBook.compile(drl).derive(GraphFacts.extract(kb, 15.0));
    }

    private static ConstraintSpec only(List<ConstraintSpec> cs, String kind) {
        List<ConstraintSpec> found = cs.stream().filter(c -> c.kind().equals(kind)).toList();
        assertEquals(1, found.size(), kind + " in " + cs);
        return found.get(0);
    }

    @Test
    void walkingSceneGetsConstantVelocityAndSpread() {
        List<ConstraintSpec> cs = derive(List.of(PHYSICS), ONTOLOGY, Path.of("../experiments/walking-scene.ttl"));
        ConstraintSpec law = only(cs, "constant-velocity");
        assertEquals(List.of("position"), law.bindings());
        assertEquals(1 / 15.0, law.param("dt"), 1e-12);
        assertEquals(List.of("position"), only(cs, "spread").bindings());
        assertTrue(cs.stream().noneMatch(c -> c.kind().equals("free-fall")), cs.toString());
    }

    @Test
    void theFootagePackReplacesTheHingesWithThePapersPooledSpreadAndWorstRange() {
        List<ConstraintSpec> cs = derive(List.of(PHYSICS, Path.of("packs/footage.drl")), ONTOLOGY,
                Path.of("../experiments/footage-walking-scene.ttl"));
        assertEquals(List.of("constant-velocity", "pooled-spread", "range-max"), cs.stream().map(ConstraintSpec::kind).sorted().toList());
        assertEquals(0.6, only(cs, "pooled-spread").weight(), 0);
        assertEquals(0.8, only(cs, "range-max").weight(), 0);
        assertEquals(1.0, only(cs, "range-max").param("max"), 0);
        // without a range there is no bound for the reward: the pack leaves physics.drl's hinge alone
        List<ConstraintSpec> unbounded = derive(List.of(PHYSICS, Path.of("packs/footage.drl")), ONTOLOGY,
                Path.of("../experiments/walking-scene.ttl"));
        assertEquals(List.of("constant-velocity", "spread"), unbounded.stream().map(ConstraintSpec::kind).sorted().toList());
    }

    @Test
    void pendulumSceneGetsHarmonicMotionWithOmegaFromTheGraph() {
        List<ConstraintSpec> cs = derive(List.of(PHYSICS), ONTOLOGY, Path.of("../experiments/pendulum-scene.ttl"));
        ConstraintSpec law = only(cs, "harmonic");
        assertEquals(Math.sqrt(9.81 / 0.5), law.param("omega"), 1e-9);
        assertEquals("rad/s", law.params().get("omega").unit());
        assertEquals(List.of("angle"), law.bindings());
    }

    @Test
    void aNewLawOfAnExistingFamilyNeedsOnlyTurtle(@TempDir Path dir) throws Exception {
        Path ttl = dir.resolve("long-pendulum.ttl");
        Files.writeString(ttl, PREFIXES + """
                k:TwoMetrePendulum a k:HarmonicMotion ; k:hasParameter k:TwoMetrePendulum_omega .
                k:TwoMetrePendulum_omega a k:Parameter ; k:symbol "omega" ; k:value "2.2147"^^xsd:double ; k:unit "rad/s" .
                ex:bob a k:Observation ; k:governedBy k:TwoMetrePendulum ; k:modelOutput "angle" ; k:frameRate "30.0"^^xsd:double .
                """);
        ConstraintSpec law = only(derive(List.of(PHYSICS), ONTOLOGY, ttl), "harmonic");
        assertEquals(2.2147, law.param("omega"), 1e-12);
        assertEquals(1 / 30.0, law.param("dt"), 1e-12);
    }

    @Test
    void aNewKindOfLawNeedsOnlyTurtleAndDrl(@TempDir Path dir) throws Exception {
        Path ttl = dir.resolve("conveyor.ttl");
        Files.writeString(ttl, PREFIXES + """
                k:ConveyorBelt a rdfs:Class ; rdfs:subClassOf k:Law ;
                    rdfs:comment "Parcels on a belt move at the belt's steady speed." .
                k:Belt7 a k:ConveyorBelt .
                ex:parcel a k:Observation ; k:governedBy k:Belt7 ; k:modelOutput "x" ; k:frameRate "10.0"^^xsd:double .
                """);
        Path drl = dir.resolve("conveyor.drl");
        Files.writeString(drl, """
                package kenning.test
                import dev.kenning.core.ConstraintSpec
                import dev.kenning.rules.facts.Observation
                import dev.kenning.rules.facts.Law
                rule "parcels on a belt move at constant velocity"
                when
                    $o : Observation( $law : lawIri, frameRate != null )
                    $l : Law( iri == $law, type == "ConveyorBelt" )
                then
                    insert(ConstraintSpec.builder("constant-velocity").bind($o.getModelOutput())
                        .param("dt", 1.0 / $o.getFrameRate(), "s").weight(2.0)
                        .rule(drools.getRule().getName()).because($o.getTriples()).because($l.getTriples()).build());
                end
                """);
        List<ConstraintSpec> cs = derive(List.of(PHYSICS, drl), ONTOLOGY, ttl);
        ConstraintSpec law = only(cs, "constant-velocity");
        assertEquals("parcels on a belt move at constant velocity", law.provenance().rule());
        assertEquals(0.1, law.param("dt"), 1e-12);
        assertEquals(2.0, law.weight());
        assertEquals(List.of("x"), only(cs, "spread").bindings(), "the shared anti-trivial rule applies too");
    }
}
