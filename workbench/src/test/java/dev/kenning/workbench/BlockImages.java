package dev.kenning.workbench;

import dev.kenning.datasets.IdxFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small data set in Fashion-MNIST's four IDX files, for tests that must not need the real one:
 * 12×12 images of ten classes, class c a bright 4×4 block at a place of its own on noise;
 * 40 training and 25 test images per class.
 */
public final class BlockImages {
    private BlockImages() {
    }

    /** Writes the four files into {@code folder} (made if missing) and returns it. */
    public static Path writeIdx(Path folder) throws IOException {
        Files.createDirectories(folder);
        write(folder, "train", 40, 1);
        write(folder, "t10k", 25, 2);
        return folder;
    }

    private static void write(Path folder, String part, int perClass, long seed) throws IOException {
        Random rnd = new Random(seed);
        int n = 10 * perClass;
        byte[][] pixels = new byte[n][144];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = c;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean block = x >= (c % 4) * 2 && x < (c % 4) * 2 + 4 && y >= (c / 4) * 3 && y < (c / 4) * 3 + 4;
                    pixels[i][y * 12 + x] = (byte) (block ? 200 + rnd.nextInt(55) : rnd.nextInt(60));
                }
            }
        }
        IdxFile.write(folder, part, pixels, labels, 12, 12, true);
    }
}
