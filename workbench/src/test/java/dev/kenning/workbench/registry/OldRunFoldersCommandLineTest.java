package dev.kenning.workbench.registry;

import dev.kenning.workbench.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run folder written before RunFolder existed (core's test fixture, copied) still compares,
 * reports and records: {@code kenning runs compare/report/record/show}.
 */
class OldRunFoldersCommandLineTest {
    static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "runs");

    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        return dev.kenning.core.FileTree.copy(FIXTURES.resolve(name), dir.resolve(name));
    }

    @Test
    void anOldCompletedRunComparesReportsAndRecords() throws IOException {
        Path run = copy("free-fall-seed0");

        CliRun compare = CliRun.of("runs", "compare", run.toString());
        assertEquals(0, compare.code(), compare.err());
        assertTrue(compare.out().matches("(?s).*label_free\\.test_corr\\s+0\\.9738\\n.*"), compare.out());
        assertTrue(compare.out().matches("(?s).*supervised\\.global_r\\s+not measured\\n.*"), compare.out());
        assertTrue(compare.out().contains("free-fall: [free-fall-seed0 (seed 0)]"), compare.out());

        CliRun report = CliRun.of("runs", "report", run.toString());
        assertEquals(0, report.code(), report.err());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<title>Kenning run: free-fall, seed 0</title>"), html);
        assertTrue(html.contains(", completed 2026-11-28T19:10:42.381215Z after 140.3 s."), html);
        assertTrue(html.contains("<b>free-fall law constrains observed height</b>"), html);
        assertTrue(html.contains("<code>/home/user/kenning/rules/packs/physics.drl</code>"), html);

        Path ws = dir.resolve("ws");
        CliRun record = CliRun.of("runs", "record", run.toString(), "--workspace", ws.toString());
        assertEquals(0, record.code(), record.err());
        CliRun show = CliRun.of("runs", "show", "free-fall-seed0", "--workspace", ws.toString());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("experiment: free-fall, seed 0"), show.out());
        assertTrue(show.out().contains("ended:      2026-11-28T19:10:42.381215Z"), show.out());
        assertTrue(show.out().contains("started:    2026-11-28T19:08:22.081215Z"), "finished − wall_seconds: " + show.out());
        assertTrue(show.out().matches("(?s).*label_free\\.test_corr\\s+0\\.9738\\n.*"), show.out());
    }

    @Test
    void anOldCancelledRunIsNotACompletedOne() throws IOException {
        Path run = copy("fewshot-cancelled");
        CliRun compare = CliRun.of("runs", "compare", run.toString());
        assertEquals(2, compare.code());
        assertTrue(compare.err().contains("no completed run to compare: " + run + " (cancelled)"), compare.err());
    }
}
