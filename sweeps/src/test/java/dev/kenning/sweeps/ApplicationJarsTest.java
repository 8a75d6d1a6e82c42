package dev.kenning.sweeps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What a cluster's executors are sent: never Spark's or Scala's own jars (with Kenning's jars
 * looked up first, a second copy of Spark's classes breaks the tasks), even when the workers'
 * SPARK_HOME cannot be seen from the driver; a library the workers' Spark has under the same file
 * name is left out; a module's classes folder goes as a jar.
 */
class ApplicationJarsTest {

    @Test
    void sparkAndScalaAreNeverShippedAndWhatTheWorkersHaveIsLeftOut(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        List<String> names = List.of("spark-core_2.13-3.5.6.jar", "scala-library-2.13.8.jar", "jena-arq-5.6.0.jar",
                "commons-lang3-3.19.0.jar");
        for (String n : names) {
            Files.write(repo.resolve(n), new byte[0]);
        }
        Path classes = Files.createDirectories(tmp.resolve("workbench/target/classes/dev/kenning"));
        Files.writeString(classes.resolve("A.class"), "not really a class");
        String classPath = String.join(File.pathSeparator, names.stream().map(n -> repo.resolve(n).toString()).toList())
                + File.pathSeparator + tmp.resolve("workbench/target/classes");

        // Driver without the workers' SPARK_HOME: everything but Spark and Scala, and the module packed.
        List<String> shipped = ApplicationJars.of(classPath, null, tmp.resolve("packed"));
        assertEquals(List.of(repo.resolve("jena-arq-5.6.0.jar").toString(), repo.resolve("commons-lang3-3.19.0.jar").toString()),
                shipped.subList(0, 2));
        assertEquals(3, shipped.size(), shipped.toString());
        try (JarFile packed = new JarFile(shipped.get(2))) {
            assertNotNull(packed.getEntry("dev/kenning/A.class"), "the classes folder packed with its paths");
        }

        // The workers' Spark has jena-arq-5.6.0.jar (a site that installed it): left out by file name.
        Path home = Files.createDirectories(tmp.resolve("spark-home/jars"));
        Files.write(home.resolve("jena-arq-5.6.0.jar"), new byte[0]);
        List<String> againstHome = ApplicationJars.of(classPath, home.getParent(), tmp.resolve("packed"));
        assertEquals(2, againstHome.size(), againstHome.toString());
        assertEquals(repo.resolve("commons-lang3-3.19.0.jar").toString(), againstHome.get(0));
    }
}
