package dev.kenning.rules;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule packs are code: the three hostile packs issue 20 tried are refused or stopped, naming the rule. */
class HostilePacksTest {

    @TempDir
    Path dir;

    private Path pack(String name, String consequence) throws IOException {
        return Files.writeString(dir.resolve(name + ".drl"), """
                package hostile
                // System.exit in a comment is harmless, and so is "System.exit" in a string
                rule "harmless"
                when
                then
                    String s = "Files.delete";
                end

                rule "%s"
                when
                then
                %s
                end
                """.formatted(name, consequence));
    }

    @Test
    void aPackThatWritesFilesIsRefusedBeforeItIsCompiled() throws IOException {
        Path target = dir.resolve("written.txt");
        Path drl = pack("writes", "    java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + target + "\"), \"x\");");
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));
        assertEquals(drl + ":12:5", e.where());
        assertTrue(e.getMessage().contains("rule 'writes' uses java.nio"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void systemExitIsRefusedBeforeItCanEndKenning() throws IOException {
        Path drl = pack("exits", "    System.exit(0);");
        InputError e = assertThrows(InputError.class, () -> RuleBook.compile(List.of(drl)));
        assertEquals(drl + ":12:5", e.where());
        assertTrue(e.getMessage().contains("rule 'exits' uses System"), e.getMessage());
    }

    @Test
    void aConsequenceThatNeverReturnsIsStoppedAtTheTimeLimitNamingItsRule() throws IOException {
        Path drl = pack("loops", "    long n = 0; while (n >= 0) { n++; if (n == Long.MAX_VALUE) { n = 0; } }");
        RuleBook book = RuleBook.compile(List.of(drl)).withTimeLimit(Duration.ofMillis(800));
        long t0 = System.nanoTime();
        InputError e = assertThrows(InputError.class, () -> book.derive(List.of()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(drl + ":9:1", e.where());
        assertEquals(e.where() + ": rule 'loops' still running after 800 ms: derivation stopped (a consequence that never"
                + " returns?)", e.getMessage());
        assertTrue(seconds < 5, "stopped after " + seconds + " s");
    }

    @Test
    void theShippedPacksPassTheCheck() {
        for (String pack : List.of("attributes", "disjointness", "groups", "labels", "physics", "taxonomy")) {
            RuleBook.compile(List.of(Path.of("packs", pack + ".drl")));
        }
    }
}
