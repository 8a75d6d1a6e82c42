package dev.kenning.datasets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as an image-folder PNG or an IDX file are decoded or refused with the one
 * {@link InputError}, never another exception and never an allocation the file cannot back.
 * Over the inputs under {@code ImageReadersFuzzTestInputs/} in the build; {@code JAZZER_FUZZ=1}
 * fuzzes them (docs/reliability.md, Fuzzing).
 */
class ImageReadersFuzzTest {
    private static final Path DIR = scratch();

    static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("kenning-fuzz-images");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void png(byte[] bytes) throws IOException {
        Path file = Files.write(DIR.resolve("image.png"), bytes);
        try {
            ImageFolder.pixels(file, 16, 3);
        } catch (InputError refused) {
            // one message naming the file
        }
    }

    @FuzzTest(maxDuration = "5m")
    void idxImages(byte[] bytes) throws IOException {
        Path file = Files.write(DIR.resolve("images-idx3-ubyte"), bytes);
        try {
            IdxFile.images(file, new int[2]);
        } catch (InputError refused) {
            // one message naming the file
        }
    }

    @FuzzTest(maxDuration = "5m")
    void idxLabels(byte[] bytes) throws IOException {
        Path file = Files.write(DIR.resolve("labels-idx1-ubyte"), bytes);
        try {
            IdxFile.labels(file);
        } catch (InputError refused) {
            // one message naming the file
        }
    }
}
