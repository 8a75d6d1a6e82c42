package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image run's model exported as a bundle and run outside its run, as a user would: the
 * bundle names the run's own test images exactly as the run did (the same accuracy, to the
 * image), in SameDiff and in ONNX Runtime alike, and a folder of the user's own images in
 * folders named after classes is scored; few-shot runs are refused in one line.
 */
class ImageExportTest {
    @TempDir
    static Path dir;
    static Path folder;
    static JsonNode zeroShotMetrics;

    @BeforeAll
    static void zeroShotRun() throws IOException {
        folder = ShapeFolder.writeSplit(dir.resolve("shapes"));
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs.yaml"), "zero-shot", folder, """
                  held_out: [cross, dot]
                training:
                  steps: 40
                  batch: 16
                  log_every: 20
                evaluation:
                  seeds: 2
                """);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("zs-run").toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        zeroShotMetrics = new ObjectMapper().readTree(dir.resolve("zs-run/metrics.json").toFile());
    }

    @Test
    void aZeroShotBundleNamesTheRunsTestImagesAsTheRunDid() throws IOException {
        Path bundle = dir.resolve("zs-bundle");
        // the second seed's model, so the phase is read, not assumed
        CliRun export = CliRun.of("export", dir.resolve("zs-run").toString(), "--out", bundle.toString(), "--phase", "knowledge-s2");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("names an image among 2 class(es) [cross, dot] by their attribute profiles"), export.out());
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("zero-shot", manifest.path("task").asText());
        assertEquals(List.of(1L, 12L, 12L), List.of(manifest.at("/input/shape/1").asLong(), manifest.at("/input/shape/2").asLong(),
                manifest.at("/input/shape/3").asLong()));
        assertEquals("[\"cross\",\"dot\"]", manifest.at("/decision/among").toString());
        assertTrue(manifest.at("/decision/profiles/cross").size() > 0, manifest.at("/decision").toString());
        assertTrue(Files.isRegularFile(bundle.resolve("knowledge/disjointness.drl")));
        // read as a tracking model's bundle, it is refused for what it is, not misread
        dev.kenning.core.InputError misread = org.junit.jupiter.api.Assertions.assertThrows(dev.kenning.core.InputError.class,
                () -> dev.kenning.export.ModelBundle.load(bundle));
        assertTrue(misread.getMessage().contains("is a zero-shot image model's bundle, not a tracking model's"), misread.getMessage());

        for (String engine : List.of("samediff", "onnx")) {
            Path csv = dir.resolve("test-" + engine + ".csv");
            CliRun predict = CliRun.of("predict", bundle.toString(), "--input", folder.resolve("test").toString(), "--engine", engine,
                    "--out", csv.toString());
            assertEquals(0, predict.code(), predict.err());
            // the run scored seed 2's model on the unseen classes' test images: the bundle scores them the same, image by image
            double run = zeroShotMetrics.path("knowledge.acc_seed2").asDouble();
            assertEquals(run, accuracy(csv, List.of("cross", "dot")), 1e-12, engine);
            assertTrue(predict.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f over the 16 image(s)", run)),
                    predict.out());
            assertTrue(predict.out().contains("16 image(s) in folders of the knowledge's other classes were named too, not scored"),
                    predict.out());
        }
        // the two runtimes name every image alike and agree on every attribute probability
        List<String[]> sd = rows(dir.resolve("test-samediff.csv"));
        List<String[]> onnx = rows(dir.resolve("test-onnx.csv"));
        assertEquals(32, sd.size());
        for (int i = 0; i < sd.size(); i++) {
            assertEquals(sd.get(i)[1], onnx.get(i)[1], sd.get(i)[0]);
            for (int k = 4; k < sd.get(i).length; k++) {
                assertEquals(Double.parseDouble(sd.get(i)[k]), Double.parseDouble(onnx.get(i)[k]), 1e-4);
            }
        }
    }

    @Test
    void aUsersOwnFolderIsScoredWhereItsFoldersNameClasses() throws IOException {
        Path bundle = dir.resolve("zs-bundle-own");
        assertEquals(0, CliRun.of("export", dir.resolve("zs-run").toString(), "--out", bundle.toString()).code());
        Path own = dir.resolve("own");
        ShapeFolder.writeImages(own.resolve("photos"), "", 3, 7);
        Files.move(own.resolve("photos/cross"), own.resolve("photos/Cross"));  // as a user capitalises it
        Files.move(own.resolve("photos/dot"), own.resolve("photos/misc"));      // a folder that names no class
        Files.createDirectories(own.resolve("photos/__MACOSX"));
        Files.copy(own.resolve("photos/misc").toFile().listFiles()[0].toPath(), own.resolve("photos/__MACOSX/._x.png"));
        Path csv = dir.resolve("own.csv");
        CliRun predict = CliRun.of("predict", bundle.toString(), "--input", own.toString(), "--out", csv.toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().startsWith("12 image(s) named among [cross, dot] (zero-shot)"), predict.out());
        assertTrue(predict.out().contains("over the 3 image(s) in folders named after those classes"), predict.out());
        assertTrue(predict.out().contains("3 image(s) in 1 folder(s) that name none of those classes were named, not scored:"
                + " photos/misc/ (3)"), predict.out());
        assertEquals(12, rows(csv).size());
        assertTrue(rows(csv).stream().allMatch(r -> r[1].equals("cross") || r[1].equals("dot")));

        CliRun one = CliRun.of("predict", bundle.toString(), "--input", own.resolve("photos/Cross").toFile().listFiles()[0].toString(),
                "--out", dir.resolve("one.csv").toString());
        assertEquals(0, one.code(), one.err());
        // one image names its class by its folder too, as in a class folder of many
        assertTrue(one.out().contains("over the 1 image(s) in folders named after those classes"), one.out());
        assertEquals("cross", rows(dir.resolve("one.csv")).get(0)[3]);
    }

    @Test
    void aSemiSupervisedBundleNamesImagesByItsClassHead() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("semi.yaml"), "semi-supervised", folder, """
                  labelled: 16
                training:
                  steps: 30
                  batch: 8
                  unlabelled_batch: 16
                  log_every: 15
                evaluation:
                  seeds: 1
                """);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("semi-run").toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("semi-run/metrics.json").toFile());
        Path bundle = dir.resolve("semi-bundle");
        CliRun export = CliRun.of("export", dir.resolve("semi-run").toString(), "--out", bundle.toString(), "--phase", "baseline-s1",
                "--int8");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("by the largest class logit"), export.out());
        assertTrue(export.out().contains("int8 ONNX weights on the run's 32 test images: accuracy "), export.out());
        assertTrue(export.out().contains(String.format(java.util.Locale.ROOT, "(float32 SameDiff %.6f,",
                metrics.path("baseline.acc_seed1").asDouble())), export.out());
        Path csv = dir.resolve("semi.csv");
        CliRun predict = CliRun.of("predict", bundle.toString(), "--input", folder.resolve("test").toString(), "--out", csv.toString());
        assertEquals(0, predict.code(), predict.err());
        assertEquals(metrics.path("baseline.acc_seed1").asDouble(), accuracy(csv, ShapeFolder.CLASSES), 1e-12);
        assertEquals("image,class,score,truth,hbar,vbar,cross,dot", Files.readAllLines(csv).get(0));

        CliRun missing = CliRun.of("export", dir.resolve("semi-run").toString(), "--out", dir.resolve("semi-x").toString(),
                "--phase", "knowledge-s7");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("this semi-supervised run has no model 'knowledge-s7' to export; its models are [knowledge-s1,"
                + " baseline-s1]"), missing.err());
        assertFalse(Files.exists(dir.resolve("semi-x")));
    }

    @Test
    void aFewShotBundleNamesImagesAmongTheClassesOfSupportImages() throws IOException {
        Path spec = ShapeFolder.writeSpec(dir.resolve("fs.yaml"), "few-shot", folder, """
                  held_out: [cross, dot]
                training:
                  steps: 20
                  ways: 2
                  shots: 2
                  queries: 3
                  log_every: 10
                evaluation:
                  ways: 2
                  shots: [2]
                  queries: 4
                  episodes: 10
                """);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("fs-run").toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        Path bundle = dir.resolve("fs-bundle");
        CliRun export = CliRun.of("export", dir.resolve("fs-run").toString(), "--out", bundle.toString(), "--int8");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("exported the knowledge model"), export.out());
        assertTrue(export.out().contains("by their prototypes and the knowledge's attribute profiles"), export.out());
        assertTrue(export.out().contains("int8 ONNX weights on the run's 12 test images (2 of each novel class as support)"),
                export.out());
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals("prototypes", manifest.at("/decision/rule").asText());
        assertEquals(List.of("embedding", "attributes"), manifest.path("outputs").findValuesAsText("name"));

        // support: two images of cross and of dot from the test split, and a class the knowledge does not know
        Path support = dir.resolve("support");
        for (String c : List.of("cross", "dot", "hbar")) {
            Path to = support.resolve(c.equals("hbar") ? "Stripe" : c);
            Files.createDirectories(to);
            File[] images = folder.resolve("test/" + c).toFile().listFiles();
            java.util.Arrays.sort(images);
            Files.copy(images[0].toPath(), to.resolve(images[0].getName()));
            Files.copy(images[1].toPath(), to.resolve(images[1].getName()));
        }
        for (String engine : List.of("samediff", "onnx")) {
            CliRun predict = CliRun.of("predict", bundle.toString(), "--input", folder.resolve("test").toString(), "--support",
                    support.toString(), "--engine", engine, "--out", dir.resolve("fs-" + engine + ".csv").toString());
            assertEquals(0, predict.code(), predict.err());
            assertTrue(predict.out().startsWith("32 image(s) named among [Stripe, cross, dot] (few-shot, by the prototypes of 6"
                    + " support image(s))"), predict.out());
            assertTrue(predict.out().contains("over the 16 image(s) in folders named after those classes"), predict.out());
            assertTrue(predict.out().contains("note: 6 of the images named are support images too"), predict.out());
            assertTrue(predict.out().contains("16 image(s) in 2 folder(s) that name none of those classes"), predict.out());
        }
        // logits are minus squared distances of nearly equal embeddings: float32 rounding shows in the third digit
        List<String[]> sd = rows(dir.resolve("fs-samediff.csv"));
        List<String[]> onnx = rows(dir.resolve("fs-onnx.csv"));
        for (int i = 0; i < sd.size(); i++) {
            for (int k = 4; k < 7; k++) {
                assertEquals(Double.parseDouble(sd.get(i)[k]), Double.parseDouble(onnx.get(i)[k]),
                        1e-2 * Math.max(1, Math.abs(Double.parseDouble(sd.get(i)[k]))), sd.get(i)[0]);
            }
        }

        // without the knowledge's evidence, a support image is its own class's prototype at distance 0
        Path baseline = dir.resolve("fs-baseline");
        assertEquals(0, CliRun.of("export", dir.resolve("fs-run").toString(), "--out", baseline.toString(), "--phase",
                "baseline").code());
        Path one = dir.resolve("one-shot");
        for (String c : ShapeFolder.CLASSES) {
            Files.createDirectories(one.resolve(c));
            File[] images = folder.resolve("test/" + c).toFile().listFiles();
            java.util.Arrays.sort(images);
            Files.copy(images[0].toPath(), one.resolve(c + "/a.png"));
        }
        CliRun self = CliRun.of("predict", baseline.toString(), "--input", one.toString(), "--support", one.toString(), "--out",
                dir.resolve("self.csv").toString());
        assertEquals(0, self.code(), self.err());
        assertTrue(self.out().contains("accuracy 1.0000 over the 4 image(s)"), self.out());

        CliRun without = CliRun.of("predict", bundle.toString(), "--input", folder.resolve("test").toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("is a few-shot model: it names an image among the classes of support images, a few"
                + " labelled images per class; give them with --support DIR"), without.err());
        Path zeroShot = dir.resolve("zs-bundle-support");
        assertEquals(0, CliRun.of("export", dir.resolve("zs-run").toString(), "--out", zeroShot.toString()).code());
        CliRun misplaced = CliRun.of("predict", zeroShot.toString(), "--input", folder.toString(), "--support", support.toString());
        assertEquals(2, misplaced.code());
        assertTrue(misplaced.err().contains("--support: this zero-shot model names images among the classes it was trained for"),
                misplaced.err());
    }

    /** The CSV's rows after the header, split at commas (the shapes' names hold none). */
    private static List<String[]> rows(Path csv) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            out.add(line.split(",", -1));
        }
        return out;
    }

    /** The share of rows whose truth is one of {@code classes} that name it. */
    private static double accuracy(Path csv, List<String> classes) throws IOException {
        int scored = 0;
        int right = 0;
        for (String[] r : rows(csv)) {
            if (classes.contains(r[3])) {
                scored++;
                right += r[1].equals(r[3]) ? 1 : 0;
            }
        }
        return right / (double) scored;
    }
}
