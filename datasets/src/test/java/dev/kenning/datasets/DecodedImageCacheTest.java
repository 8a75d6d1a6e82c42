package dev.kenning.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodedImageCacheTest {
    @TempDir
    Path dir;

    /** Colour PNGs of random pixels in two class folders, resized from 9×7 when read. */
    private Path folder() throws IOException {
        Random rnd = new Random(4);
        for (String c : List.of("a", "b")) {
            Files.createDirectories(dir.resolve("images").resolve(c));
            for (int i = 0; i < 5; i++) {
                BufferedImage img = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 9; x++) {
                        img.setRGB(x, y, rnd.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", dir.resolve("images").resolve(c).resolve(c + i + ".png").toFile());
            }
        }
        return dir.resolve("images");
    }

    private static ImageFolder.Split load(Path folder, int channels, DecodedImageCache cache) {
        return ImageFolder.load(folder, List.of("a", "b"), new ImageFolder.Reading(6, channels, 0.2, 3), cache);
    }

    private static void assertSameImages(LabelledImages a, LabelledImages b) {
        assertArrayEquals(a.labels(), b.labels());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.pixels()[i], b.pixels()[i], 0f, "image " + i);
        }
    }

    @Test
    void aSecondReadComesFromTheCacheToEveryBit() throws IOException {
        Path folder = folder();
        DecodedImageCache cache = DecodedImageCache.in(dir.resolve("cache"));
        for (int channels : new int[]{3, 1}) { // RGB values are whole 255ths; luma values are not
            ImageFolder.Split decoded = load(folder, channels, DecodedImageCache.NONE);
            ImageFolder.Split first = load(folder, channels, cache);
            ImageFolder.Split second = load(folder, channels, cache);
            assertTrue(first.description().contains(", decoded in") && first.description().contains("kept in the decode cache"),
                    first.description());
            assertTrue(second.description().contains(", read from the decode cache in"), second.description());
            assertSameImages(decoded.train(), second.train());
            assertSameImages(decoded.test(), second.test());
        }
        // 2 entries (RGB and grey); bytes for RGB: 10 images of 3x6x6 values + a 17-byte header
        try (var entries = Files.list(dir.resolve("cache"))) {
            List<Long> sizes = entries.map(p -> p.toFile().length()).sorted().toList();
            assertEquals(List.of(17L + 10 * 108, 17L + 10 * 36 * 4), sizes);
        }
    }

    @Test
    void aChangedImageOrAnotherSizeMissesAndABrokenEntryIsDecodedAgain() throws IOException {
        Path folder = folder();
        Path cacheDir = dir.resolve("cache");
        DecodedImageCache cache = DecodedImageCache.in(cacheDir);
        AtomicInteger decodes = new AtomicInteger();
        List<Path> files = List.of(folder.resolve("a/a0.png"), folder.resolve("b/b1.png"));
        java.util.function.IntFunction<java.util.function.Supplier<float[][]>> decoding = size -> () -> {
            decodes.incrementAndGet();
            return new float[][]{ImageFolder.pixels(files.get(0), size, 3), ImageFolder.pixels(files.get(1), size, 3)};
        };
        var decode = decoding.apply(6);
        assertFalse(cache.images(files, 6, 3, decode).cached());
        assertTrue(cache.images(files, 6, 3, decode).cached());
        assertFalse(cache.images(files, 5, 3, decoding.apply(5)).cached(), "another image size");
        assertEquals(2, decodes.get());

        ImageIO.write(new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB), "png", files.get(1).toFile());
        DecodedImageCache.Images changed = cache.images(files, 6, 3, decode);
        assertFalse(changed.cached(), "an image written again");
        assertEquals(0f, changed.pixels()[1][0]);

        Path entry = cacheDir.resolve(DecodedImageCache.key(files, 6, 3) + ".bin");
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length - 1));
        DecodedImageCache.Images again = cache.images(files, 6, 3, decode);
        assertFalse(again.cached(), "a truncated entry");
        assertEquals(whole.length, Files.size(entry), "and written whole again");
        assertEquals(4, decodes.get());
    }
}
