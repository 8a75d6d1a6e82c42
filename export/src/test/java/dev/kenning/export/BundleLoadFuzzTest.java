package dev.kenning.export;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Any bytes as a bundle's manifest.json, with a sidecar that matches them (so the fuzzer gets past
 * the hash check to everything read after it), load or are refused with the one
 * {@link InputError}, never another exception. Over the inputs under
 * {@code BundleLoadFuzzTestInputs/} in the build; {@code JAZZER_FUZZ=1} fuzzes it
 * (docs/reliability.md, Fuzzing).
 */
class BundleLoadFuzzTest {
    private static final Path DIR = scratch();

    static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("kenning-fuzz-bundle");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void manifest(byte[] bytes) throws IOException, NoSuchAlgorithmException {
        Files.write(DIR.resolve(ModelBundle.MANIFEST), bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.writeString(DIR.resolve(ModelBundle.MANIFEST_SHA256), sha256 + "  " + ModelBundle.MANIFEST + "\n");
        try (ModelBundle bundle = ModelBundle.load(DIR)) {
            bundle.manifest();
        } catch (InputError refused) {
            // one message naming the file
        }
    }
}
