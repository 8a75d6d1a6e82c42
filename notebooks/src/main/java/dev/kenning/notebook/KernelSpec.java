package dev.kenning.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel.json that tells Jupyter how to start {@link JShellKernel}: this JVM's java, the
 * JVM settings of the {@code kenning} launcher, and Kenning's classpath written out in full; and
 * the launcher's malloc settings ({@code kenning-env.sh}), taken from the environment of the
 * process that writes the spec.
 * {@code notebooks/install-kernel} writes it with {@link #main} and hands the folder to
 * {@code jupyter kernelspec install}.
 */
public final class KernelSpec {
    /** The kernel's name: notebooks select it with {@code "kernelspec": {"name": "kenning-java"}}. */
    public static final String NAME = "kenning-java";

    private KernelSpec() {
    }

    /** The heap's size the launcher's settings give: {@code KENNING_HEAP}, 4g unless set. */
    static String heap() {
        String heap = System.getenv("KENNING_HEAP");
        return heap == null || heap.isBlank() ? "4g" : heap;
    }

    /** Writes {@code dir/kernel.json} for a kernel with {@code classpath}; returns the file. */
    public static Path write(Path dir, String classpath, Path javaCache) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As the kenning launcher: a small young generation frees ND4J's off-heap buffers promptly,
                // and a heap fixed at its maximum keeps G1 from growing it (and resident memory) step by step;
                // its size is KENNING_HEAP's, which kenning-env.sh has checked (4g unless set).
                "-Xmn16m", "-Xms" + heap(), "-Xmx" + heap(), "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + javaCache,
                // ND4J and Jena log at info through slf4j-simple; a notebook needs warnings only.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.nd4j.imports=error",
                "-cp", classpath, JShellKernel.class.getName(), "{connection_file}"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("MALLOC_") || k.equals("OMP_WAIT_POLICY")) {
                env.put(k, v);
            }
        });
        if (!env.isEmpty()) {
            spec.put("env", env);
        }
        spec.put("display_name", "Java (Kenning)");
        spec.put("language", "java");
        // A running cell cannot be stopped (it runs on the kernel thread); "message" keeps Jupyter from killing the JVM.
        spec.put("interrupt_mode", "message");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("kernel.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), spec);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel spec into " + dir, e);
        }
    }

    /** {@code KernelSpec DIR}: writes DIR/kernel.json for this JVM's classpath. */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new InputError("KernelSpec", "expects the folder to write kernel.json into");
        }
        String cache = System.getenv().getOrDefault("KENNING_CACHE", System.getProperty("user.home") + "/.cache/kenning");
        Path file = write(Path.of(args[0]), System.getProperty("java.class.path"), Path.of(cache, "javacpp"));
        System.out.println("wrote " + file);
    }
}
