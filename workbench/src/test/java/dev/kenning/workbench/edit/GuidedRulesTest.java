package dev.kenning.workbench.edit;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.InputError;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.SpecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guided rules and the law decision table put in place of the hand-written rules they stand
 * for: the same constraints come out (kind, outputs, parameters, weight and triples; only the
 * rule's name differs).
 */
class GuidedRulesTest {
    static final Path ROOT = OntologyEditorTest.ROOT;
    private static final Workbench WORKBENCH = Workbench.create(WorkbenchConfig.notRecording().trustingEveryPack());
    private static final List<String> LAW_RULES = List.of("free-fall law constrains observed height",
            "constant-velocity law constrains the observed quantity", "constant-acceleration law constrains the observed quantity",
            "harmonic law constrains the observed quantity");

    @TempDir
    Path dir;

    /** The pack's text without the named rules (and the comment lines just above each). */
    static String without(String drl, List<String> rules) {
        String out = drl;
        for (String name : rules) {
            Matcher m = Pattern.compile("(?s)(//[^\\n]*\\n)*rule \"" + Pattern.quote(name) + "\".*?\\nend\\n").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no rule '" + name + "' in the pack");
            }
            out = out.substring(0, m.start()) + out.substring(m.end());
        }
        return out;
    }

    private Path copy(String from) throws IOException {
        Path target = dir.resolve(Path.of(from).getFileName());
        return Files.exists(target) ? target : Files.copy(ROOT.resolve(from), target);
    }

    private List<String> derive(List<Path> ontologies, List<Path> packs) throws IOException {
        Path spec = Files.createTempFile(dir, "spec", ".yaml");
        Files.writeString(spec, """
                name: guided
                knowledge:
                  ontologies: [%s]
                  rules: [%s]
                data:
                  generator: free-fall
                  fps: 15
                """.formatted(names(ontologies), names(packs)));
        List<ConstraintSpec> cs = WORKBENCH.derive(SpecFile.load(spec)).constraints();
        return cs.stream().map(c -> c.kind() + " " + c.bindings() + " " + new java.util.TreeMap<>(c.params()) + " w=" + c.weight()
                + " " + c.provenance().triples()).sorted().toList();
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aGuidedLawRuleDerivesWhatTheHandWrittenRuleDid() throws IOException {
        List<Path> kg = List.of(copy("kg/ontology/physics.ttl"), copy("experiments/free-fall-scene.ttl"));
        Path physics = copy("rules/packs/physics.drl");
        Path rest = Files.writeString(dir.resolve("physics-rest.drl"), without(Files.readString(physics), List.of(LAW_RULES.get(0))));
        GuidedRule rule = new GuidedRule.LawRule("free fall, from the form", "FreeFall", "free-fall", List.of("g"), true, 1.0);
        Path guided = Files.writeString(dir.resolve("guided.drl"), GuidedRule.pack("kenning.guided", List.of(rule)));

        List<String> expected = derive(kg, List.of(physics));
        assertTrue(expected.stream().anyMatch(c -> c.startsWith("free-fall [height]")), expected.toString());
        assertEquals(expected, derive(kg, List.of(rest, guided)));
        assertFalse(derive(kg, List.of(rest)).stream().anyMatch(c -> c.startsWith("free-fall")), "without it, no free-fall constraint");
        assertTrue(rule.drl().contains("$l : Law( iri == $law, type == \"FreeFall\" )"), "readable DRL: " + rule.drl());
    }

    @Test
    void guidedDisjointnessAndAttributeRulesDeriveWhatTheHandWrittenOnesDid() throws IOException {
        List<Path> kg = List.of(copy("kg/ontology/kenning.ttl"), copy("kg/ontology/fashion-attributes.ttl"));
        Path disjointness = copy("rules/packs/disjointness.drl");
        Path attributes = copy("rules/packs/attributes.drl");
        Path labels = copy("rules/packs/labels.drl");
        Path restDisjoint = Files.writeString(dir.resolve("disjointness-rest.drl"),
                without(Files.readString(disjointness), List.of("disjoint classes exclude each other")));
        Path restAttributes = Files.writeString(dir.resolve("attributes-rest.drl"),
                without(Files.readString(attributes), List.of("class implies its attributes")));
        Path guided = Files.writeString(dir.resolve("guided.drl"), GuidedRule.pack("kenning.guided", List.of(
                new GuidedRule.DisjointRule("disjoint classes, from the form", "mutually-exclusive", 1.0),
                new GuidedRule.AttributeRule("a class's attribute, from the form", false, "class-implies-attribute", 1.0))));

        List<String> expected = derive(kg, List.of(disjointness, attributes, labels));
        assertTrue(expected.stream().filter(c -> c.startsWith("mutually-exclusive")).count() > 5, expected.toString());
        assertTrue(expected.stream().filter(c -> c.startsWith("class-implies-attribute")).count() > 5, expected.toString());
        assertEquals(expected, derive(kg, List.of(restDisjoint, restAttributes, labels, guided)));
    }

    @Test
    void theLawDecisionTableDerivesWhatTheFourLawRulesDid() throws IOException {
        Path physics = copy("rules/packs/physics.drl");
        Path rest = Files.writeString(dir.resolve("physics-rest.drl"), without(Files.readString(physics), LAW_RULES));
        LawTable table = new LawTable("kenning.lawtable", List.of(
                new LawTable.Row("FreeFall", "g", "free-fall", 1.0),
                new LawTable.Row("ConstantVelocity", "", "constant-velocity", 1.0),
                new LawTable.Row("ConstantAcceleration", "", "constant-acceleration", 1.0),
                new LawTable.Row("HarmonicMotion", "omega", "harmonic", 1.0)));
        Path pack = table.save(dir.resolve("laws.csv"));
        assertEquals(table, LawTable.read(dir.resolve("laws.csv")), "the table reads back as saved");
        assertTrue(Files.readString(pack).contains("type == \"HarmonicMotion\""), Files.readString(pack));

        for (String scene : List.of("free-fall-scene.ttl", "pendulum-scene.ttl", "walking-scene.ttl")) {
            List<Path> kg = List.of(copy("kg/ontology/physics.ttl"), copy("experiments/" + scene));
            List<String> expected = derive(kg, List.of(physics));
            assertFalse(expected.isEmpty(), scene);
            assertEquals(expected, derive(kg, List.of(rest, pack)), scene + ", with the pack the table made:\n" + Files.readString(pack));
        }
    }

    @Test
    void aTableWithABadRowIsRefusedAtItsLineAndGarbageIsNoDecisionTable() throws IOException {
        LawTable table = new LawTable("kenning.lawtable", List.of(new LawTable.Row("FreeFall", "g", "free-fall", 1.0)));
        Path csv = dir.resolve("laws.csv");
        table.save(csv);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(lines.size() - 1, lines.get(lines.size() - 1).replace("1.0", "heavy"));
        Files.write(csv, lines);
        InputError weight = assertThrows(InputError.class, () -> LawTable.read(csv));
        assertTrue(weight.getMessage().startsWith(csv + ":" + lines.size() + ": the weight 'heavy' is not a number"), weight.getMessage());
        InputError garbage = assertThrows(InputError.class, () -> dev.kenning.rules.DecisionTable.drl("just,some\ncells,here\n", "x.csv"));
        assertTrue(garbage.getMessage().startsWith("x.csv: "), garbage.getMessage());
    }

    @Test
    void badFormValuesAreRefusedNamingTheField() {
        InputError kind = assertThrows(InputError.class, () -> new GuidedRule.DisjointRule("r", "Mutually Exclusive!", 1.0));
        assertTrue(kind.getMessage().startsWith("constraint kind:"), kind.getMessage());
        InputError weight = assertThrows(InputError.class, () -> new GuidedRule.LawRule("r", "FreeFall", "free-fall", List.of(), true, -1));
        assertTrue(weight.getMessage().startsWith("weight:"), weight.getMessage());
        InputError type = assertThrows(InputError.class, () -> new LawTable.Row("free fall", "g", "free-fall", 1.0));
        assertTrue(type.getMessage().startsWith("law type:"), type.getMessage());
    }
}
