package dev.kenning.workbench.spec;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a spec file's values are read: what a user writes in YAML and what Kenning makes of it. */
class SpecReadingTest {
    private static final Path EXPERIMENTS = Path.of("..", "experiments").toAbsolutePath().normalize();

    /** A small walking spec in {@code dir}, its knowledge named by absolute paths, with {@code extra} lines on top. */
    static Path walking(Path dir, String file, String extra) throws IOException {
        return Files.writeString(dir.resolve(file), extra + """
                knowledge:
                  ontologies: [%s, %s]
                  rules: [%s]
                data:
                  generator: walking
                  train_videos: 8
                  test_videos: 4
                  frames: 10
                  image_size: 16
                  window: 5
                model:
                  conv_channels: [4, 8]
                training:
                  steps: 5
                  batch_videos: 4
                """.formatted(EXPERIMENTS.resolve("../kg/ontology/physics.ttl").normalize(),
                EXPERIMENTS.resolve("walking-scene.ttl"), EXPERIMENTS.resolve("../rules/packs/physics.drl").normalize()));
    }

    /** Named choices are read in any case, as knowledge.semantics always was, and kept in the spec as their names. */
    @Test
    void namedChoicesAreReadInAnyCase(@TempDir Path dir) throws IOException {
        Path spec = walking(dir, "cased.yaml", "seed: 1\n");
        ExperimentSpec cased = (ExperimentSpec) SpecFile.load(spec, Map.of("training.lr_schedule", "Cosine", "model.init",
                "Truncated_Normal", "data.generator", "Walking", "model.normalise", "FRAME"));
        ExperimentSpec plain = (ExperimentSpec) SpecFile.load(spec, Map.of("training.lr_schedule", "cosine", "model.init",
                "truncated_normal", "data.generator", "walking", "model.normalise", "frame"));
        assertEquals(plain.resolved(), cased.resolved());
    }

    /** A run of several trainings takes seed … seed + n − 1: a first seed that would wrap past 2⁶³−1 is refused. */
    @Test
    void aSeedWhoseLastTrainingWouldOverflowIsRefused() {
        Path zeroShot = EXPERIMENTS.resolve("zeroshot-fashion.yaml");
        InputError e = assertThrows(InputError.class, () -> SpecFile.load(zeroShot, java.util.Map.of("seed",
                String.valueOf(Long.MAX_VALUE))));
        assertTrue(e.getMessage().contains("'seed' 9223372036854775807 is too large for 5 trainings (seed … seed + 4): at"
                + " most 9223372036854775803"), e.getMessage());
        SpecFile spec = SpecFile.load(zeroShot);
        InputError option = assertThrows(InputError.class, () -> spec.withSeed(Long.MAX_VALUE - 1));
        assertEquals("--seed 9223372036854775806", option.where());
        assertEquals(Long.MAX_VALUE - 4, spec.withSeed(Long.MAX_VALUE - 4).seed());
    }

