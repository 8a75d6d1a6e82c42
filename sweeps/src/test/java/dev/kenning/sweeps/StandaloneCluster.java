package dev.kenning.sweeps;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on loopback: a master and workers, each its own JVM started from
 * spark-core's own classes ({@code deploy.master.Master}, {@code deploy.worker.Worker}), under a
 * SPARK_HOME holding stock Spark's jars only, assembled from the local Maven repository. Kenning is
 * not in it: the sweep ships Kenning and its libraries as the application's jars, and the runs'
 * inputs by content hash.
 */
final class StandaloneCluster implements AutoCloseable {
    final Path home;
    final String masterUrl;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<StringBuffer> logs = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();

    private StandaloneCluster(Path home, String masterUrl, Process master) {
        this.home = home;
        this.masterUrl = masterUrl;
        this.master = master;
    }

    /**
     * SPARK_HOME/jars holds Spark as a site installs it and nothing else: spark-core and its
     * dependencies at Spark's own versions ({@link #stockSparkJars}). Kenning and the libraries it
     * runs on (ND4J, Jena, Drools …) must reach the executors as the application's jars. A RELEASE
     * file makes Spark's launcher read jars/ as a distribution's.
     */
    static StandaloneCluster start(Path dir, int workerCount) throws Exception {
        // In the module's target/, not the temporary folder: a clean-up there would follow the links.
        Path home = Path.of("target", "spark-home").toAbsolutePath();
        if (Files.isDirectory(home.resolve("jars"))) {
            try (var old = Files.list(home.resolve("jars"))) {
                for (Path link : old.toList()) {
                    Files.delete(link);
                }
            }
        }
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path p : stockSparkJars()) {
            if (!Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
            }
        }
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5.6 assembled from Maven jars for a test\n");
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        StringBuffer masterLog = new StringBuffer();
        // Scratch (the executors' fetched jars, 600 MB each, and their blocks) under the test's folder, not /tmp:
        // a worker killed when the test ends cannot delete its own, and would leave them there for good.
        Path scratch = Files.createDirectories(dir.resolve("spark-local"));
        Process master = java(home, scratch, masterLog, "org.apache.spark.deploy.master.Master", List.of(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        StandaloneCluster cluster = new StandaloneCluster(home, url, master);
        cluster.logs.add(masterLog);
        try {
            await(masterLog, "I have been elected leader", 1, master);
            for (int i = 0; i < workerCount; i++) {
                StringBuffer log = new StringBuffer();
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.workDirs.add(work);
                cluster.workers.add(java(home, scratch, log, "org.apache.spark.deploy.worker.Worker", List.of(),
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "3g", "--webui-port", Integer.toString(freePort()),
                        "--work-dir", work.toString(), url));
                cluster.logs.add(log);
            }
            await(masterLog, "Registering worker", workerCount, master);
        } catch (Exception | Error e) {
            // A cluster that did not come up is nobody's to close: stop its JVMs here, or they outlive the test.
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The jars of spark-core_2.13 3.5.6 as Maven resolves it on its own (src/test/stock-spark/pom.xml,
     * outside Kenning's parent and its version pins), from the local repository, downloading from
     * Maven Central what a fresh machine lacks (its versions are not Kenning's, so the build has not
     * fetched them); kept in target/ once resolved.
     */
    static List<Path> stockSparkJars() throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        Path list = module.resolve("target/stock-spark.classpath");
        if (!Files.isRegularFile(list)) {
            Path root = module.getParent();
            Path mvnw = root.resolve("mvnw");
            Process p = new ProcessBuilder(mvnw.toString(), "-q", "-B", "-f", module.resolve("src/test/stock-spark/pom.xml").toString(),
                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                    "-Dmdep.outputFile=" + list, "-Dmdep.includeScope=runtime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !Files.isRegularFile(list)) {
                throw new IllegalStateException("cannot resolve stock spark-core (local Maven repository, then Maven Central):\n" + out);
            }
        }
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(list).strip().split(File.pathSeparator)) {
            jars.add(Path.of(entry).toAbsolutePath());
        }
        return jars;
    }

    private static Process java(Path home, Path scratch, StringBuffer log, String main, List<String> props, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", home.resolve("jars") + File.separator + "*"));
        cmd.addAll(List.of(System.getProperty(SparkSweepEngine.OPENS_PROPERTY).split(" ")));
        cmd.addAll(props);
        cmd.add(main);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", scratch.toString());
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "log of " + main);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static void await(StringBuffer log, String text, int times, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(log, text) < times) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new IllegalStateException("'" + text + "' not seen " + times + " time(s):\n" + log);
            }
            Thread.sleep(100);
        }
    }

    private static int count(StringBuffer log, String text) {
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills worker {@code i} and the executors it started, as a machine that dies: SIGKILL, no goodbye. */
    void killWorker(int i) throws InterruptedException {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
        w.waitFor(10, TimeUnit.SECONDS);
    }

    /** What the executors the workers started wrote to stderr (Spark's log: what they fetched, where from). */
    String executorLogs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path work : workDirs) {
            try (var files = Files.walk(work)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList()) {
                    b.append("== ").append(work.relativize(f)).append('\n').append(Files.readString(f));
                }
            }
        }
        return b.toString();
    }

    String logs() {
        return String.join("\n----\n", logs);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
            w.waitFor(10, TimeUnit.SECONDS);
        }
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
    }
}
