package dev.kenning.workbench.edit;

import dev.kenning.core.InputError;
import dev.kenning.workbench.Workbench;
import dev.kenning.workbench.WorkbenchConfig;
import dev.kenning.workbench.spec.ExperimentSpec;
import dev.kenning.workbench.spec.ImageTaskSpec;
import dev.kenning.workbench.spec.SpecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewExperimentTest {
    static final Path ROOT = OntologyEditorTest.ROOT;

    @TempDir
    Path dir;

    private Path copy(String from) throws IOException {
        return Files.copy(ROOT.resolve(from), dir.resolve(Path.of(from).getFileName()));
    }

    @Test
    void aLabelFreeExperimentFromNothingLoadsAndDerivesItsLaw() throws IOException {
        NewExperiment n = new NewExperiment("moon-drop", NewExperiment.Task.LABEL_FREE, "free-fall", null,
                List.of(copy("kg/ontology/physics.ttl"), copy("experiments/free-fall-scene.ttl")), List.of(copy("rules/packs/physics.drl")),
                List.of());
        Path spec = n.write(dir);
        SpecFile loaded = SpecFile.load(spec);
        assertInstanceOf(ExperimentSpec.class, loaded);
        assertTrue(Files.readString(spec).contains("    - physics.ttl\n"), "knowledge beside the spec is named relative to it");
        assertTrue(Workbench.create(WorkbenchConfig.notRecording().trustingEveryPack()).derive(loaded).constraints().stream()
                .anyMatch(c -> c.kind().equals("free-fall")));
    }

    @Test
    void aFewShotExperimentNamesItsHeldOutClasses() throws IOException {
        Path spec = new NewExperiment("few", NewExperiment.Task.FEW_SHOT, "fashion-mnist", null,
                List.of(copy("kg/ontology/kenning.ttl"), copy("kg/ontology/fashion-attributes.ttl")),
                List.of(copy("rules/packs/attributes.drl"), copy("rules/packs/labels.drl")),
                List.of("tshirt-top", "trouser", "coat", "sandal", "bag")).write(dir);
        assertInstanceOf(ImageTaskSpec.class, SpecFile.load(spec));
    }

    /** A table names classes of the ontologies before it: chosen first, it is still written after them, and the knowledge derives. */
    @Test
    void aTableIsNamedAfterTheOntologiesWhoseClassesItDescribes() throws IOException {
        Path table = Files.writeString(dir.resolve("pockets.csv"), "class,pocket\ncoat,1\nbag,0\n");
        Path spec = new NewExperiment("zs", NewExperiment.Task.ZERO_SHOT, "fashion-mnist", null,
                List.of(table, copy("kg/ontology/kenning.ttl"), copy("kg/ontology/fashion-attributes.ttl")),
                List.of(copy("rules/packs/disjointness.drl"), copy("rules/packs/attributes.drl"), copy("rules/packs/labels.drl")),
                List.of("coat", "sandal")).write(dir);
        assertTrue(Files.readString(spec).contains("    - kenning.ttl\n    - fashion-attributes.ttl\n    - pockets.csv\n"),
                Files.readString(spec));
        assertTrue(Workbench.create(WorkbenchConfig.notRecording().trustingEveryPack()).derive(SpecFile.load(spec)).constraints()
                .stream().anyMatch(c -> c.bindings().contains("attr:pocket")));
    }

    /** Held-out classes as typed: by commas (names with spaces), else by spaces, or one file naming them. */
    @Test
    void heldOutClassesMayHoldSpacesOrBeAFile() throws IOException {
        assertEquals(List.of("killer whale", "blue whale"), NewExperiment.heldOutOf(" killer whale, blue whale ,"));
        assertEquals(List.of("coat", "sandal"), NewExperiment.heldOutOf("coat  sandal"));
        Path names = Files.writeString(dir.resolve("testclasses.txt"), "coat\nsandal\n");
        Path spec = new NewExperiment("zs-file", NewExperiment.Task.ZERO_SHOT, "fashion-mnist", null,
                List.of(copy("kg/ontology/kenning.ttl"), copy("kg/ontology/fashion-attributes.ttl")),
                List.of(copy("rules/packs/disjointness.drl"), copy("rules/packs/attributes.drl"), copy("rules/packs/labels.drl")),
                NewExperiment.heldOutOf("testclasses.txt")).write(dir);
        assertTrue(Files.readString(spec).contains("  held_out: testclasses.txt\n"), Files.readString(spec));
        assertEquals(List.of("coat", "sandal"), ((ImageTaskSpec) SpecFile.load(spec)).data().heldOut());
        Path quoted = new NewExperiment("zs-names", NewExperiment.Task.ZERO_SHOT, "fashion-mnist", null,
                List.of(dir.resolve("kenning.ttl"), dir.resolve("fashion-attributes.ttl")),
                List.of(dir.resolve("disjointness.drl"), dir.resolve("attributes.drl"), dir.resolve("labels.drl")),
                NewExperiment.heldOutOf("T-shirt/top, sandal")).write(dir);
        assertTrue(Files.readString(quoted).contains("  held_out: [\"T-shirt/top\", \"sandal\"]\n"), Files.readString(quoted));
    }

    @Test
    void aSpecThatWouldNotLoadIsNotWrittenAndTheMessageNamesTheKey() throws IOException {
        NewExperiment n = new NewExperiment("few", NewExperiment.Task.FEW_SHOT, "fashion-mnist", null,
                List.of(copy("kg/ontology/kenning.ttl")), List.of(copy("rules/packs/labels.drl")), List.of("coat"));
        InputError e = assertThrows(InputError.class, () -> n.write(dir));
        assertTrue(e.getMessage().contains("held_out"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("few.yaml")));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".yaml")).count(), "no draft left behind");
        }
        InputError noPacks = assertThrows(InputError.class, () -> new NewExperiment("x", NewExperiment.Task.ZERO_SHOT, "fashion-mnist",
                null, List.of(dir.resolve("kenning.ttl")), List.of(), List.of()));
        assertTrue(noPacks.getMessage().startsWith("knowledge:"), noPacks.getMessage());
        InputError badData = assertThrows(InputError.class, () -> new NewExperiment("x", NewExperiment.Task.LABEL_FREE, "fashion-mnist",
                null, List.of(dir.resolve("kenning.ttl")), List.of(dir.resolve("labels.drl")), List.of()));
        assertTrue(badData.getMessage().startsWith("data:"), badData.getMessage());
    }
}
