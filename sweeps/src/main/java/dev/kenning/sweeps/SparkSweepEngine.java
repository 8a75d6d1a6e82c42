package dev.kenning.sweeps;

import dev.kenning.core.InputError;
import dev.kenning.workbench.sweep.RunOutcome;
import dev.kenning.workbench.sweep.SweepEngine;
import dev.kenning.workbench.sweep.SweepPlan;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a sweep on Apache Spark: one job of one task per run, all submitted at once, so Spark's
 * scheduler keeps every executor core busy ({@code spark.task.cpus} = cores per run) and retries a
 * task whose executor is lost ({@code spark.task.maxFailures}). Results are taken as each job
 * ends, so a run is recorded as soon as it finishes and a stopped sweep keeps what finished.
 *
 * <p>On a standalone cluster, executors get Kenning's classes as a Spark application's jars
 * ({@code spark.jars}: every jar of the driver's classpath that the workers' Spark does not already
 * have, and each classes folder packed as a jar; looked up before the workers' Spark's own
 * libraries). On YARN, whose containers have no Spark, they run the driver's whole classpath,
 * localized by YARN ({@code spark.yarn.jars}); the driver stays in this process (client deploy
 * mode), and the cluster is the one {@code HADOOP_CONF_DIR} names ({@link YarnClusterConfig}).
 * Either way the runs' inputs go by content hash ({@link ShippedInputs}); in {@code local[N]} mode
 * both are already there.
 */
public final class SparkSweepEngine implements SweepEngine {
    /** Set by {@code sweeps/pom.xml} and the launcher: the {@code --add-opens} Spark needs on Java 17. */
    public static final String OPENS_PROPERTY = "kenning.sparkOpens";
    /** Spark's Hadoop client registers a shaded StAX parser whose settings Jena refuses; executors use the JDK's. */
    private static final String JDK_STAX = "-Djavax.xml.stream.XMLInputFactory=com.sun.xml.internal.stream.XMLInputFactoryImpl";
    /** Environment passed on to executors: threads and memory settings (kenning-env.sh). */
    private static final List<String> PASSED_ON = List.of("OMP_WAIT_POLICY", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "KENNING_CACHE", "KENNING_IMAGE_CACHE");

    private volatile JavaSparkContext context;
    private volatile boolean stopped;

