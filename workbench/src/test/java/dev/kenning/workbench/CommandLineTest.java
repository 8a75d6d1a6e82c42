package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.KenningJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI as a user meets it: a small real run, and one clear message for each kind of bad input. */
class CommandLineTest {



    @Test
    void aSmallRunWritesACompleteRunFolder(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path out = tmp.resolve("run");
        CliRun o = CliRun.of("run", f.spec.toString(), "--out", out.toString(), "--seed", "3");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("label-free ["), "progress should be shown: " + o.err());
        for (String file : List.of("spec.yaml", "constraints.json", "metrics.json", "history.csv", "status.json",
                "trajectories.png", "losses.png", "model/label_free.sdz", "model/supervised.sdz")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        JsonNode metrics = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        for (String key : List.of("label_free.test_corr", "supervised.test_corr")) {
            double v = metrics.get(key).asDouble();
            assertTrue(v >= -1 && v <= 1, key + " = " + v);
        }
        assertEquals(4, metrics.get("test_sequences").asInt());
        // the clock baseline is scored beside the models; its note only where it scores as much as a model
        double clock = metrics.get("clock.window_abs_r").asDouble();
        assertTrue(clock >= 0 && clock <= 1, metrics.toString());
        assertTrue(o.err().contains(String.format(java.util.Locale.ROOT, "a clock (each frame's index as the prediction, no image"
                + " seen) scores window |r| %.3f", clock)), o.err());
        assertEquals(clock >= metrics.get("label_free.window_abs_r").asDouble() || clock >= metrics.get("supervised.window_abs_r")
                .asDouble(), o.err().contains("note: a clock"), o.err());
        JsonNode constraints = KenningJson.mapper().readTree(out.resolve("constraints.json").toFile());
        JsonNode first = constraints.get("constraints").get(0);
        assertFalse(first.get("provenance").get("rule").asText().isEmpty());
        assertTrue(first.get("provenance").get("triples").size() > 0);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("seed: 3"));
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertTrue(history.get(0).startsWith("phase,step,free-fall"), history.get(0));
        assertEquals(1 + 2 + 2, history.size(), "two logged rows per phase");
        assertTrue(Files.readString(out.resolve("status.json")).contains("completed"));
    }

    /** {@code --set} changes one key of the spec for this run; a key the spec does not know is named. */
    @Test
    void setChangesOneSpecKeyForTheRun(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path out = tmp.resolve("run");
        CliRun o = CliRun.of("run", f.spec.toString(), "--out", out.toString(), "--set", "training.steps=3",
                "--set", "model.conv_channels=[4, 4]");
        assertEquals(0, o.code(), o.err());
        String resolved = Files.readString(out.resolve("spec.yaml"));
        assertTrue(resolved.contains("steps: 3") && resolved.matches("(?s).*conv_channels:\\s*- 4\\s*- 4\\s.*"), resolved);
        CliRun bad = CliRun.of("run", f.spec.toString(), "--out", tmp.resolve("bad").toString(), "--set", "training.stepz=3");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("training.stepz") && !bad.err().contains("Exception"), bad.err());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    /** Every command's --help, wherever it stands, prints that command's usage (not everyone's) and exits 0. */
    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        Map<List<String>, String> asked = new java.util.LinkedHashMap<>();
        for (String command : List.of("run", "sweep", "constraints", "videos", "data", "footage", "export", "predict", "kg",
                "rules", "runs")) {
            asked.put(List.of(command, "--help"), "usage: kenning " + command + " ");
        }
        asked.put(List.of("runs", "list", "--help"), "usage: kenning runs ");
        asked.put(List.of("sweep", "some.yaml", "--set", "training.steps=5,10", "--help"), "usage: kenning sweep SPEC");
        asked.put(List.of("constraints", "some.yaml", "-h"), "usage: kenning constraints SPEC");
        asked.put(List.of("export", "runs/x", "--help"), "usage: kenning export RUN_DIR");
        asked.put(List.of("kg", "import", "--help"), "usage: kenning kg ");
        asked.forEach((args, usage) -> {
            CliRun help = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, help.code(), args + ": " + help.err());
            assertTrue(help.out().startsWith(usage), args + ": " + help.out());
            String other = args.get(0).equals("run") ? "kenning sweep SPEC" : "kenning run SPEC";
            assertFalse(help.out().contains(other), args + " prints another command's usage: " + help.out());
        });
        assertTrue(CliRun.of("data", "--help").out().contains("kenning data digits"), "both of data's forms");
        assertTrue(CliRun.of("run", "--help").out().contains("--trust-pack PATH"));
        assertTrue(CliRun.of("--help").out().contains("kenning footage DIR"), "kenning --help: every command");
    }

    /** An option given twice, or the seed given by --seed and --set both, is refused: the last no longer silently wins. */
    @Test
    void contradictoryRepeatsAreRefused() {
        CliRun twice = CliRun.of("run", "any.yaml", "--seed", "1", "--seed", "2");
        assertEquals(2, twice.code());
        assertEquals("error: --seed: is given twice; give it once\n", twice.err());
        CliRun both = CliRun.of("run", "any.yaml", "--set", "seed=5", "--seed", "6");
        assertEquals(2, both.code());
        assertEquals("error: --seed 6: and --set seed=5 both set the seed; give one of them\n", both.err());
        assertEquals(2, CliRun.of("videos", "any.yaml", "--out", "a", "--out", "b").code());
        // the other commands alike: kg, runs, rules, export, predict
        CliRun export = CliRun.of("export", "run", "--out", "a", "--out", "b");
        assertEquals(2, export.code());
        assertEquals("error: --out: is given twice (a, b); give it once\n", export.err());
        assertEquals(2, CliRun.of("runs", "list", "--workspace", "a", "--workspace", "b").code());
    }

    @Test
    void testVideosCanBeSavedForInspection(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        CliRun o = CliRun.of("videos", f.spec.toString(), "--out", tmp.resolve("videos").toString(), "--count", "2");
        assertEquals(0, o.code(), o.err());
        List<String> labels = Files.readAllLines(tmp.resolve("videos/labels.csv"));
        assertEquals("sequence,frame,value", labels.get(0));
        assertEquals(1 + 2 * 8, labels.size());
        String firstVideo = labels.get(1).split(",")[0];
        assertTrue(Files.isRegularFile(tmp.resolve("videos").resolve(firstVideo).resolve("frame_007.png")));
    }

    @Test
    void unknownKeyNamesTheKeyAndLine(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("  steps: 20", "  steps: 20\n  stepz: 30");
        assertBadInput(f, tmp, "tiny.yaml:" + ExperimentFixture.lineOf(f.spec, "stepz"), "training.stepz");
    }

    @Test
    void missingOntologyNamesTheSpecLineAndTheFile(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("[physics.ttl, scene.ttl]", "\n    - physics.ttl\n    - nowhere.ttl");
        assertBadInput(f, tmp, "tiny.yaml:" + ExperimentFixture.lineOf(f.spec, "nowhere.ttl"), "nowhere.ttl");
    }

    @Test
    void malformedTurtleNamesFileLineAndColumn(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.scene, "k:governedBy k:EarthFreeFall ;", "k:governedBy k:EarthFreeFall ; ]");
        int line = ExperimentFixture.lineOf(f.scene, "k:EarthFreeFall ; ]");
        assertBadInput(f, tmp, "scene.ttl:" + line + ":", "scene.ttl");
    }

    @Test
    void drlSyntaxErrorNamesFileAndLine(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.rules, "$c : ConstraintSpec( kind == \"free-fall\" )", "$c : ConstraintSpec( kind == \"free-fall\" ");
        int line = ExperimentFixture.lineOf(f.rules, "$c : ConstraintSpec( kind == \"free-fall\" ");
        String error = errorLine(runExpectingFailure(f, tmp, "--trust-pack", f.rules.toString()));
        assertTrue(error.matches("error: .*physics\\.drl:(" + line + "|" + (line + 1) + "|" + (line + 2) + "):.*"),
                "DRL error should name physics.drl near line " + line + ": " + error);
    }

    @Test
    void frameRateDisagreementIsReported(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        f.replaceInSpec("fps: 15", "fps: 30");
        assertBadInput(f, tmp, "tiny.yaml", "data.fps");
    }

    private void assertBadInput(ExperimentFixture f, Path tmp, String where, String mentions) {
        String error = errorLine(runExpectingFailure(f, tmp));
        assertTrue(error.contains(where) && error.contains(mentions),
                "expected one message naming " + where + " and " + mentions + ", got: " + error);
    }

    /**
     * Rule packs are code: a spec naming a pack from outside the folder Kenning runs in (and not
     * Kenning's own) is refused before the pack is read, saying how to trust it; trusted, it runs.
     */
    @Test
    void aPackFromElsewhereRunsOnlyOnceTrusted(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        ExperimentFixture.replace(f.rules, "// Physics rule pack", "// An edited physics rule pack");
        CliRun refused = CliRun.of("constraints", f.spec.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().startsWith("error: " + f.rules + ": this rule pack is not trusted: a pack is Java code"
                + " that runs inside Kenning"), refused.err());
        assertTrue(refused.err().contains("run again with --trust-pack " + f.rules), refused.err());

        CliRun trusted = CliRun.of("constraints", f.spec.toString(), "--trust-pack", f.rules.toString());
        assertEquals(0, trusted.code(), trusted.err());
        assertTrue(trusted.out().contains("free-fall"), trusted.out());
        CliRun folder = CliRun.of("constraints", f.spec.toString(), "--trust-pack", tmp.toString());
        assertEquals(0, folder.code(), folder.err());
    }

    private static String errorLine(CliRun o) {
        return o.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    }

    private CliRun runExpectingFailure(ExperimentFixture f, Path tmp, String... more) {
        Path out = tmp.resolve("run-out");
        List<String> args = new java.util.ArrayList<>(List.of("run", f.spec.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        CliRun o = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().filter(l -> l.startsWith("error:")).count(), o.err());
        assertFalse(Files.exists(out), "no run folder may be left for bad input");
        return o;
    }
}