    @Test
    void aNameThatIsNotOneFolderNameIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path escape = walking(dir, "escape.yaml", "seed: 1\nname: ../../escape/x\n");
        InputError e = assertThrows(InputError.class, () -> SpecFile.load(escape));
        assertEquals(escape + ":2", e.where());
        assertEquals(escape + ":2: 'name' names the run folders (NAME-sSEED-…), so it must be one folder name: not empty,"
                + " '.' or '..', without '/' or '\\', got '../../escape/x'", e.getMessage());
        for (String bad : new String[]{"..", "a\\\\b", "a/b", "'  '"}) {
            Path f = walking(dir, "bad.yaml", "name: " + bad + "\n");
            assertEquals(f + ":1", assertThrows(InputError.class, () -> SpecFile.load(f), bad).where());
        }
        assertEquals("a..b", SpecFile.load(walking(dir, "dots.yaml", "name: a..b\n")).name());
    }

    @Test
    void aNullValueReadsAsIfTheKeyWereNotWritten(@TempDir Path dir) throws IOException {
        assertEquals("mywalk", SpecFile.load(walking(dir, "mywalk.yaml", "name: ~\n")).name());
        assertEquals("mywalk", SpecFile.load(walking(dir, "mywalk.yaml", "name:\nseed: null\n")).name());
        assertEquals(0, SpecFile.load(walking(dir, "mywalk.yaml", "seed: null\n")).seed());
        InputError unknown = assertThrows(InputError.class, () -> SpecFile.load(walking(dir, "typo.yaml", "nmae: ~\n")));
        assertEquals(dir.resolve("typo.yaml") + ":1", unknown.where(), "an unknown key is still one, null or not");
    }

    /** {@code model.init_std}'s range is 10⁻⁶ … 10, both ends included as spec-reference.md says; outside it, the key is named. */
    @Test
    void initStdTakesItsWholeDocumentedRangeAndIsNamedOutsideIt(@TempDir Path dir) throws IOException {
        for (String std : new String[]{"10", "1e-6", "0.03"}) {
            ExperimentSpec spec = (ExperimentSpec) SpecFile.load(walking(dir, "init.yaml", ""),
                    Map.of("model.init", "truncated_normal", "model.init_std", std));
            assertEquals(Double.parseDouble(std), spec.model().init().std());
        }
        Path f = Files.writeString(dir.resolve("big.yaml"), Files.readString(walking(dir, "w.yaml", ""))
                .replace("  conv_channels: [4, 8]\n", "  conv_channels: [4, 8]\n  init: truncated_normal\n  init_std: 11\n"));
        InputError e = assertThrows(InputError.class, () -> SpecFile.load(f));
        assertEquals(f + ":14: 'model.init_std' must be between 1.0E-6 and 10.0, got 11.0", e.getMessage());
    }

    /** A leading {@code ~/} in any path a spec gives is the home folder, as a shell reads it; elsewhere '~' is a letter. */
    @Test
    void aLeadingTildeInASpecPathIsTheHomeFolder(@TempDir Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path kn = Files.createDirectories(home.resolve("kn"));
        Files.copy(EXPERIMENTS.resolve("../kg/ontology/physics.ttl"), kn.resolve("physics.ttl"));
        Files.copy(EXPERIMENTS.resolve("walking-scene.ttl"), kn.resolve("walking-scene.ttl"));
        Files.copy(EXPERIMENTS.resolve("../rules/packs/physics.drl"), kn.resolve("physics.drl"));
        Path spec = Files.writeString(Files.createDirectories(dir.resolve("specs")).resolve("t.yaml"),
                Files.readString(walking(dir, "w.yaml", "")).replaceFirst("(?s)knowledge:.*?data:", """
                        knowledge:
                          ontologies: [~/kn/physics.ttl, ~/kn/walking-scene.ttl]
                          rules: [~/kn/physics.drl]
                        data:
                          generator: folder
                          path: ~/footage
                        data_was:""").replaceFirst("(?s)data_was:.*?model:", "model:"));
        String was = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            ExperimentSpec s = (ExperimentSpec) SpecFile.load(spec);
            assertEquals(java.util.List.of(kn.resolve("physics.ttl"), kn.resolve("walking-scene.ttl")), s.knowledge().ontologies());
            assertEquals(java.util.List.of(kn.resolve("physics.drl")), s.knowledge().rules());
            assertEquals(home.resolve("footage"), s.data().path());
            Path literal = Files.writeString(dir.resolve("specs/lit.yaml"), Files.readString(spec).replace("~/kn/physics.drl", "a~/physics.drl"));
            InputError e = assertThrows(InputError.class, () -> SpecFile.load(literal));
            assertEquals("file not found: " + dir.resolve("specs/a~/physics.drl"), e.detail());
        } finally {
            System.setProperty("user.home", was);
        }
    }

    /** YAML's merge key puts an anchored mapping's keys in, those written beside it winning, as YAML 1.1 says. */
    @Test
    void mergeKeysAreReadAsYamlDefinesThem(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("m.yaml"), """
                short: &short {steps: 5, batch_videos: 4}
                small: &small
                  batch_videos: 2
                  log_every: 1
                training:
                  <<: [*short, *small]
                  steps: 7
                """);
        YamlSection training = YamlSection.open(f).section("training");
        assertEquals(7, training.integer("steps", 0, 0, 100), "written beside the merge: wins");
        assertEquals(4, training.integer("batch_videos", 0, 0, 100), "the first anchor wins");
        assertEquals(1, training.integer("log_every", 0, 0, 100));
        training.finish();

        Path spec = Files.writeString(dir.resolve("s.yaml"), Files.readString(walking(dir, "w.yaml", ""))
                .replace("training:\n  steps: 5\n  batch_videos: 4\n", """
                        training:
                          augment: &flip {flip: true}
                          steps: 5
                          batch_videos: 4
                          early_stopping:
                            <<: *flip
                        """));
        InputError e = assertThrows(InputError.class, () -> SpecFile.load(spec));
        assertEquals(spec + ":14: unknown key 'training.early_stopping.flip'; valid keys here: criterion, every, held_out,"
                + " patience, windows", e.getMessage(), "a merged key is checked where it lands, at the line it is written");
        Path scalar = Files.writeString(dir.resolve("bad.yaml"), "a: 1\ntraining:\n  <<: 3\n");
        assertEquals(scalar + ":3", assertThrows(InputError.class, () -> YamlSection.open(scalar)).where());
    }

    /**
     * A complaint about a value or key an override put in names the override as written, not the
     * line of the file it landed beside, and the value as the user wrote it; the file's own lines
     * keep their file:line, with the overrides said.
     */
    @Test
    void aComplaintAboutAnOverrideNamesTheOverride(@TempDir Path dir) throws IOException {
        Path f = walking(dir, "mywalk.yaml", "");
        InputError unknown = assertThrows(InputError.class, () -> SpecFile.load(f, Map.of("training.foo", "3")));
        assertEquals("--set training.foo=3", unknown.where());
        assertTrue(unknown.detail().startsWith("unknown key 'training.foo'; valid keys here: "), unknown.detail());
        InputError kernel = assertThrows(InputError.class, () -> SpecFile.load(f, Map.of("model.kernel", "4")));
        assertEquals("--set model.kernel=4: 'model.kernel' must be one odd size from 1 to 15, or a list of them with one"
                + " per conv layer (2), got 4", kernel.getMessage());
        InputError inNewSection = assertThrows(InputError.class,
                () -> SpecFile.load(f, Map.of("training.early_stopping.evry", "3")));
        assertEquals("--set training.early_stopping.evry=3", inNewSection.where());
        InputError inFile = assertThrows(InputError.class, () -> SpecFile.load(
                walking(dir, "bad.yaml", "seed: -1\n"), Map.of("training.steps", "3")));
        assertEquals(dir.resolve("bad.yaml") + ":1", inFile.where());
        assertTrue(inFile.detail().endsWith("(with overrides {training.steps=3})"), inFile.detail());
    }
}
