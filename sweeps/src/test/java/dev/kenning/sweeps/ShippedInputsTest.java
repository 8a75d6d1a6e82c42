package dev.kenning.sweeps;

import dev.kenning.workbench.sweep.SweepPlan;
import dev.kenning.workbench.sweep.SweepRequest;
import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inputs' archive, without a cluster: what a worker unpacks is every input byte for byte at
 * its place in the tree, and an archive that is not the set the task names, or whose file differs
 * from its manifest, is refused rather than run.
 */
class ShippedInputsTest {
    @Test
    void aWorkerRebuildsEveryInputAndRefusesAnotherSet(@TempDir Path tmp) throws Exception {
        Path spec = TinySpec.write(Files.createDirectories(tmp.resolve("spec")), "");
        SweepPlan plan = SweepPlan.of(SweepRequest.of(spec, Map.of(), List.of(0L), "local[1]", null, tmp.resolve("out"), null));
        assertTrue(plan.inputs().size() >= 3, plan.inputs().toString());
        Path archive = ShippedInputs.pack(plan, tmp.resolve("staging"));
        assertEquals(archive, ShippedInputs.pack(plan, tmp.resolve("staging")), "the same set is packed once");

        Path tree = tmp.resolve("worker");
        ShippedInputs.unpack(archive, tree, ShippedInputs.setHash(plan));
        for (SweepPlan.InputFile f : plan.inputs()) {
            assertArrayEquals(Files.readAllBytes(f.local()), Files.readAllBytes(tree.resolve(f.relative())), f.relative());
        }

        // tasks of one worker rebuilding at once: each finds the tree, built by one of them, complete
        Path parent = tmp.resolve("files/kenning-inputs");
        List<Path> roots = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Throwable> failed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(new Thread(() -> {
                try {
                    roots.add(ShippedInputs.rebuild(parent, archive, ShippedInputs.setHash(plan)));
                } catch (Throwable e) {
                    failed.add(e);
                }
            }));
        }
        tasks.forEach(Thread::start);
        for (Thread t : tasks) {
            t.join();
        }
        assertEquals(List.of(), failed);
        assertEquals(1, roots.stream().distinct().count(), roots.toString());
        try (var left = Files.list(parent)) {
            assertEquals(List.of(roots.get(0)), left.toList(), "no half-built tree left behind");
        }

        IOException otherSet = assertThrows(IOException.class,
                () -> ShippedInputs.unpack(archive, tmp.resolve("w2"), "0".repeat(64)));
        assertTrue(otherSet.getMessage().contains("manifest has SHA-256"), otherSet.getMessage());

        // The same manifest over a file whose bytes changed on the way.
        Path tampered = tmp.resolve("tampered.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().endsWith(".yaml") ? (new String(bytes) + "\n# changed\n").getBytes() : bytes);
                out.closeEntry();
            }
        }
        IOException changed = assertThrows(IOException.class,
                () -> ShippedInputs.unpack(tampered, tmp.resolve("w3"), ShippedInputs.setHash(plan)));
        assertTrue(changed.getMessage().matches("(?s).*\\.yaml arrived with SHA-256 [0-9a-f]{64}, not [0-9a-f]{64}.*"),
                changed.getMessage());
    }
}
