package dev.kenning.datasets;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files written here (plain and gzipped), read back; bad files named with what is wrong. */
class IdxFileTest {
    @TempDir
    Path dir;

    /** A tiny Fashion-MNIST-shaped folder: {@code perClass} images of 4×3 per class, pixel = label·20 + i. */
    static void writeDataset(Path folder, String part, int classes, int perClass, boolean gzip) throws IOException {
        int n = classes * perClass;
        byte[][] pixels = new byte[n][12];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            Arrays.fill(pixels[i], (byte) (labels[i] * 20 + i % 20));
        }
        IdxFile.write(folder, part, pixels, labels, 4, 3, gzip);
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path gz = Files.createDirectories(dir.resolve("gz"));
        writeDataset(plain, "train", 3, 5, false);
        writeDataset(gz, "train", 3, 5, true);
        LabelledImages a = FashionMnist.train(plain);
        LabelledImages b = FashionMnist.train(gz);
        assertEquals(15, a.size());
        assertEquals(4, a.rows());
        assertEquals(3, a.cols());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals((2 * 20 + 5) / 255f, a.pixels()[5][7], 1e-7);
        assertArrayEquals(a.pixels()[9], b.pixels()[9]);
    }

    @Test
    void aWrongOrTruncatedFileSaysWhatIsWrong() throws IOException {
        writeDataset(dir, "train", 2, 3, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        InputError wrong = assertThrows(InputError.class, () -> IdxFile.images(labels, new int[2]));
        assertTrue(wrong.getMessage().contains("magic number 0x00000801, expected 0x00000803"), wrong.getMessage());

        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length - 5));
        InputError cut = assertThrows(InputError.class, () -> FashionMnist.train(dir));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());

        InputError missing = assertThrows(InputError.class, () -> FashionMnist.test(dir));
        assertTrue(missing.getMessage().contains("apt-get install dataset-fashion-mnist"), missing.getMessage());
    }

    /** A user's image folder given where Fashion-MNIST's files are expected is told to say it is one. */
    @Test
    void anImageFolderWhereTheIdxFilesWereExpectedIsNamedAsOne() throws IOException {
        Files.createDirectories(dir.resolve("boot"));
        Files.createDirectories(dir.resolve("sandal"));
        InputError folder = assertThrows(InputError.class, () -> FashionMnist.train(dir));
        assertTrue(folder.getMessage().contains("subfolders [boot, sandal]") && folder.getMessage().contains("data.dataset: folder"),
                folder.getMessage());

        InputError none = assertThrows(InputError.class, () -> FashionMnist.train(dir.resolve("nowhere")));
        assertTrue(none.getMessage().contains("no such folder") && none.getMessage().contains("apt-get install dataset-fashion-mnist"),
                none.getMessage());
    }

    @Test
    void aHeaderClaimingBillionsOfImagesIsRefusedBeforeAnythingIsAllocated() throws IOException {
        for (boolean gzip : new boolean[]{false, true}) {
            writeDataset(dir, "train", 2, 3, gzip);
            Path images = dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
            byte[] header = java.nio.ByteBuffer.allocate(16 + 2 * 28 * 28).putInt(0x0803).putInt(Integer.MAX_VALUE).putInt(28)
                    .putInt(28).array();
            if (gzip) {
                java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(packed)) {
                    z.write(header);
                }
                header = packed.toByteArray();
            }
            Files.write(images, header);
            InputError e = assertThrows(InputError.class, () -> IdxFile.images(images, new int[2]));
            assertTrue(e.getMessage().contains("its header promises 2147483647 images of 28 × 28"), e.getMessage());
            Files.delete(images);
        }
    }

    @Test
    void episodesAreSeededDisjointAndFromTheGivenClasses() throws IOException {
        writeDataset(dir, "train", 6, 12, true);
        LabelledImages images = FashionMnist.train(dir);
        List<Integer> heldOut = List.of(1, 3, 4, 5);
        EpisodeSampler a = new EpisodeSampler(images, heldOut, 3, 2, 4, 11);
        EpisodeSampler b = new EpisodeSampler(images, heldOut, 3, 2, 4, 11);
        Set<String> distinct = new HashSet<>();
        for (int e = 0; e < 20; e++) {
            EpisodeSampler.Episode x = a.next();
            EpisodeSampler.Episode y = b.next();
            assertArrayEquals(x.support(), y.support());
            assertArrayEquals(x.query(), y.query());
            distinct.add(Arrays.toString(x.support()));
            Set<Integer> used = new HashSet<>();
            for (int k = 0; k < 3; k++) {
                assertTrue(heldOut.contains(x.classes()[k]));
                for (int s = 0; s < 2; s++) {
                    int img = x.support()[k * 2 + s];
                    assertEquals(x.classes()[k], images.labels()[img]);
                    assertTrue(used.add(img));
                }
            }
            for (int q = 0; q < x.query().length; q++) {
                assertEquals(x.classes()[x.queryClass(q)], images.labels()[x.query()[q]]);
                assertTrue(used.add(x.query()[q]), "support and queries never share an image");
            }
        }
        assertTrue(distinct.size() > 15, "episodes vary");
    }
}
