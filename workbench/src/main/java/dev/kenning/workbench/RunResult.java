package dev.kenning.workbench;

import java.nio.file.Path;
import java.util.Map;

/** A finished run: where it was written and its flat metrics (also in metrics.json). */
public record RunResult(Path directory, Map<String, Double> metrics) {
}
