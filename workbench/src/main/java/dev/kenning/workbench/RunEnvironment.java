package dev.kenning.workbench;

import dev.kenning.engine.NativeBackend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run was made with, kept as environment.json in its folder: Kenning's commit (the
 * launcher passes it as {@code KENNING_COMMIT}, "+changes" when the checkout had uncommitted
 * edits), Java, the machine's cores, the native threads and the native build. A run is
 * bit-identical at one thread count and differs in the last digits at another (ND4J sums in
 * another order), so a result is reproduced with the same {@code OMP_NUM_THREADS}.
 */
final class RunEnvironment {
    private RunEnvironment() {
    }

    static Map<String, Object> current() {
        Map<String, Object> env = new LinkedHashMap<>();
        String commit = System.getenv().getOrDefault("KENNING_COMMIT", "");
        env.put("kenning_commit", commit.isBlank() ? "unknown (not run from a git checkout through ./kenning)" : commit);
        env.put("java", System.getProperty("java.vendor", "?") + " " + System.getProperty("java.version", "?"));
        env.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        String threads = System.getenv("OMP_NUM_THREADS");
        env.put("omp_num_threads", threads == null || threads.isBlank() ? "not set (every core)" : threads);
        env.put("nd4j_native", NativeBackend.select());
        return env;
    }
}
