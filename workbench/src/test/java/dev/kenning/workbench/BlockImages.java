package dev.kenning.workbench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

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
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream im = new DataOutputStream(images);
        im.writeInt(0x803);
        im.writeInt(n);
        im.writeInt(12);
        im.writeInt(12);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream lb = new DataOutputStream(labels);
        lb.writeInt(0x801);
        lb.writeInt(n);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean block = x >= (c % 4) * 2 && x < (c % 4) * 2 + 4 && y >= (c / 4) * 3 && y < (c / 4) * 3 + 4;
                    im.writeByte(block ? 200 + rnd.nextInt(55) : rnd.nextInt(60));
                }
            }
            lb.writeByte(c);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(part + "-images-idx3-ubyte.gz")))) {
            out.write(images.toByteArray());
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(part + "-labels-idx1-ubyte.gz")))) {
            out.write(labels.toByteArray());
        }
    }
}
