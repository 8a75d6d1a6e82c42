package dev.kenning.workbench.edit;

import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.SourceTriple;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.edit.OntologyEditor.AttributeLink;
import dev.kenning.workbench.spec.SpecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an edit changes in the constraints the packs derive, through the workbench's own derivation. */
class ConstraintDiffTest {
    static final Path ROOT = OntologyEditorTest.ROOT;
    static final String FA = OntologyEditorTest.FA;
    static final String K = OntologyEditorTest.K;
    private static final Workbench WORKBENCH = Workbench.create(WorkbenchConfig.notRecording().trustingEveryPack());

    @TempDir
    Path dir;

    private Path spec(String ontologies, String rules) throws IOException {
        for (String f : List.of("kenning.ttl", "fashion-attributes.ttl", "physics.ttl")) {
            Files.copy(ROOT.resolve("kg/ontology/" + f), dir.resolve(f));
        }
        Files.copy(ROOT.resolve("experiments/free-fall-scene.ttl"), dir.resolve("free-fall-scene.ttl"));
        for (String f : List.of("attributes.drl", "disjointness.drl", "labels.drl", "taxonomy.drl", "physics.drl")) {
            Files.copy(ROOT.resolve("rules/packs/" + f), dir.resolve(f));
        }
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, """
                name: diff
                knowledge:
                  ontologies: [%s]
                  rules: [%s]
                data:
                  generator: free-fall
                  fps: 15
                """.formatted(ontologies, rules));
        return spec;
    }

    private List<ConstraintSpec> derive(Path spec) {
        return WORKBENCH.derive(SpecFile.load(spec)).constraints();
    }

    @Test
    void addingAnAttributeAddsExactlyItsConstraintsWithTheirTriples() throws IOException {
        Path spec = spec("kenning.ttl, fashion-attributes.ttl", "attributes.drl, disjointness.drl, labels.drl, taxonomy.drl");
        OntologyEditor editor = new OntologyEditor(() -> List.of(dir.resolve("kenning.ttl"), dir.resolve("fashion-attributes.ttl")), null);
        List<ConstraintSpec> before = derive(spec);
        // a sneaker is described without a heel, so the closed-world pack says it lacks one; stating it has one
        // turns that exclusion into an implication, and nothing else changes
        editor.attribute(FA + "Sneaker", AttributeLink.HAS, FA + "heel");
        ConstraintDiff diff = ConstraintDiff.between(before, derive(spec));

        assertEquals(List.of(List.of("class-implies-attribute", List.of("class:sneaker", "attr:heel"))),
                diff.added().stream().map(c -> List.of(c.kind(), c.bindings())).toList(), diff.toString());
        assertEquals(List.of(List.of("class-excludes-attribute", List.of("class:sneaker", "attr:heel"))),
                diff.removed().stream().map(c -> List.of(c.kind(), c.bindings())).toList(), diff.toString());
        // the sneaker's attribute profile (the attributes that together identify it) now counts the heel
        assertEquals(List.of(List.of("attributes-imply-class", List.of("attr:closed-upper", "attr:heel", "attr:laces", "attr:sole",
                        "attr:worn-on-feet", "class:sneaker"))),
                diff.changed().stream().map(c -> List.of(c.after().kind(), c.after().bindings())).toList(), diff.toString());
        SourceTriple stated = new SourceTriple("fa:Sneaker", "k:hasAttribute", "fa:heel");
        assertTrue(diff.added().get(0).provenance().triples().contains(stated), diff.added().get(0).provenance().toString());
        assertTrue(diff.changed().get(0).after().provenance().triples().contains(stated));
        assertTrue(!diff.changed().get(0).before().provenance().triples().contains(stated));
        assertTrue(diff.kindsEmptied().isEmpty());
    }

    @Test
    void aNewLawGoverningTheObservationChangesGAndAnotherKindEmptiesFreeFall() throws IOException {
        Path spec = spec("physics.ttl, free-fall-scene.ttl", "physics.drl");
        OntologyEditor editor = new OntologyEditor(() -> List.of(dir.resolve("physics.ttl"), dir.resolve("free-fall-scene.ttl")), null);
        List<ConstraintSpec> before = derive(spec);
        editor.addLaw(K + "FreeFall", "free fall on the Moon", List.of(new OntologyEditor.Parameter("g", 1.62, "m/s^2")));
        assertTrue(ConstraintDiff.between(before, derive(spec)).isEmpty(), "a law nothing observes derives nothing");
        editor.governedBy(OntologyEditorTest.SCENE, K + "FreeFallOnTheMoon");
        List<ConstraintSpec> moon = derive(spec);
        ConstraintDiff diff = ConstraintDiff.between(before, moon);
        ConstraintDiff.Change g = diff.changed().stream().filter(c -> c.after().kind().equals("free-fall")).findFirst().orElseThrow();
        assertEquals(9.81, g.before().param("g"));
        assertEquals(1.62, g.after().param("g"));
        assertTrue(g.after().provenance().triples().stream().anyMatch(t -> t.subject().equals("k:FreeFallOnTheMoon_g")),
                g.after().provenance().toString());
        assertTrue(diff.added().isEmpty() && diff.removed().isEmpty(), diff.toString());

        editor.governedBy(OntologyEditorTest.SCENE, K + "UniformMotion");
        ConstraintDiff walking = ConstraintDiff.between(moon, derive(spec));
        assertEquals(java.util.Set.of("free-fall"), walking.kindsEmptied(), walking.toString());
        assertTrue(walking.added().stream().anyMatch(c -> c.kind().equals("constant-velocity")), walking.toString());
    }

    @Test
    void theMoonsLawChangesTheFreeFallLossOnOneBatchBeforeAnyTraining() throws IOException {
        Path spec = spec("physics.ttl, free-fall-scene.ttl", "physics.drl");
        OntologyEditor editor = new OntologyEditor(() -> List.of(dir.resolve("physics.ttl"), dir.resolve("free-fall-scene.ttl")), null);
        java.util.Map<String, Double> earth = dev.kenning.workbench.OneBatchLosses.of(SpecFile.load(spec), WORKBENCH.derive(SpecFile.load(spec)));
        assertEquals(java.util.Set.of("free-fall", "range", "spread"), earth.keySet());
        assertEquals(earth, dev.kenning.workbench.OneBatchLosses.of(SpecFile.load(spec), WORKBENCH.derive(SpecFile.load(spec))),
                "the same batch and model each time");
        editor.addLaw(K + "FreeFall", "free fall on the Moon", List.of(new OntologyEditor.Parameter("g", 1.62, "m/s^2")));
        editor.governedBy(OntologyEditorTest.SCENE, K + "FreeFallOnTheMoon");
        java.util.Map<String, Double> moon = dev.kenning.workbench.OneBatchLosses.of(SpecFile.load(spec), WORKBENCH.derive(SpecFile.load(spec)));
        assertTrue(Math.abs(earth.get("free-fall") - moon.get("free-fall")) > 1e-6 * Math.abs(earth.get("free-fall")),
                earth + " vs " + moon);
        assertEquals(earth.get("range"), moon.get("range"), 1e-9, "the range term does not depend on g");
    }
}
