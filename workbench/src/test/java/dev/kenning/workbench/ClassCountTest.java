package dev.kenning.workbench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image tasks on a dataset of four classes, not Fashion-MNIST's ten: what the spec asks of
 * the classes is checked against the knowledge's own classes, at the spec's line, before a run
 * folder exists.
 */
class ClassCountTest {
    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void shapes() throws IOException {
        folder = ShapeFolder.writeSplit(dir.resolve("shapes"));
    }

    /** Three training steps, then five 2-way 1-shot test episodes of 2 queries a class: a few-shot spec's last sections. */
    private static final String TINY_EPISODES = """
            training:
              steps: 3
            evaluation:
              ways: 2
              shots: [1]
              queries: 2
              episodes: 5
            """;

    private static CliRun run(Path spec, String out) {
        return CliRun.of("run", spec.toString(), "--out", dir.resolve(out).toString(), "--workspace", "off");
    }

    @Test
    void zeroShotRunsOnFourClasses() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs.yaml"), "zero-shot", folder, ShapeFolder.TINY_ZERO_SHOT);
        CliRun run = run(spec, "zs-run");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("80 training and 32 test images of 4 classes"), run.err());
        var metrics = new ObjectMapper().readTree(dir.resolve("zs-run/metrics.json").toFile());
        assertEquals(0.5, metrics.get("baseline.acc").asDouble(), 1e-12); // chance over the 2 unseen classes
    }

    @Test
    void fewShotWaysAreCheckedAgainstTheClassesLeft() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("fs.yaml"), "few-shot", folder, """
                  held_out: [cross, dot]
                training:
                  steps: 3
                  ways: 3
                evaluation:
                  ways: 2
                  shots: [1]
                  queries: 2
                """);
        CliRun run = run(spec, "fs-run");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("error: " + spec + ":" + ExperimentFixture.lineOf(spec, "ways: 3") + ": 'training.ways'"
                + " is 3 but the knowledge's 4 classes leave 2 for training once data.held_out's 2 are taken out"), run.err());
        assertFalse(Files.exists(dir.resolve("fs-run")));

        ExperimentFixture.replace(spec, "ways: 3", "ways: 2");
        ExperimentFixture.replace(spec, "shots: [1]", "shots: [1, 5]");
        ExperimentFixture.replace(spec, "queries: 2", "queries: 4");
        CliRun few = run(spec, "fs-run");
        assertEquals(2, few.code(), few.err());
        assertTrue(few.err().contains("error: " + folder + ": class 'cross' has 8 test images; test episodes of 5 shots and"
                + " 4 queries need 9"), few.err());
        assertFalse(Files.exists(dir.resolve("fs-run")));
    }

    /**
     * Training episodes left to {@code auto} (the keys unset) take every base class up to 25 and
     * share 75 images among them, no more a class than its fewest training images: here 2 base
     * classes of 20 images, so 2-way episodes of 6 shots and 14 queries; spec.yaml keeps auto.
     */
    @Test
    void fewShotEpisodesLeftToAutoFitTheBaseClassesAndTheirImages() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("fs-auto.yaml"), "few-shot", folder, "  held_out: [cross, dot]\n" + TINY_EPISODES);
        CliRun run = run(spec, "fs-auto-run");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("prototypical network on 2-way 6-shot episodes (14 queries a class) of [hbar, vbar]"), run.err());
        String written = Files.readString(dir.resolve("fs-auto-run/spec.yaml"));
        assertTrue(written.contains("ways: auto") && written.contains("shots: auto") && written.contains("queries: auto"), written);

        ExperimentFixture.replace(spec, "steps: 3", "steps: 3\n  ways: two");
        CliRun bad = run(spec, "fs-auto-bad");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("'training.ways' must be a whole number or auto (the base classes, at most 25), got 'two'"),
                bad.err());
    }

    @Test
    void heldOutClassesMustLeaveTwoToLearnFrom() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs3.yaml"), "zero-shot", folder, """
                  held_out: [vbar, cross, dot]
                """);
        CliRun run = run(spec, "zs3-run");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("error: " + spec + ":" + ExperimentFixture.lineOf(spec, "held_out") + ": 'data.held_out'"
                + " names 3 of the knowledge's 4 classes, leaving 1 to train on; zero-shot needs at least 2"), run.err());
        assertFalse(Files.exists(dir.resolve("zs3-run")));
    }

    /**
     * Folders and held-out classes may call a class by any name it goes by in the graph (its
     * label, its local name), not only by its output name: one folder named by a label, one by a
     * local name, the held-out classes by a label.
     */
    @Test
    void foldersAndHeldOutClassesMayUseTheClassesLabels() throws IOException {
        Path named = dir.resolve("named-shapes");
        ShapeFolder.writeImages(named, "train", 20, 1);
        ShapeFolder.writeImages(named, "test", 8, 2);
        for (String part : new String[]{"train", "test"}) {
            Files.move(named.resolve(part).resolve("hbar"), named.resolve(part).resolve("Horizontal_Bar"));
            Files.move(named.resolve(part).resolve("vbar"), named.resolve(part).resolve("VBar"));
        }
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs-named.yaml"), "zero-shot", named,
                ShapeFolder.TINY_ZERO_SHOT.replace("held_out: [cross, dot]", "held_out: [vertical bar, dot]"));
        CliRun run = run(spec, "zs-named-run");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("80 training and 32 test images of 4 classes"), run.err());
        assertTrue(run.err().contains("no image of [vbar, dot]"), run.err());
    }

    /**
     * A zero-shot dataset's own files, as AwA2 ships them, are the whole knowledge: a predicate
     * matrix with its names beside it, and the unseen classes from testclasses.txt.
     */
    @Test
    void aPredicateMatrixAndItsTestClassesFileRunAsTheyAre() throws IOException {
        Path awa = Files.createDirectories(dir.resolve("awa-shapes"));
        Files.writeString(awa.resolve("classes.txt"), "     1\thbar\n     2\tvbar\n     3\tcross\n     4\tdot\n");
        Files.writeString(awa.resolve("predicates.txt"), "     1\thorizontal\n     2\tvertical\n     3\tround\n");
        Files.writeString(awa.resolve("predicate-matrix-binary.txt"), "1 0 0\n0 1 0\n1 1 0\n0 0 1\n");
        Files.writeString(awa.resolve("testclasses.txt"), "cross\ndot\n");
        Path root = ExperimentFixture.ROOT;
        Path spec = Files.writeString(awa.resolve("zs-awa.yaml"), """
                task: zero-shot
                knowledge:
                  ontologies: [predicate-matrix-binary.txt]
                  rules: [%s, %s, %s]
                data:
                  dataset: folder
                  path: %s
                  image_size: 12
                  held_out: testclasses.txt
                model:
                  conv_channels: [8]
                training:
                  steps: 3
                  batch: 8
                evaluation:
                  seeds: 1
                """.formatted(root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/attributes.drl"),
                root.resolve("rules/packs/labels.drl"), folder));
        CliRun run = run(spec, "zs-awa-run");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("no image of [cross, dot]"), run.err());
        assertTrue(run.err().contains("predicate-matrix-binary.txt: the 4 classes it names and the graph lacks are taken as its"
                + " dataset's labels"), run.err());

        Files.delete(awa.resolve("testclasses.txt"));
        CliRun missing = run(spec, "zs-awa-missing");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("error: " + spec + ":" + ExperimentFixture.lineOf(spec, "held_out") + ": 'data.held_out'"
                + " is a list of classes, [coat, sandal], or a file naming one class per line"), missing.err());

        // the same table over an ontology's own classes, which it does not make: no disjointness, said with the pairs
        Files.writeString(awa.resolve("shapes.ttl"), "@prefix ex: <http://example.org/s#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                + "ex:hbar a owl:Class . ex:vbar a owl:Class . ex:cross a owl:Class . ex:dot a owl:Class .\n");
        Files.writeString(awa.resolve("shapes.csv"), "class,horizontal,vertical,round\nhbar,1,0,0\nvbar,0,1,0\ncross,1,1,0\ndot,0,0,1\n");
        ExperimentFixture.replace(spec, "ontologies: [predicate-matrix-binary.txt]", "ontologies: [shapes.ttl, shapes.csv]");
        ExperimentFixture.replace(spec, "held_out: testclasses.txt", "held_out: [cross, dot]");
        CliRun notDisjoint = run(spec, "zs-awa-not-disjoint");
        assertEquals(2, notDisjoint.code(), notDisjoint.err());
        assertTrue(notDisjoint.err().contains("Of the 4 classes the graph scores, 6 pairs are not stated disjoint: class:cross and"
                + " class:dot, class:cross and class:hbar,"), notDisjoint.err());
    }

    /**
     * An image folder named as ImageNet names its classes, with WordNet as its only knowledge: the
     * folders are the labels, each id its WordNet synset, the synsets above them groups the rules
     * score; held_out names classes by their words; the run's spec.yaml keeps what it read.
     */
    @Test
    void anImageNetFolderWithWordNetAloneAsItsKnowledge() throws IOException {
        Path imagenet = ShapeFolder.writeSplit(dir.resolve("imagenet-shapes"));
        Map<String, String> ids = Map.of("hbar", "n03888257", "vbar", "n03417042", "cross", "n01440764", "dot", "n03445777");
        for (String part : List.of("train", "test")) {
            for (var id : ids.entrySet()) {
                Files.move(imagenet.resolve(part).resolve(id.getKey()), imagenet.resolve(part).resolve(id.getValue()));
            }
        }
        Path root = ExperimentFixture.ROOT;
        Path spec = Files.writeString(dir.resolve("fs-imagenet.yaml"), """
                task: few-shot
                knowledge:
                  wordnet: entity
                  rules: [%s, %s, %s]
                data:
                  dataset: folder
                  path: %s
                  image_size: 12
                  held_out: [garbage truck, golf ball]
                model:
                  conv_channels: [8]
                """.concat(TINY_EPISODES).formatted(root.resolve("rules/packs/disjointness.drl"), root.resolve("rules/packs/labels.drl"),
                root.resolve("rules/packs/groups.drl"), imagenet));
        CliRun run = run(spec, "fs-imagenet-run");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("the knowledge is the dataset's 4 labels (from " + imagenet + ") as classes, stated pairwise"
                + " disjoint, and WordNet's hypernyms above them"), run.err());
        assertTrue(run.err().contains("of [n01440764, n03888257]"), run.err()); // the base classes: tench and parachute
        String constraints = Files.readString(dir.resolve("fs-imagenet-run/constraints.json"));
        assertTrue(constraints.contains("n01440764 -> wn:tench.n.01") && constraints.contains("n03417042 -> wn:garbage_truck.n.01"),
                constraints);
        assertTrue(constraints.contains("group:"), "the synsets above the labels are scored as groups");
        String written = Files.readString(dir.resolve("fs-imagenet-run/spec.yaml"));
        assertTrue(written.contains("wordnet: entity") && written.contains("n03888257"), written);
        assertEquals(0, CliRun.of("constraints", dir.resolve("fs-imagenet-run/spec.yaml").toString()).code());
        // the knowledge made from the folders and WordNet is kept beside constraints.json, and in the bundle
        org.apache.jena.rdf.model.Model made = org.apache.jena.riot.RDFDataMgr.loadModel(
                dir.resolve("fs-imagenet-run/generated-knowledge.ttl").toString());
        assertTrue(made.listSubjectsWithProperty(org.apache.jena.vocabulary.RDFS.subClassOf).toList().size() >= 4,
                "every label a class under its hypernym: " + made);
        assertTrue(constraints.contains("\"generated_knowledge_sha256\""), constraints);
        CliRun export = CliRun.of("export", dir.resolve("fs-imagenet-run").toString(), "--out", dir.resolve("fs-imagenet-bundle").toString());
        assertEquals(0, export.code(), export.err());
        assertEquals(Files.readString(dir.resolve("fs-imagenet-run/generated-knowledge.ttl")),
                Files.readString(dir.resolve("fs-imagenet-bundle/knowledge/generated-knowledge.ttl")));
        assertTrue(Files.readString(dir.resolve("fs-imagenet-bundle/manifest.json")).contains("\"generated\""));

        ExperimentFixture.replace(spec, "path: " + imagenet, "path: " + folder);
        ExperimentFixture.replace(spec, "held_out: [garbage truck, golf ball]", "held_out: [cross, dot]");
        CliRun notNouns = run(spec, "fs-imagenet-not-nouns");
        assertEquals(2, notNouns.code(), notNouns.err());
        assertTrue(notNouns.err().contains("error: hbar: WordNet 3.1 knows no noun for this class name under entity.n.01 (a label of "
                + folder + "; with WordNet as the only knowledge every label must be an English noun or an ImageNet id"), notNouns.err());

        ExperimentFixture.replace(spec, "dataset: folder", "dataset: fashion-mnist");
        ExperimentFixture.replace(spec, "  image_size: 12\n", "");
        CliRun notFolder = run(spec, "fs-imagenet-not-folder");
        assertEquals(2, notFolder.code(), notFolder.err());
        assertTrue(notFolder.err().contains("'knowledge.ontologies' must list at least one file; only an image folder"), notFolder.err());
    }

    /** kenning constraints lists the first 50 of a kind, counts every kind, and lists every one with --all. */
    @Test
    void constraintsListsFiftyOfAKindUnlessAskedForAll() throws IOException {
        StringBuilder table = new StringBuilder("class,stripes,spots\n");
        for (int c = 1; c <= 12; c++) {
            table.append("c").append(c).append(',').append(c % 2).append(',').append(c / 2 % 2).append('\n');
        }
        Files.writeString(dir.resolve("table.csv"), table);
        Path spec = Files.writeString(dir.resolve("twelve.yaml"), """
                name: twelve
                task: zero-shot
                knowledge:
                  ontologies: [table.csv]
                  rules: [%1$s/disjointness.drl, %1$s/attributes.drl, %1$s/labels.drl]
                data:
                  dataset: folder
                  path: images
                  held_out: [c1, c2]
                """.formatted(ExperimentFixture.ROOT.resolve("rules/packs").toAbsolutePath()));
        CliRun some = CliRun.of("constraints", spec.toString());
        assertEquals(0, some.code(), some.err());
        assertTrue(some.out().contains("91 constraint(s) derived"), some.out());
        assertTrue(some.out().lines().anyMatch(l -> l.matches(" +mutually-exclusive +66")), some.out());
        assertEquals(50, some.out().lines().filter(l -> l.startsWith("mutually-exclusive on")).count());
        assertTrue(some.out().contains("… and 16 more mutually-exclusive constraints (--all lists every one)"), some.out());
        CliRun all = CliRun.of("constraints", spec.toString(), "--all");
        assertEquals(0, all.code(), all.err());
        assertEquals(66, all.out().lines().filter(l -> l.startsWith("mutually-exclusive on")).count());
        assertFalse(all.out().contains("more mutually-exclusive"), all.out());
    }
}
