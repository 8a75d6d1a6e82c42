package dev.kenning.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses ND4J's native build before ND4J loads. The oneDNN builds are about ten times faster
 * than the default one for convolutions (docs/architecture.md, Facts); among them JavaCPP loads
 * the variant named by the {@code org.bytedeco.javacpp.platform.extension} property, and an
 * avx512 build on a CPU without avx512 dies with SIGILL, so the CPU's flags decide: avx512 →
 * avx2 → plain oneDNN.
 */
public final class NativeBackend {
    static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Present when the build put ND4J's CUDA backend on the classpath (Maven profile -Pcuda). */
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private NativeBackend() {
    }

    /**
     * Sets the extension property from the CPU flags unless the user already set it, and returns
     * it. With the CUDA backend on the classpath nothing is set (its jar has no oneDNN variants)
     * and "cuda" is returned. Idempotent.
     */
    public static synchronized String select() {
        if (onClasspath(CUDA_BACKEND)) {
            return "cuda";
        }
        String chosen = System.getProperty(PROPERTY);
        if (chosen == null) {
            chosen = extensionFor(cpuFlags());
            System.setProperty(PROPERTY, chosen);
        }
        return chosen;
    }

    static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, NativeBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static String extensionFor(String flags) {
        String f = " " + flags.toLowerCase(Locale.ROOT) + " ";
        if (f.contains(" avx512f ") && f.contains(" avx512bw ")) {
            return "-onednn-avx512";
        }
        if (f.contains(" avx2 ")) {
            return "-onednn-avx2";
        }
        return "-onednn";
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | SecurityException e) {
            // Not Linux or not readable: the plain oneDNN build runs on any x86-64.
        }
        return "";
    }
}
