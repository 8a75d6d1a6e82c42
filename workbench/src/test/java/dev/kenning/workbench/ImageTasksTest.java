package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kenning.workbench.spec.ImageTaskSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three image tasks end to end through the CLI, on a small Fashion-MNIST-shaped dataset
 * written here (12×12 images, ten classes), with the shipped ontology and rule packs.
 */
class ImageTasksTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = BlockImages.writeIdx(dir.resolve("idx"));
    }

    private static Path spec(String name, String task, String extra) throws IOException {
        Path root = ExperimentFixture.ROOT;
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                seed: 3
                task: %s
                knowledge:
                  ontologies: [%s, %s]
                  rules: [%s, %s, %s]
                data:
                  path: %s
                %s
                model:
                  conv_channels: [8, 8]
                """.formatted(name, task, root.resolve("kg/ontology/kenning.ttl"), root.resolve("kg/ontology/fashion-attributes.ttl"),
                root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/attributes.drl"),
                root.resolve("rules/packs/labels.drl"), data, extra));
        return file;
    }

    private static JsonNode metrics(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    }

    private static void assertAccuracy(JsonNode m, String key) {
        assertTrue(m.has(key), key + " in " + m);
        double v = m.get(key).asDouble();
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
    }

    /** A small few-shot run: the data section's held-out classes, then training and evaluation. */
    private static final String FEW_SHOT = """
              held_out: [tshirt-top, trouser, coat, sandal, bag]
            training:
              steps: 6
              log_every: 3
              shots: 2
              queries: 3
            evaluation:
              episodes: 40
              shots: [1, 3]
              queries: 4
            """;

    @Test
    void fewShotWritesBothModelsSideBySide() throws IOException {
        Path spec = spec("fs", "few-shot", FEW_SHOT + "  shuffled_control: true\n");
        Path out = dir.resolve("fs-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode m = metrics(out);
        for (String key : List.of("knowledge.acc", "baseline.acc", "knowledge.acc_5way3shot", "baseline.acc_5way3shot",
                "knowledge_embedding_only.acc_5way1shot", "knowledge_with_graph_profiles.acc_5way1shot",
                "shuffled_knowledge.acc_5way1shot", "shuffled_knowledge.acc_5way3shot")) {
            assertAccuracy(m, key);
        }
        // an interval over 40 episodes (0 wide only if every episode scored alike)
        assertTrue(m.get("knowledge.ci95").asDouble() >= 0 && m.get("baseline.ci95").asDouble() >= 0, m.toString());
        assertTrue(m.has("difference.p_5way1shot") && m.has("difference_vs_shuffled.p_5way3shot"), m.toString());
        assertEquals(0.2, m.get("chance").asDouble(), 1e-12);
        for (String file : List.of("accuracy.png", "confusion.png", "losses.png", "history.csv", "constraints.json",
                "spec.yaml", "report.html", "model/knowledge.sdz", "model/baseline.sdz", "model/shuffled.sdz")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        List<String> confusion = Files.readAllLines(out.resolve("confusion.csv"));
        assertTrue(confusion.get(0).startsWith("true\\pred,tshirt-top,trouser,pullover"), confusion.get(0));
        // only held-out classes are ever asked: rows of base classes are all zero
        assertTrue(confusion.get(3).matches("pullover(,0)+"), confusion.get(3));
        String history = Files.readString(out.resolve("history.csv"));
        assertTrue(history.startsWith("phase,step,prototypical,knowledge,total"), history);
        assertTrue(history.contains("\nbaseline,6,") && history.contains("\nshuffled,6,"), history);
        assertTrue(run.err().contains("5-way 1-shot: with knowledge") && run.err().contains("shuffled knowledge"), run.err());
        // a progress bar over the test episodes too: 2 settings x 5 evaluations (with, baseline,
        // embedding only, other prior, control); a front end's bar has a stage per model and one for testing
        assertTrue(run.err().contains("testing    [####################]    10/10 evaluations"), run.err());
        ImageTaskSpec parsed = ImageTaskSpec.load(spec);
        assertEquals(3, parsed.trainings());
        assertEquals(4, parsed.stages());
    }

    @Test
    void wordNetGroupsBecomeAttributesOfTheFewShotModel() throws IOException {
        Path spec = spec("wn", "few-shot", FEW_SHOT);
        ExperimentFixture.replace(spec, "  rules: [", "  wordnet: artifact\n  rules: ["
                + ExperimentFixture.ROOT.resolve("rules/packs/groups.drl") + ", ");
        Path out = dir.resolve("wn-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode constraints = new ObjectMapper().readTree(out.resolve("constraints.json").toFile());
        String senses = constraints.get("wordnet_senses").toString();
        assertTrue(senses.contains("sandal -> wn:sandal.n.01") && senses.contains("ankle boot -> wn:boot.n.01 (a kind of)"), senses);
        JsonNode m = metrics(out);
        // WordNet's shoe (sandal and sneaker) is a group the head scores; the held-out sandal is one
        assertAccuracy(m, "attributes.agreement_held_out.group:shoe.n.01");
        assertAccuracy(m, "knowledge.acc_5way1shot");

        ExperimentFixture.replace(spec, "wordnet: artifact", "wordnet: \"42\"");
        CliRun bad = CliRun.of("run", spec.toString(), "--out", dir.resolve("wn-bad").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains(spec + ":" + ExperimentFixture.lineOf(spec, "wordnet")) && bad.err().contains("artifact"),
                bad.err());
    }

    @Test
    void zeroShotNamesUnseenClassesAgainstChance() throws IOException {
        Path spec = spec("zs", "zero-shot", """
                  held_out: [trouser, sneaker, coat]
                training:
                  steps: 5
                  batch: 16
                  log_every: 5
                evaluation:
                  seeds: 2
                """);
        Path out = dir.resolve("zs-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode m = metrics(out);
        assertAccuracy(m, "knowledge.acc");
        assertAccuracy(m, "knowledge.acc_seed4");
        assertEquals(1 / 3.0, m.get("baseline.acc").asDouble(), 1e-12);
        assertTrue(m.get("usable_attributes").asDouble() >= 5, m.toString());
        assertTrue(Files.isRegularFile(out.resolve("confusion.png")));
    }

    @Test
    void semiSupervisedComparesExactlyOneWithLabelsOnly() throws IOException {
        Path spec = spec("ss", "semi-supervised", """
                  labelled: 20
                training:
                  steps: 4
                  batch: 8
                  unlabelled_batch: 16
                  log_every: 2
                evaluation:
                  seeds: 2
                """);
        Path out = dir.resolve("ss-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode m = metrics(out);
        for (String key : List.of("knowledge.acc", "baseline.acc", "knowledge.acc_seed3", "baseline.acc_seed4")) {
            assertAccuracy(m, key);
        }
        assertTrue(m.has("difference.ci95_labels20"));
        String history = Files.readString(out.resolve("history.csv"));
        assertTrue(history.contains("exactly_one"), history);
    }

    @Test
    void anUnknownHeldOutClassOrMissingDataIsOneClearErrorAndNoRunFolder() throws IOException {
        Path spec = spec("bad", "zero-shot", """
                  held_out: [trouser, dragon]
                """);
        Path out = dir.resolve("bad-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.err());
        int line = ExperimentFixture.lineOf(spec, "held_out");
        assertTrue(run.err().contains(spec + ":" + line), run.err());
        assertTrue(run.err().contains("class:dragon") && run.err().contains("class:ankle-boot"), run.err());
        assertFalse(Files.exists(out));

        Path noData = spec("nodata", "semi-supervised", "  labelled: 20\n");
        ExperimentFixture.replace(noData, "path: " + data, "path: " + dir.resolve("nowhere"));
        CliRun missing = CliRun.of("run", noData.toString(), "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("apt-get install dataset-fashion-mnist"), missing.err());
        assertFalse(Files.exists(out));

        Path badTask = spec("badtask", "few-shot", "  held_out: [coat, bag]\n");
        ExperimentFixture.replace(badTask, "task: few-shot", "task: fuw-shot");
        CliRun typo = CliRun.of("run", badTask.toString(), "--out", out.toString());
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains(badTask + ":3") && typo.err().contains("few-shot, zero-shot, semi-supervised"), typo.err());
    }
}