    @Override
    public void run(SweepPlan plan, List<SweepPlan.PlannedRun> todo, Path out, Sink sink) {
        if (todo.isEmpty()) {
            return;
        }
        String master = plan.request().master();
        int cores = plan.request().coresPerTask();
        boolean local = master.startsWith("local");
        boolean yarn = master.equals("yarn");
        slots(plan);
        SparkConf conf = new SparkConf()
                .setAppName("kenning sweep " + plan.name())
                .setMaster(master)
                .set("spark.ui.enabled", "false")
                .set("spark.task.cpus", Integer.toString(cores))
                .set("spark.task.maxFailures", "4")
                .set("spark.job.interruptOnCancel", "true")
                .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(cores));
        for (String name : PASSED_ON) {
            String v = System.getenv(name);
            if (v != null) {
                conf.set("spark.executorEnv." + name, v);
            }
        }
        if (local && !conf.contains("spark.driver.host")) {
            // Everything is in this process: no reason to listen anywhere but loopback.
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        String opens = System.getProperty(OPENS_PROPERTY, "");
        if (!conf.contains("spark.executor.extraJavaOptions")) {
            // A small young generation frees ND4J's off-heap buffers promptly (docs/architecture.md, Facts).
            conf.set("spark.executor.extraJavaOptions", (opens + " -Xmn16m -Djava.awt.headless=true " + JDK_STAX).strip());
        }
        Path staging = out.resolve(".sweep");
        if (yarn) {
            YarnClusterConfig.find(System.getenv(), settings(conf), master).settings().forEach((k, v) -> {
                if (!conf.contains(k)) {
                    conf.set(k, v);
                }
            });
            if (!conf.contains("spark.executor.cores")) {
                conf.set("spark.executor.cores", Integer.toString(cores));
            }
            if (!conf.contains("spark.yarn.jars") && !conf.contains("spark.yarn.archive")) {
                // A YARN cluster has no Spark of its own: the containers run this process's classpath,
                // Spark, Kenning and their libraries at the versions they run together here, localized
                // by the NodeManagers (without it Spark looks for a SPARK_HOME to upload, and fails).
                conf.set("spark.yarn.jars", String.join(",", ApplicationJars.all(System.getProperty("java.class.path"),
                        staging.resolve("jars"))));
            }
        } else if (!local) {
            conf.set("spark.jars", String.join(",", ApplicationJars.of(System.getProperty("java.class.path"),
                    sparkHome(conf), staging.resolve("jars"))));
            if (!conf.contains("spark.executor.userClassPathFirst")) {
                // A stock Spark's own libraries are older than Kenning's (commons-lang3 3.12 against
                // 3.19, Jackson 2.15 against 2.20); looked up parent-first, Jena failed on a method
                // 3.12 lacks. Kenning's jars first; Spark and Scala themselves are never shipped.
                conf.set("spark.executor.userClassPathFirst", "true");
            }
        }
        sink.note("starting Spark (" + master + ", " + cores + " core(s) per run) for " + todo.size() + " run(s)");
        Map<Integer, SweepPlan.PlannedRun> byStage = new ConcurrentHashMap<>();
        Map<String, SweepPlan.PlannedRun> byHash = new ConcurrentHashMap<>();
        todo.forEach(r -> byHash.put(r.specHash(), r));
        Set<Long> startedTasks = ConcurrentHashMap.newKeySet();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            context = sc;
            sc.setLogLevel("WARN");
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart job) {
                    String hash = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
                    SweepPlan.PlannedRun run = hash == null ? null : byHash.get(hash);
                    if (run != null) {
                        scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds()).forEach(s -> byStage.put((Integer) s, run));
                    }
                }

                @Override
                public void onTaskStart(SparkListenerTaskStart task) {
                    SweepPlan.PlannedRun run = byStage.get(task.stageId());
                    if (run != null && startedTasks.add(task.taskInfo().taskId())) {
                        sink.started(run, task.taskInfo().host() + " (executor " + task.taskInfo().executorId() + ")"
                                + (task.taskInfo().attemptNumber() > 0 ? ", attempt " + (task.taskInfo().attemptNumber() + 1) : ""));
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd task) {
                    SweepPlan.PlannedRun run = byStage.get(task.stageId());
                    if (run != null && startedTasks.contains(task.taskInfo().taskId())) {
                        sink.ended(run);
                    }
                    if (run != null && !task.taskInfo().successful() && !stopped) {
                        sink.note(run.label() + ": task lost on executor " + task.taskInfo().executorId() + " ("
                                + task.reason().getClass().getSimpleName() + "); Spark runs it again");
                    }
                }
            });
            if (!local) {
                sink.note("packing the runs' " + ShippedInputs.summary(plan) + ", into one archive for the workers");
            }
            Map<SweepPlan.PlannedRun, JavaFutureAction<List<RunTask.Result>>> jobs = new LinkedHashMap<>();
            try {
                ShippedInputs inputs = local ? null : ShippedInputs.ship(plan, sc, staging.resolve("files"));
                for (SweepPlan.PlannedRun run : todo) {
                    RunTask task = local ? RunTask.inPlace(plan, run) : RunTask.shipped(plan, run, inputs);
                    sc.setJobDescription(run.specHash());
                    jobs.put(run, sc.parallelize(List.of(task), 1).map(RunTask::call).collectAsync());
                }
            } catch (RuntimeException e) {
                if (sc.sc().isStopped()) {
                    // the master removed the application (its executors failed to start): Spark's own trace ends in an NPE
                    throw new dev.kenning.core.InputError("--master " + plan.request().master(), "the cluster ended the sweep's"
                            + " application before its runs began: its master removed it, as it does when the workers cannot"
                            + " start an executor (see the master's and workers' logs), or when none has the cores and memory asked");
                }
                throw e;
            }
            collect(jobs, out, sink);
        } finally {
            context = null;
            try {
                // The inputs' archive is a copy of the data: scratch once the workers have it.
                dev.kenning.core.FileTree.delete(staging.resolve("files"));
            } catch (java.io.IOException e) {
                sink.note("could not delete " + staging.resolve("files") + ": " + e.getMessage());
            }
        }
    }

    /** Takes each job's result as it ends, unpacks its run folder and reports it, until all end or the sweep stops. */
    private void collect(Map<SweepPlan.PlannedRun, JavaFutureAction<List<RunTask.Result>>> jobs, Path out, Sink sink) {
        Map<SweepPlan.PlannedRun, JavaFutureAction<List<RunTask.Result>>> waiting = new LinkedHashMap<>(jobs);
        while (!waiting.isEmpty() && !stopped) {
            List<SweepPlan.PlannedRun> ended = new ArrayList<>();
            for (Map.Entry<SweepPlan.PlannedRun, JavaFutureAction<List<RunTask.Result>>> e : waiting.entrySet()) {
                if (!e.getValue().isDone()) {
                    continue;
                }
                ended.add(e.getKey());
                if (stopped) {
                    break;
                }
                sink.finished(outcome(e.getKey(), e.getValue(), out));
            }
            ended.forEach(waiting::remove);
            if (ended.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static RunOutcome outcome(SweepPlan.PlannedRun run, JavaFutureAction<List<RunTask.Result>> job, Path out) {
        RunTask.Result r;
        try {
            r = job.get(0, TimeUnit.SECONDS).get(0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new RunOutcome(run, false, Map.of(), null, "the task failed on every try: " + cause.getMessage(), 0, "spark");
        } catch (InterruptedException | TimeoutException | java.util.concurrent.CancellationException e) {
            return new RunOutcome(run, false, Map.of(), null, "stopped before it finished", 0, "spark");
        }
        Path folder = null;
        if (r.folder() != null) {
            folder = freeFolder(out, run.folder());
            FolderArchive.unpack(r.folder(), folder);
        }
        return new RunOutcome(run, r.completed(), r.metrics(), folder, r.message(), r.seconds(), r.where());
    }

    /** {@code out/name}, or {@code name-2}, {@code name-3} … if an earlier sweep into {@code out} left one there. */
    private static Path freeFolder(Path out, String name) {
        Path p = out.resolve(name);
        for (int i = 2; Files.exists(p); i++) {
            p = out.resolve(name + "-" + i);
        }
        return p;
    }

    @Override
    public int slots(SweepPlan plan) {
        String master = plan.request().master();
        int cores = plan.request().coresPerTask();
        checkMaster(master);
        int local = localCores(master);
        if (local > 0 && local < cores) {
            // Spark would refuse it deep inside its start-up; say it in the user's terms instead.
            throw new InputError("--cores-per-task " + cores, "needs at least " + cores + " cores for each run, but --master "
                    + master + " gives this process " + local + "; use local[" + cores + "] or more");
        }
        return local > 0 ? local / cores : Integer.MAX_VALUE;
    }

    /**
     * Refuses, before anything runs, a master this process cannot reach. spark-core itself parses
     * {@code local…} and {@code spark://} URLs, spark-yarn takes {@code yarn}; any other scheme needs a
     * cluster manager module (spark-kubernetes) on the classpath, found by Spark through
     * {@link ServiceLoader}; without one, SparkContext's start-up would end in a stack trace instead of
     * the user's terms. A YARN master also needs the cluster's client configuration.
     */
    static void checkMaster(String master) {
        checkMaster(master, System.getenv(), settings(new SparkConf()));
    }

    static void checkMaster(String master, Map<String, String> environment, Map<String, String> spark) {
        if (master.matches("local\\[0+(,\\d+)?]")) {
            throw new InputError("--master " + master, "gives no cores; use local[N] with N at least 1");
        }
        boolean clusterMode = !localMaster(master) && spark.getOrDefault("spark.submit.deployMode", "client").equals("cluster");
        if (master.equals("yarn-cluster") || master.equals("yarn-client") || clusterMode) {
            // The driver records every run into the workspace on this machine, so it must run here.
            throw new InputError("--master " + master, "Kenning runs a sweep's driver in this process (client deploy"
                    + " mode), beside the workspace it records into; cluster deploy mode is not supported"
                    + (master.startsWith("yarn") ? ": use --master yarn" : "")
                    + (clusterMode ? " without spark.submit.deployMode=cluster" : ""));
        }
        if (master.equals("yarn") && clusterManagerFor(master)) {
            YarnClusterConfig.find(environment, spark, master);
            return;
        }
        if (localCores(master) > 0 || STANDALONE.matcher(master).matches() || clusterManagerFor(master)) {
            return;
        }
        String supported = "this Kenning runs local, local[N], local[*], standalone (spark://HOST:PORT) and YARN (yarn)"
                + " masters";
        String scheme = master.startsWith("k8s://") ? "k8s" : master.startsWith("yarn") ? "yarn"
                : master.startsWith("mesos://") ? "mesos" : master.startsWith("spark://") ? "spark" : "";
        throw new InputError("--master " + master, switch (scheme) {
            case "yarn" -> "a YARN master's URL is just yarn (the cluster is the one HADOOP_CONF_DIR names)";
            case "k8s" -> supported + "; a Kubernetes master needs Spark's spark-kubernetes_2.13 module (3.5.6) added to the"
                    + " sweeps module, and a container image with Spark for the executors";
            case "mesos" -> supported + "; a Mesos master needs Spark's spark-mesos_2.13 module (3.5.6) added to the sweeps module";
            case "spark" -> "a standalone master's URL is spark://HOST:PORT (several, for standby masters:"
                    + " spark://HOST1:PORT1,HOST2:PORT2)";
            default -> "is not a Spark master URL; " + supported;
        });
    }

    private static boolean localMaster(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** The settings Spark was given (system properties {@code spark.*}), as a map. */
    private static Map<String, String> settings(SparkConf conf) {
        Map<String, String> m = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> t : conf.getAll()) {
            m.put(t._1(), t._2());
        }
        return m;
    }

    /** {@code spark://host:port}, or several {@code host:port} separated by commas (standby masters). */
    private static final java.util.regex.Pattern STANDALONE =
            java.util.regex.Pattern.compile("spark://[^:,/\\s]+:\\d{1,5}(,[^:,/\\s]+:\\d{1,5})*");

    /** Whether a cluster manager module on the classpath (spark-yarn, spark-kubernetes …) takes this URL, as Spark would ask. */
    private static boolean clusterManagerFor(String master) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : SparkSweepEngine.class.getClassLoader();
        for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class, loader)) {
            if (m.canCreate(master)) {
                return true;
            }
        }
        return false;
    }

    /** N of {@code local[N]} ({@code local[*]}: this machine's cores; {@code local}: 1), 0 for a cluster's URL. */
    static int localCores(String master) {
        if (master.equals("local")) {
            return 1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (!m.matches()) {
            return 0;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    private static Path sparkHome(SparkConf conf) {
        String home = conf.get("spark.home", System.getenv("SPARK_HOME"));
        return home == null ? null : Path.of(home);
    }

    @Override
    public void stop() {
        stopped = true;
        JavaSparkContext sc = context;
        if (sc != null) {
            sc.cancelAllJobs();
        }
    }
}
