package dev.kenning.workbench.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A sweep as the registry records it ({@link RunRegistry#recordSweep}).
 *
 * @param iri    {@code urn:kenning:sweep:…}
 * @param grid   the settings as written, e.g. {@code knowledge.semantics=product,godel}
 * @param seeds  e.g. {@code 0..4}
 * @param status running, completed or interrupted
 * @param folder where the sweep writes its comparison (and, by default, its runs)
 * @param ended  null while running
 */
public record SweepRecord(String iri, String label, String experiment, Path spec, String grid, String seeds,
                          String master, String status, Path folder, Instant started, Instant ended) {
    public SweepRecord {
        if (!iri.startsWith(RunRegistry.SWEEP_PREFIX)) {
            throw new IllegalArgumentException("a sweep's IRI starts with " + RunRegistry.SWEEP_PREFIX + ", got " + iri);
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(status, "status");
    }
}
