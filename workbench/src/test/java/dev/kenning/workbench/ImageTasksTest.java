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
        return spec(name, task, data, extra);
    }

    private static Path spec(String name, String task, Path data, String extra) throws IOException {
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
        // the attribute head beside a head that learnt nothing, and a note when it does no better (6 steps: it may not)
        double head = m.get("attributes.agreement_base").asDouble();
        double byFrequency = m.get("attributes.agreement_base_by_frequency").asDouble();
        assertTrue(byFrequency >= 0.5 && byFrequency <= 1, m.toString());
        assertEquals(head < byFrequency + 0.02, run.err().contains("note: the attribute head agrees with the graph on"), run.err());
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

    /**
     * The same images as an image folder (written by kenning data, read back by data.dataset:
     * folder) give the same run, to every bit of every metric but the timings.
     */
    @Test
    void anImageFolderOfTheSameImagesGivesTheSameRun() throws IOException {
        Path idxSpec = spec("fs-idx", "few-shot", FEW_SHOT);
        Path folder = dir.resolve("as-folder");
        CliRun written = CliRun.of("data", idxSpec.toString(), "--out", folder.toString());
        assertEquals(0, written.code(), written.err());
        assertTrue(written.out().contains("wrote 650 images"), written.out());
        assertTrue(Files.isRegularFile(folder.resolve("train/sandal/00005.png")), "train/<class>/<index>.png");
        Path folderSpec = spec("fs-folder", "few-shot", folder, "  dataset: folder\n  image_size: 12\n" + FEW_SHOT);
        CliRun a = CliRun.of("run", idxSpec.toString(), "--out", dir.resolve("fs-idx-run").toString());
        CliRun b = CliRun.of("run", folderSpec.toString(), "--out", dir.resolve("fs-folder-run").toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("400 training and 250 test images of 10 classes"), b.err());
        JsonNode ma = metrics(dir.resolve("fs-idx-run"));
        JsonNode mb = metrics(dir.resolve("fs-folder-run"));
        int compared = 0;
        for (var it = ma.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.contains("second")) {
                assertEquals(ma.get(key).asDouble(), mb.get(key).asDouble(), 0.0, key);
                compared++;
            }
        }
        assertTrue(compared > 20, "compared " + compared);
    }

    /** Without train/ and test/, a seeded share of each class is held out; bad folders are one message each. */
    @Test
    void anImageFolderIsSplitBySeedAndCheckedClassByClass() throws IOException {
        Path folder = dir.resolve("flat");
        CliRun written = CliRun.of("data", spec("flat-idx", "zero-shot", "  held_out: [trouser, sneaker, coat]\n")
                .toString(), "--out", folder.toString());
        assertEquals(0, written.code(), written.err());
        // flatten: the test images join the training images' class folders
        for (Path cls : Files.list(folder.resolve("test")).toList()) {
            for (Path img : Files.list(cls).toList()) {
                Files.move(img, folder.resolve("train").resolve(cls.getFileName()).resolve("t" + img.getFileName()));
            }
        }
        for (Path cls : Files.list(folder.resolve("train")).toList()) {
            Files.move(cls, folder.resolve(cls.getFileName()));
        }
        Files.delete(folder.resolve("train"));
        Files.walk(folder.resolve("test")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        String zeroShot = "  dataset: folder\n  image_size: 16\n  test_fraction: 0.25\n  held_out: [trouser, sneaker, coat]\n"
                + "training:\n  steps: 4\n  log_every: 2\n  batch: 8\nevaluation:\n  seeds: 1\n";
        Path spec = spec("flat", "zero-shot", folder, zeroShot);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("flat-run").toString());
        assertEquals(0, run.code(), run.err());
        // the unseen classes' images are all test images: 7 seen classes give 343 and 112, the 3 unseen 195
        assertTrue(run.err().contains("343 training and 307 test images (a seeded 0.25 of each class; every image of the 3"
                + " held-out class(es))"), run.err());

        Files.move(folder.resolve("sandal"), folder.resolve("Sandals"));
        assertBadFolder(spec, "flat-bad1", folder.resolve("Sandals") + ": no class of the knowledge is called 'Sandals'");
        Files.move(folder.resolve("Sandals"), folder.resolve("SANDAL"));   // another spelling of the same class is fine
        Path coat = folder.resolve("coat");
        Path broken = coat.resolve("00003.png");
        Files.writeString(broken, "not a png");
        assertBadFolder(spec, "flat-bad2", broken + ": not a readable image (PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM");
        Files.write(broken, pngClaiming(50_000, 50_000));
        assertBadFolder(spec, "flat-bad3", broken + ": its header claims 50000 × 50000 pixels");
        Files.delete(broken);
        for (Path img : Files.list(coat).toList()) {
            Files.delete(img);
        }
        assertBadFolder(spec, "flat-bad4", coat + ": no images (PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM) in this class folder");
        Files.delete(coat);
        assertBadFolder(spec, "flat-bad5", folder + ": class 'coat' has no folder here");
    }

    /**
     * Colour JPEGs read as three channels: the run completes on RGB input and records it; any
     * other number of channels than 1 or 3 is an error at its line.
     */
    @Test
    void colourImagesAreReadAsThreeChannels() throws IOException {
        Path folder = dir.resolve("colour");
        CliRun written = CliRun.of("data", spec("colour-idx", "semi-supervised", "  labelled: 20\n").toString(),
                "--out", folder.toString());
        assertEquals(0, written.code(), written.err());
        try (var files = Files.walk(folder)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                java.awt.image.BufferedImage grey = javax.imageio.ImageIO.read(png.toFile());
                java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(grey.getWidth(), grey.getHeight(),
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < grey.getHeight(); y++) {
                    for (int x = 0; x < grey.getWidth(); x++) {
                        int v = grey.getRaster().getSample(x, y, 0);
                        rgb.setRGB(x, y, v << 16 | (v / 2) << 8 | (255 - v)); // the class's block red, the noise blue
                    }
                }
                javax.imageio.ImageIO.write(rgb, "jpg", png.resolveSibling(png.getFileName().toString().replace(".png", ".jpg"))
                        .toFile());
                Files.delete(png);
            }
        }
        String semi = "  dataset: folder\n  image_size: 12\n  channels: 3\n  labelled: 20\n"
                + "training:\n  steps: 4\n  batch: 8\n  unlabelled_batch: 16\n  log_every: 2\nevaluation:\n  seeds: 1\n";
        Path spec = spec("colour", "semi-supervised", folder, semi);
        Path out = dir.resolve("colour-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("400 training and 250 test images of 10 classes from " + folder + " (RGB)"), run.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("channels: 3"));
        assertAccuracy(metrics(out), "knowledge.acc");

        ExperimentFixture.replace(spec, "channels: 3", "channels: 2");
        CliRun bad = CliRun.of("run", spec.toString(), "--out", dir.resolve("colour-bad").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains(spec + ":" + ExperimentFixture.lineOf(spec, "channels: 2") + ": 'data.channels' must be"
                + " 1 (grey), 3 (RGB) or auto (RGB if any image is in colour, else grey), got 2"), bad.err());
        assertFalse(Files.exists(dir.resolve("colour-bad")));

        // unstated, the channels follow the images: these are in colour, so RGB, as torchvision reads them
        ExperimentFixture.replace(spec, "  channels: 2\n", "");
        Path auto = dir.resolve("colour-auto");
        CliRun unstated = CliRun.of("run", spec.toString(), "--out", auto.toString());
        assertEquals(0, unstated.code(), unstated.err());
        assertTrue(unstated.err().contains("400 training and 250 test images of 10 classes from " + folder + " (RGB: colour"
                + " images, "), unstated.err());
        assertTrue(Files.readString(auto.resolve("spec.yaml")).contains("channels: auto"));
    }

    /**
     * data.classes maps folders whose names are not the class's; a mapped class the knowledge
     * lacks or a mapped folder that is not there is an error at the map's line.
     */
    @Test
    void aClassMapNamesTheClassOfFoldersNamedOtherwise() throws IOException {
        Path folder = dir.resolve("mapped");
        CliRun written = CliRun.of("data", spec("mapped-idx", "semi-supervised", "  labelled: 20\n").toString(),
                "--out", folder.toString());
        assertEquals(0, written.code(), written.err());
        for (String part : List.of("train", "test")) {
            Files.move(folder.resolve(part).resolve("sandal"), folder.resolve(part).resolve("Flip flops"));
            Files.move(folder.resolve(part).resolve("bag"), folder.resolve(part).resolve("0009"));
        }
        String semi = "  dataset: folder\n  image_size: 12\n  classes:\n    Flip flops: sandal\n    \"0009\": class:bag\n"
                + "  labelled: 20\ntraining:\n  steps: 2\n  batch: 8\n  unlabelled_batch: 8\n  log_every: 1\n"
                + "evaluation:\n  seeds: 1\n";
        Path spec = spec("mapped", "semi-supervised", folder, semi);
        Path out = dir.resolve("mapped-run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("400 training and 250 test images of 10 classes"), run.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("Flip flops: sandal"));
        // its bundle reads the folders as the run did: the run's own test folder scores the run's accuracy
        Path bundle = dir.resolve("mapped-bundle");
        CliRun export = CliRun.of("export", out.toString(), "--out", bundle.toString());
        assertEquals(0, export.code(), export.err());
        CliRun predict = CliRun.of("predict", bundle.toString(), "--input", folder.resolve("test").toString(), "--out",
                dir.resolve("mapped.csv").toString());
        assertEquals(0, predict.code(), predict.err());
        java.util.regex.Matcher scored = java.util.regex.Pattern.compile("accuracy (\\S+) over the 250 image\\(s\\) in folders named"
                + " after those classes.*the run's [a-z_.0-9-]+: ([0-9.]+)", java.util.regex.Pattern.DOTALL).matcher(predict.out());
        assertTrue(scored.find(), predict.out());
        assertEquals(scored.group(2), scored.group(1), predict.out());
        assertFalse(predict.out().contains("name none of those classes"), predict.out());

        ExperimentFixture.replace(spec, "class:bag", "class:purse");
        assertBadFolder(spec, "mapped-bad1", spec + ":" + ExperimentFixture.lineOf(spec, "class:purse")
                + ": folder '0009' is mapped to class 'class:purse', which the knowledge does not have");
        ExperimentFixture.replace(spec, "\"0009\": class:purse", "handbags: bag");
        assertBadFolder(spec, "mapped-bad2", spec + ":" + ExperimentFixture.lineOf(spec, "handbags") + ": class folder"
                + " 'handbags' is mapped to 'bag', but " + folder.resolve("train/handbags") + " does not exist");
        ExperimentFixture.replace(spec, "handbags: bag", "\"0009\": sandal");
        // folders are taken in name order: 0009 first, so Flip flops is the second sandal folder
        assertBadFolder(spec, "mapped-bad3", spec + ":" + ExperimentFixture.lineOf(spec, "Flip flops")
                + ": a second folder for class 'sandal': " + folder.resolve("train/Flip flops") + " (the first: 0009)");
        ExperimentFixture.replace(spec, "    \"0009\": sandal\n", "");
        assertBadFolder(spec, "mapped-bad4", folder.resolve("train/0009") + ": no class of the knowledge is called '0009'");
    }

    private static void assertBadFolder(Path spec, String out, String message) {
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve(out).toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("error: " + message), run.err());
        assertTrue(!Files.exists(dir.resolve(out)), "no run folder for bad input");
    }

    /** A 1×1 grey PNG whose header is changed to claim {@code w × h} pixels (its checksum made right). */
    static byte[] pngClaiming(int w, int h) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png", bytes);
        byte[] png = bytes.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
        b.putInt(16, w).putInt(20, h); // IHDR data starts at 16: width, height
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);         // chunk type and 13 data bytes
        b.putInt(29, (int) crc.getValue());
        return png;
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
                  batch: 40
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
        // a batch larger than the labelled images repeats them: said
        assertTrue(run.err().contains("note: training.batch (40) is more than the 20 labelled images: each step draws them"
                + " with replacement, each about 2 times"), run.err());
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
        // kenning constraints lists what was derived, then says the run would stop, as the run says it
        CliRun constraints = CliRun.of("constraints", spec.toString());
        assertEquals(2, constraints.code(), constraints.err());
        assertTrue(constraints.out().contains("constraint(s) derived from") && constraints.out().contains(
                "a run of this spec would stop on this knowledge before training:"), constraints.out());
        assertTrue(constraints.err().contains(spec + ":" + line) && constraints.err().contains("class:dragon"), constraints.err());

        Path noData = spec("nodata", "semi-supervised", "  labelled: 20\n");
        ExperimentFixture.replace(noData, "path: " + data, "path: " + dir.resolve("nowhere"));
        CliRun missing = CliRun.of("run", noData.toString(), "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("apt-get install dataset-fashion-mnist"), missing.err());
        assertFalse(Files.exists(out));

        Path idxSize = spec("idxsize", "zero-shot", "  held_out: [trouser, coat]\n  channels: 3\n");
        CliRun folderKey = CliRun.of("run", idxSize.toString(), "--out", out.toString());
        assertEquals(2, folderKey.code());
        assertTrue(folderKey.err().contains(idxSize + ":" + ExperimentFixture.lineOf(idxSize, "channels") + ": 'data.channels' is"
                + " read from image folders only (data.dataset: folder); this spec reads fashion-mnist"), folderKey.err());
        assertFalse(Files.exists(out));

        Path badTask = spec("badtask", "few-shot", "  held_out: [coat, bag]\n");
        ExperimentFixture.replace(badTask, "task: few-shot", "task: fuw-shot");
        CliRun typo = CliRun.of("run", badTask.toString(), "--out", out.toString());
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains(badTask + ":3") && typo.err().contains("few-shot, zero-shot, semi-supervised"), typo.err());
    }
}
