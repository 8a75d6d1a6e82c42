package dev.kenning.sweeps;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need to run Kenning. For a standalone cluster, as
 * {@code spark.jars} lists them ({@link #of}): every jar
 * of the driver's classpath except those the workers' own Spark has ({@code $SPARK_HOME/jars}, by
 * file name) and Spark's and Scala's own, and each classes folder (a module built in place, as
 * {@code ./kenning} runs it) packed as a jar. Libraries both use at other versions (Jackson,
 * commons-lang3) are shipped: executors look Kenning's jars up first. For YARN, whose
 * containers have no Spark, the whole classpath ({@link #all}).
 */
final class ApplicationJars {
    /**
     * Spark's modules and the Scala runtime: every executor has its own, and with Kenning's jars
     * looked up first ({@code spark.executor.userClassPathFirst}) a shipped copy would define
     * classes that tasks pass between Spark and Kenning twice. Never shipped, even when the
     * workers' SPARK_HOME is not visible here to say which jars they have.
     */
    private static final java.util.regex.Pattern SPARK_ITSELF = java.util.regex.Pattern.compile("(spark-|scala-).*\\.jar");

    private ApplicationJars() {
    }

    static List<String> of(String classPath, Path sparkHome, Path packed) {
        Set<String> provided = Set.of();
        if (sparkHome != null && Files.isDirectory(sparkHome.resolve("jars"))) {
            try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
                provided = jars.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + sparkHome.resolve("jars"), e);
            }
        }
        Set<String> lacking = provided;
        return jars(classPath, packed, name -> !lacking.contains(name) && !SPARK_ITSELF.matcher(name).matches());
    }

    /**
     * Every jar of the driver's classpath, Spark's and Scala's included, and each classes folder
     * packed as a jar: what a cluster with no Spark of its own (YARN) runs in its containers.
     */
    static List<String> all(String classPath, Path packed) {
        return jars(classPath, packed, name -> true);
    }

    /** The classpath's jars whose file name {@code ship} accepts, and its classes folders packed, in classpath order. */
    private static List<String> jars(String classPath, Path packed, java.util.function.Predicate<String> ship) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                out.add(pack(p, packed).toString());
            } else if (Files.isRegularFile(p) && p.toString().endsWith(".jar") && ship.test(p.getFileName().toString())) {
                out.add(p.toString());
            }
        }
        return out;
    }

    /** {@code …/workbench/target/classes} → {@code packed/workbench-classes-<hash of path>.jar}. */
    private static Path pack(Path folder, Path packed) {
        String module = folder.getParent() != null && folder.getParent().getParent() != null
                ? folder.getParent().getParent().getFileName() + "-" + folder.getFileName() : folder.getFileName().toString();
        String tag = HexFormat.of().formatHex(Integer.toHexString(folder.toString().hashCode()).getBytes()).substring(0, 8);
        Path jar = packed.resolve(module + "-" + tag + ".jar");
        try {
            Files.createDirectories(packed);
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> walk = Files.walk(folder)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + folder + " as a jar", e);
        }
        return jar;
    }
}
