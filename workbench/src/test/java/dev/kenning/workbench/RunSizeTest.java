package dev.kenning.workbench;

import dev.kenning.core.InputError;
import dev.kenning.core.run.RunFolder;
import dev.kenning.workbench.spec.SpecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's size is estimated from its spec and checked against the free disk before any work. */
class RunSizeTest {
    @TempDir
    Path dir;

    @Test
    void aRealRunFitsItsEstimate() throws IOException {
        ExperimentFixture f = new ExperimentFixture(dir);
        SpecFile spec = SpecFile.load(f.spec);
        RunSize size = RunSize.of(spec);
        Path out = dir.resolve("run");
        Workbench.create(WorkbenchConfig.notRecording()).run(spec, out, RunListener.SILENT);
        RunFolder run = RunFolder.of(out);
        assertEquals(size.models(), run.models().size());
        for (Path model : run.models().values()) {
            assertTrue(Files.size(model) <= size.bytesPerModel(), model + ": " + Files.size(model) + " B, estimated "
                    + size.bytesPerModel());
        }
        long lines = Files.readAllLines(run.historyFile()).size();
        assertTrue(lines <= size.historyRows(), lines + " history lines, estimated " + size.historyRows());
        long total;
        try (Stream<Path> files = Files.walk(out)) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(total <= size.bytes(), total + " B written, estimated " + size.bytes());
    }

    @Test
    void everyShippedSpecFitsOnAnOrdinaryDisk() throws IOException {
        List<Path> specs;
        try (Stream<Path> s = Files.list(ExperimentFixture.ROOT.resolve("experiments"))) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(specs.isEmpty());
        for (Path spec : specs) {
            long bytes = RunSize.of(SpecFile.load(spec)).bytes() + RunSize.MARGIN_BYTES;
            assertTrue(bytes < 200_000_000L, spec + " would need " + bytes + " B free");
        }
    }

    @Test
    void tooLittleRoomIsRefusedNamingTheEstimateAndTheFreeSpace() throws IOException {
        ExperimentFixture f = new ExperimentFixture(dir);
        RunSize size = RunSize.of(SpecFile.load(f.spec));
        Path out = dir.resolve("run");
        InputError e = assertThrows(InputError.class, () -> size.checkRoom(out, 360 * 1024));
        assertEquals(out.toString(), e.where());
        assertTrue(e.getMessage().contains("not enough free disk for this run: it needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("but the file system has 0.4 MB free"), e.getMessage());
        assertFalse(Files.exists(out), "nothing made");
        size.checkRoom(out, size.bytes() + RunSize.MARGIN_BYTES); // just enough
        assertThrows(InputError.class, () -> size.checkRoom(out, size.bytes() + RunSize.MARGIN_BYTES - 1));
        size.checkRoom(out, -1); // a file system that cannot say is not refused
        assertTrue(RunSize.usableSpace(dir.resolve("not/yet/made")) > 0, "read from the nearest folder that exists");
    }
}
