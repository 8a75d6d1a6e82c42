package dev.kenning.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any text as a rule pack: the check refuses it with the one {@link InputError} or passes it,
 * the loop guard keeps its lines, and a pack that passes compiles or is refused with an
 * InputError, never another exception. Over the inputs under {@code PackCheckFuzzTestInputs/} in
 * the build; {@code JAZZER_FUZZ=1} fuzzes it (docs/reliability.md, Fuzzing).
 */
class PackCheckFuzzTest {
    private static final Path DIR = scratch();

    static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("kenning-fuzz-drl");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void pack(byte[] bytes) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.drl"), bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String guarded = PackCheck.guard(text);
        if (guarded.lines().count() != text.lines().count()) {
            throw new AssertionError("the guard changed the pack's lines, so errors would point elsewhere");
        }
        try {
            PackCheck.check(file, bytes);
        } catch (InputError refused) {
            return;
        }
        try {
            RuleBook.compile(List.of(file)).withTimeLimit(java.time.Duration.ofSeconds(2)).derive(List.of());
        } catch (InputError refused) {
            // a DRL error, a rule that fails or runs too long: each is one message
        }
    }
}
