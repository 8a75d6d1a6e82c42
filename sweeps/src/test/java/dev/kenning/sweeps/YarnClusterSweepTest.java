package dev.kenning.sweeps;

import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kenning sweep … --master yarn} on a real YARN on loopback ({@link LoopbackYarnCluster}: a
 * ResourceManager and a NodeManager whose containers are processes, no Spark installed), run as a
 * user runs it: the command in a JVM of its own, with HADOOP_CONF_DIR naming the cluster's
 * {@code core-site.xml} (an HDFS) and {@code yarn-site.xml}. Spark, Kenning and their libraries
 * reach the containers from the driver through the application's staging folder on HDFS and YARN's
 * localization ({@code spark.yarn.jars}); every run is recorded once, with the metrics the same
 * spec and seed give when run alone in this JVM, bit for bit (timings aside).
 */
class YarnClusterSweepTest {
    @TempDir
    static Path dir;
    private static LoopbackYarnCluster yarn;

    @BeforeAll
    static void startYarn() throws Exception {
        // Two executors of 2 GB (3 GB containers, with Spark's overhead rounded up) and the application master's 1 GB.
        yarn = LoopbackYarnCluster.start(dir, 8192);
    }

    @AfterAll
    static void stopYarn() throws Exception {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void fourRunsInYarnContainersAreRecordedWithTheMetricsOfRunsAlone() throws Exception {
        Path work = Files.createDirectories(dir.resolve("a"));
        Path spec = TinySpec.write(work, "");
        Path ws = work.resolve("ws");
        Path out = work.resolve("sweep");
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        long t0 = System.nanoTime();
        Process driver = kenningInItsOwnJvm(work, stdout, stderr, "sweep", spec.toString(), "--set",
                "training.learning_rate=0.001,0.003", "--seeds", "0..1", "--master", "yarn", "--out", out.toString(),
                "--workspace", ws.toString());
        boolean ended = driver.waitFor(6, TimeUnit.MINUTES);
        if (!ended) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        String log = Files.readString(stderr);
        String containers = yarn.filesNamed("stderr");
        assertTrue(ended, "the sweep ended within 6 minutes:\n" + log + containers);
        assertEquals(0, driver.exitValue(), log + containers);
        System.err.printf("YARN sweep of 4 runs: %.1f s in the driver's JVM%n", (System.nanoTime() - t0) / 1e9);
        assertTrue(log.contains("4/4 done, 0 running, 0 failed"), log);

        // Both executors ran runs (the progress lines name each run's host and executor).
        Matcher m = Pattern.compile("started .* on \\S+ \\(executor (\\d+)\\)").matcher(log);
        List<String> executors = new ArrayList<>();
        while (m.find()) {
            executors.add(m.group(1));
        }
        assertEquals(4, executors.size(), log);
        assertEquals(2, executors.stream().distinct().count(), "runs went to both executors: " + log + containers);

        // The driver put what the containers run in the application's staging folder on HDFS, as on a site.
        Matcher upload = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d\\.\\d+) .*Uploading resource file:\\S+\\.jar -> "
                + Pattern.quote(yarn.fileSystem()) + "/user/[^/]+/\\.sparkStaging/").matcher(log);
        int uploaded = 0;
        double first = -1;
        double last = -1;
        while (upload.find()) {
            uploaded++;
            last = Integer.parseInt(upload.group(1)) * 3600 + Integer.parseInt(upload.group(2)) * 60 + Double.parseDouble(upload.group(3));
            first = first < 0 ? last : first;
        }
        System.err.printf("the driver's uploads to the staging folder, first to last: %.1f s%n", last - first);

        // The containers had no Spark but what YARN localized from the driver: Spark, Kenning, their libraries.
        String scripts = yarn.filesNamed("launch_container.sh");
        String executorScript = Arrays.stream(scripts.split("(?m)^== ")).filter(s -> s.contains("YarnCoarseGrainedExecutorBackend"))
                .findFirst().orElse("");
        assertTrue(executorScript.contains("__spark_libs__/*"), "executors run the localized jars:\n" + scripts);
        Matcher link = Pattern.compile("ln -sf -- \"([^\"]+)\" \"__spark_libs__/[^\"]+\"").matcher(executorScript);
        long jars = 0;
        long bytes = 0;
        while (link.find()) {
            jars++;
            bytes += Files.size(Path.of(link.group(1)));
        }
        System.err.printf("YARN localized the executors' classpath: %d jars, %.0f MB; the driver uploaded %d jars to HDFS%n",
                jars, bytes / 1e6, uploaded);
        assertEquals(jars, uploaded, "every jar the executors run went through the staging folder on HDFS:\n" + log);
        for (String jar : List.of("spark-core_2\\.13-3\\.5\\.6", "spark-yarn_2\\.13-3\\.5\\.6", "scala-library-", "nd4j-native-",
                "jena-arq-", "drools-mvel-", "commons-lang3-3\\.19", "(kenning-workbench|workbench-classes)-")) {
            assertTrue(Pattern.compile("__spark_libs__/" + jar + "[^\"]*\\.jar").matcher(executorScript).find(),
                    jar + " localized for the executors:\n" + executorScript);
        }

        assertEquals(1, SweepRegistry.sweeps(ws).size());
        String sweep = SweepRegistry.sweeps(ws).get(0).get("sweep");
        assertEquals(4, SweepRegistry.assertEachRunAsAlone(spec, ws, sweep, work));
        assertEquals(4, SweepRegistry.allRuns(ws), "every run recorded exactly once");
    }

    /**
     * {@code kenning ARGS} as the launcher starts it (Spark's --add-opens, the JDK's StAX parser), in
     * {@code cwd}, with HADOOP_CONF_DIR naming the cluster; this test's classpath less the
     * minicluster, which a user's Kenning does not have. Driver and executors on loopback.
     */
    private static Process kenningInItsOwnJvm(Path cwd, Path stdout, Path stderr, String... args) throws Exception {
        String opens = System.getProperty(SparkSweepEngine.OPENS_PROPERTY);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("hadoop-client-minicluster")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Xmn16m", "-Djava.awt.headless=true",
                "-Djavax.xml.stream.XMLInputFactory=com.sun.xml.internal.stream.XMLInputFactoryImpl"));
        cmd.addAll(List.of(opens.split(" ")));
        cmd.addAll(List.of("-D" + SparkSweepEngine.OPENS_PROPERTY + "=" + opens,
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.executorEnv.SPARK_LOCAL_IP=127.0.0.1", "-Dspark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "-Dspark.executor.memory=2g",
                // Start the runs once both executors are up (YARN starts them one after the other), so both get
                // runs; on a busy machine the second can take longer than Spark's 30 s to start.
                "-Dspark.scheduler.minRegisteredResourcesRatio=1.0", "-Dspark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                // Spark's YARN client says what it uploads to the staging folder.
                "-Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy.yarn.Client=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", classPath, "dev.kenning.workbench.cli.Kenning"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = pb.environment();
        env.remove("YARN_CONF_DIR");
        env.put("HADOOP_CONF_DIR", yarn.confDir.toString());
        env.put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
