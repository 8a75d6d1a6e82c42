package dev.kenning.workbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image folder's {@code unlabelled/}: semi-supervised learning takes its images as the
 * unlabelled pool instead of the training images left unlabelled; the other tasks leave it alone.
 */
class UnlabelledImagesTest {
    @TempDir
    Path dir;

    private static final String SEMI = """
              labelled: 40
            training:
              steps: 3
              batch: 8
              unlabelled_batch: 8
              log_every: 3
            evaluation:
              seeds: 1
            """;

    @Test
    void semiSupervisedLearningTakesTheUnlabelledFolderAsItsPool() throws IOException {
        Path folder = dir.resolve("shapes");
        ShapeFolder.writeImages(folder, "", 10, 1);
        ShapeFolder.writeUnlabelled(folder.resolve("unlabelled"), 24, 3);
        Path spec = ShapeFolder.writeSpec(dir.resolve("semi.yaml"), "semi-supervised", folder, SEMI);
        // 40 labels: the 32 training images left by the seeded split are too few, unlabelled/ or not
        CliRun few = CliRun.of("run", spec.toString(), "--out", dir.resolve("few").toString(), "--workspace", "off");
        assertEquals(2, few.code(), few.err());
        assertTrue(few.err().contains(spec + ":" + ExperimentFixture.lineOf(spec, "labelled: 40") + ": 'data.labelled' is 40"
                + " but there are 32 training images"), few.err());
        assertFalse(Files.exists(dir.resolve("few")));

        // all 32 labelled: fine with unlabelled/, which is the whole unlabelled pool
        ExperimentFixture.replace(spec, "labelled: 40", "labelled: 32");
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("run").toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("32 training and 8 test images (a seeded 0.2 of each class) of 4 classes and 24 unlabelled"),
                run.err());
        assertTrue(run.err().contains("32 labelled images + 24 unlabelled (unlabelled/) under exactly-one"), run.err());

        // without unlabelled/, the same budget would leave no image unlabelled
        Files.walk(folder.resolve("unlabelled")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        CliRun none = CliRun.of("run", spec.toString(), "--out", dir.resolve("none").toString(), "--workspace", "off");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("'data.labelled' is 32 but there are 32 training images: none would be left unlabelled"),
                none.err());
        assertFalse(Files.exists(dir.resolve("none")));

        Files.createDirectories(folder.resolve("unlabelled"));
        CliRun empty = CliRun.of("run", spec.toString(), "--out", dir.resolve("empty").toString(), "--workspace", "off");
        assertEquals(2, empty.code(), empty.err());
        assertTrue(empty.err().contains("error: " + folder.resolve("unlabelled") + ": no images (PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM)"), empty.err());
        assertFalse(Files.exists(dir.resolve("empty")));
    }

    @Test
    void otherTasksLeaveTheUnlabelledFolderAlone() throws IOException {
        Path folder = dir.resolve("shapes");
        ShapeFolder.writeImages(folder, "train", 10, 1);
        ShapeFolder.writeImages(folder, "test", 4, 2);
        ShapeFolder.writeUnlabelled(folder.resolve("unlabelled"), 4, 3);
        Files.writeString(folder.resolve("unlabelled/broken.png"), "not read, so not an error");
        Path spec = ShapeFolder.writeSpec(dir.resolve("zs.yaml"), "zero-shot", folder, """
                  held_out: [cross, dot]
                training:
                  steps: 2
                  batch: 8
                  log_every: 2
                evaluation:
                  seeds: 1
                """);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("zs").toString(), "--workspace", "off");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("40 training and 16 test images of 4 classes (unlabelled/ not read: only"
                + " semi-supervised learning uses unlabelled images)"), run.err());
    }
}
