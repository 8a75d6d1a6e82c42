package dev.kenning.rules;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.core.Quantity;
import dev.kenning.core.SourceTriple;
import dev.kenning.kg.KnowledgeBase;
import dev.kenning.rules.facts.GraphFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleBookTest {

    static final Path ONTOLOGY = Path.of("../kg/ontology/physics.ttl");
    static final Path SCENE = Path.of("../experiments/free-fall-scene.ttl");
    static final Path PHYSICS = Path.of("packs/physics.drl");

    static RuleBook physics;

    @TempDir
    Path dir;

    @BeforeAll
    static void compilePhysics() {
        physics = RuleBook.compile(List.of(PHYSICS));
    }

    @Test
    void derivesFreeFallSpreadAndRangeFromTheGraph() {
        List<ConstraintSpec> specs = physics.derive(GraphFacts.extract(loaded(ONTOLOGY, SCENE)));

        assertEquals(List.of("free-fall", "range", "spread"), specs.stream().map(ConstraintSpec::kind).toList());
        specs.forEach(spec -> assertEquals(List.of("height"), spec.bindings(), spec.kind()));

        ConstraintSpec freeFall = specs.get(0);
        assertEquals(Quantity.of(9.81, "m/s^2"), freeFall.params().get("g"));
        assertEquals(1.0 / 15.0, freeFall.param("dt"), 1e-12);
        assertEquals("s", freeFall.params().get("dt").unit());
        assertEquals(1.0, freeFall.weight());
        assertEquals("free-fall law constrains observed height", freeFall.provenance().rule());
        assertTrue(freeFall.provenance().triples().contains(new SourceTriple("k:EarthFreeFall_g", "k:value", "9.81")),
                freeFall.provenance().triples().toString());
        assertTrue(freeFall.provenance().triples().contains(
                new SourceTriple("ex:thrownObject", "k:frameRate", "15.0")));

        ConstraintSpec range = specs.get(1);
        assertEquals(Quantity.of(0.0, "m"), range.params().get("min"));
        assertEquals(Quantity.of(3.0, "m"), range.params().get("max"));
        assertEquals(0.1, range.weight());
        assertEquals("range of the observed quantity", range.provenance().rule());

        ConstraintSpec spread = specs.get(2);
        assertEquals(Quantity.of(0.05, "m"), spread.params().get("min_std"));
        assertEquals(0.1, spread.weight());
        assertEquals("light spread guard where gravity fixes the scale", spread.provenance().rule());
        assertEquals(freeFall.provenance().triples(), spread.provenance().triples());
    }

    /** A scene's k:minSpread replaces the default floor, keeps the guard's weight, and is cited; other scenes keep 0.05. */
    @Test
    void theScenesMinimumSpreadSetsTheSpreadsFloor() throws IOException {
        Path scene = edited(SCENE, "k:modelOutput \"height\" ;", "k:modelOutput \"height\" ; k:minSpread \"0.15\"^^xsd:double ;");

        List<ConstraintSpec> specs = physics.derive(GraphFacts.extract(loaded(ONTOLOGY, scene)));

        assertEquals(1, specs.stream().filter(s -> s.kind().equals("spread")).count(), specs.toString());
        ConstraintSpec spread = only(specs, "spread");
        assertEquals(Quantity.of(0.15, "m"), spread.params().get("min_std"));
        assertEquals(List.of("height"), spread.bindings());
        assertEquals(0.1, spread.weight());
        assertEquals("the scene's floor for the spread", spread.provenance().rule());
        assertTrue(spread.provenance().triples().contains(new SourceTriple("ex:thrownObject", "k:minSpread", "0.15")),
                spread.provenance().triples().toString());
        assertTrue(spread.provenance().triples().contains(new SourceTriple("k:EarthFreeFall_g", "k:value", "9.81")));
    }

    @Test
    void theGraphsValueOfGDrivesTheConstraint() throws IOException {
        Path moon = edited(ONTOLOGY, "k:value \"9.81\"^^xsd:double", "k:value \"1.62\"^^xsd:double");

        ConstraintSpec freeFall = only(physics.derive(GraphFacts.extract(loaded(moon, SCENE))), "free-fall");
        assertEquals(1.62, freeFall.param("g"));
        assertTrue(freeFall.provenance().triples().contains(new SourceTriple("k:EarthFreeFall_g", "k:value", "1.62")));
    }

    @Test
    void noLawNoConstraints() {
        // The scene alone names k:EarthFreeFall but nothing says it is a free-fall law with a g.
        assertEquals(List.of(), physics.derive(GraphFacts.extract(loaded(SCENE))));
    }

    @Test
    void aFreeFallLawWithoutGDerivesNothing() throws IOException {
        Path noG = edited(ONTOLOGY, "k:symbol \"g\"", "k:symbol \"gee\"");

        assertEquals(List.of(), physics.derive(GraphFacts.extract(loaded(noG, SCENE))));
    }

    @Test
    void aFailingConsequenceNamesItsRule() throws IOException {
        Path drl = dir.resolve("negative.drl");
        Files.writeString(drl, """
                package kenning.test
                import dev.kenning.core.ConstraintSpec

                rule "negative weight"
                when
                    String()
                then
                    insert(ConstraintSpec.builder("bad").weight(-1.0).build());
                end
                """);

        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)).derive(List.of("x")));

        assertEquals(drl.toString(), e.where());
        assertTrue(e.getMessage().contains("rule 'negative weight' failed: weight of 'bad' must be finite and >= 0"),
                e.getMessage());
    }

    @Test
    void aDrlSyntaxErrorNamesTheUsersFileAndLine() throws IOException {
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, """
                package kenning.test

                rule "fine"
                when
                then
                end

                rule "broken"
                when
                    String( length > )
                then
                end
                """);

        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));

        // Line 10, column 21: the ')' where the right operand of '>' should be.
        assertEquals(drl + ":10:21", e.where(), e.getMessage());
        assertTrue(e.getMessage().startsWith(drl + ":10:21: "), e.getMessage());
        assertTrue(e.getMessage().contains("in rule \"broken\""), e.getMessage());
        assertTrue(!e.getMessage().contains("more"), "the null-package echo is not a second error: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** A field its fact type lacks is said as that, with the type's fields, at the pattern's line and column. */
    @Test
    void aFieldTheFactTypeLacksIsNamedWithTheFieldsItHas() throws IOException {
        Path drl = dir.resolve("typofield.drl");
        Files.writeString(drl, """
                package kenning.test
                import dev.kenning.core.ConstraintSpec
                import dev.kenning.rules.facts.AttributeOutput

                rule "typo in field"
                when
                    $a : AttributeOutput( outptu == "attr:heel" )
                then
                    insert(ConstraintSpec.builder("formula").bind($a.getOutput()).formula("attr:heel").weight(1.0)
                            .rule(drools.getRule().getName()).because($a.getTriples()).build());
                end
                """);
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));
        assertTrue(e.getMessage().startsWith(drl + ":7:"), e.getMessage());
        assertTrue(e.getMessage().contains(": AttributeOutput has no field 'outptu'; its fields: attributeIri, output, triples. "),
                e.getMessage());
    }

    @Test
    void aMissingRuleFileIsAnInputError() {
        Path missing = dir.resolve("absent.drl");

        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(PHYSICS, missing)));

        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void aRunawayRuleIsStoppedAndNamed() throws IOException {
        Path drl = dir.resolve("runaway.drl");
        Files.writeString(drl, """
                package kenning.test
                import dev.kenning.core.ConstraintSpec

                rule "calm"
                when
                    String()
                then
                end

                rule "echo every constraint"
                when
                    ConstraintSpec()
                then
                    insert(ConstraintSpec.builder("echo").build());
                end
                """);
        RuleBook book = RuleBook.compile(List.of(drl), 500);

        InputError e = assertThrows(InputError.class,
                () -> book.derive(List.of("a fact", ConstraintSpec.builder("seed").build())));

        assertEquals(drl.toString(), e.where());
        assertTrue(e.getMessage().contains("rule 'echo every constraint' fired 501 of them"), e.getMessage());
        assertTrue(e.getMessage().contains("more than 500 times"), e.getMessage());
    }

    /** A large graph fires honest rules more often than the least limit allows: the limit grows with the facts. */
    @Test
    void theFiringLimitGrowsWithTheFacts() throws IOException {
        Path drl = dir.resolve("per-fact.drl");
        Files.writeString(drl, """
                package kenning.test
                import dev.kenning.core.ConstraintSpec

                rule "one constraint per fact"
                when
                    $s : String()
                then
                    insert(ConstraintSpec.builder("seen").bind($s).build());
                end
                """);
        RuleBook book = RuleBook.compile(List.of(drl), 500);
        List<Object> facts = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            facts.add(Integer.toString(i));
        }

        assertEquals(2000, book.derive(facts).size());
        assertEquals(500, book.limitFor(2));
        assertEquals(200_000, book.limitFor(2000));
        // time likewise: the book's 30 s up to 120 000 facts, a quarter millisecond a fact beyond
        assertEquals(java.time.Duration.ofSeconds(30), book.timeFor(2000));
        assertEquals(java.time.Duration.ofSeconds(30), book.timeFor(120_000));
        assertEquals(java.time.Duration.ofSeconds(128), book.timeFor(513_000 - 1000));
    }

    @Test
    void twoBooksInOneJvmKeepTheirOwnRules() throws IOException {
        Path other = dir.resolve("physics.drl");
        Files.writeString(other, """
                package kenning.other
                import dev.kenning.core.ConstraintSpec

                rule "always"
                when
                    String()
                then
                    insert(ConstraintSpec.builder("other").build());
                end
                """);
        RuleBook otherBook = RuleBook.compile(List.of(other));

        assertEquals(List.of("other"), otherBook.derive(List.of("x")).stream().map(ConstraintSpec::kind).toList());
        assertEquals(List.of(), physics.derive(List.of("x")));
    }

    @Test
    void theJarCarriesThePhysicsPack() throws IOException {
        try (var in = RuleBook.class.getResourceAsStream("/kenning/rules/physics.drl")) {
            assertTrue(in != null, "kenning/rules/physics.drl missing from the classpath");
            assertEquals(Files.readString(PHYSICS), new String(in.readAllBytes()));
        }
    }

    /** A copy of {@code file} in the test's folder with every {@code from} replaced by {@code to}. */
    private Path edited(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " lacks " + from);
        Path copy = dir.resolve(file.getFileName());
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }

    private static ConstraintSpec only(List<ConstraintSpec> specs, String kind) {
        return specs.stream().filter(s -> s.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " among " + specs));
    }

    private static KnowledgeBase loaded(Path... files) {
        KnowledgeBase kb = KnowledgeBase.inMemory();
        for (Path file : files) {
            kb.load(file);
        }
        return kb;
    }
}
