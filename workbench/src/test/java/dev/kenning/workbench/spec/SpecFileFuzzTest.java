package dev.kenning.workbench.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as an experiment spec load or are refused with the one {@link InputError}, never
 * another exception. Over the inputs under {@code SpecFileFuzzTestInputs/} in the build;
 * {@code JAZZER_FUZZ=1} fuzzes it (docs/reliability.md, Fuzzing).
 */
class SpecFileFuzzTest {
    private static final Path DIR = scratch();

    static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("kenning-fuzz-spec");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void spec(byte[] bytes) throws IOException {
        Path file = Files.write(DIR.resolve("spec.yaml"), bytes);
        try {
            SpecFile.load(file);
        } catch (InputError refused) {
            // one message naming the file (and line)
        }
    }
}
