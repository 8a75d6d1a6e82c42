package dev.kenning.sweeps;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real YARN on loopback: Hadoop's MiniYARNCluster, a ResourceManager and one NodeManager in this
 * JVM whose containers are processes of their own ({@code launch_container.sh}, then
 * {@code java}), with no Spark installed anywhere: what a sweep's executors run, Spark included,
 * must come from the driver through YARN's localization. Its default file system is an HDFS
 * (MiniDFSCluster: a NameNode and a DataNode), as on a site, so the driver uploads what the
 * containers need to a staging folder there and the NodeManager downloads it. Its client
 * configuration is written as {@code core-site.xml} and {@code yarn-site.xml} in a folder that the
 * driver finds as {@code HADOOP_CONF_DIR}, as a user's would.
 */
final class LoopbackYarnCluster implements AutoCloseable {
    final Path confDir;
    private final MiniDFSCluster hdfs;
    private final MiniYARNCluster yarn;

    private LoopbackYarnCluster(MiniDFSCluster hdfs, MiniYARNCluster yarn, Path confDir) {
        this.hdfs = hdfs;
        this.yarn = yarn;
        this.confDir = confDir;
    }

    /** One NodeManager offering {@code memoryMb} to containers; JAVA_HOME in containers is this JVM's, as a site's NodeManagers set theirs. */
    static LoopbackYarnCluster start(Path dir, int memoryMb) throws Exception {
        Configuration dfs = new Configuration();
        dfs.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(dfs).numDataNodes(1).build();
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfs.getURI().toString());
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        // MiniYARNCluster gives its NodeManagers this, not yarn.nodemanager.resource.memory-mb (4096 unless set).
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, memoryMb);
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        // Containers are held to their memory as on a site (MiniYARNCluster turns the checks off unless
        // told): physical memory checked; not virtual, as a JVM reserves far more address space than it uses.
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", true);
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.set("yarn.nodemanager.admin-env", "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,JAVA_HOME=" + System.getProperty("java.home"));
        // Keep the containers' launch scripts until the cluster stops, so a test can read what they ran.
        conf.setInt("yarn.nodemanager.delete.debug-delay-sec", 3600);
        // The minicluster jar has no capacity-scheduler.xml: one queue, all of the cluster.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        MiniYARNCluster yarn = new MiniYARNCluster("kenning-yarn", 1, 1, 1);
        LoopbackYarnCluster cluster = new LoopbackYarnCluster(hdfs, yarn, Files.createDirectories(dir.resolve("hadoop-conf")));
        try {
            yarn.init(conf);
            yarn.start();
            // start() can return before the ResourceManager has put its real port in the configuration.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the ResourceManager did not report its port");
                }
                Thread.sleep(100);
            }
            if (!yarn.waitForNodeManagersToConnect(60_000)) {
                throw new IllegalStateException("the NodeManager did not register");
            }
            cluster.writeClientConfig();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** What a site hands its users: where the file system and the ResourceManager are, and nothing else. */
    private void writeClientConfig() throws IOException {
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs.getURI().toString());
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        Configuration site = new Configuration(false);
        for (Map.Entry<String, String> e : yarn.getConfig()) {
            if (e.getKey().startsWith("yarn.resourcemanager.") && (e.getKey().endsWith("address") || e.getKey().endsWith("hostname"))) {
                site.set(e.getKey(), yarn.getConfig().get(e.getKey()));
            }
        }
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            site.writeXml(out);
        }
    }

    /** The NodeManager's folders: its containers' logs ({@code stderr}) and launch scripts. */
    Path workDir() {
        return yarn.getTestWorkDir().toPath().toAbsolutePath();
    }

    /** Every file called {@code name} under the NodeManager's folders, with its path, for assertions and failure messages. */
    String filesNamed(String name) throws IOException {
        StringBuilder b = new StringBuilder();
        if (!Files.isDirectory(workDir())) {
            return "";
        }
        // the application master's container is still being cleaned up as its application ends: a
        // folder or file of it may go while it is walked or read
        List<Path> found = null;
        for (int attempt = 0; found == null; attempt++) {
            try (Stream<Path> files = Files.walk(workDir())) {
                found = files.filter(f -> f.getFileName().toString().equals(name) && Files.isRegularFile(f)).sorted().toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 2) {
                    throw e;
                }
            }
        }
        for (Path f : found) {
            b.append("== ").append(workDir().relativize(f)).append('\n');
            try {
                b.append(Files.readString(f));
            } catch (NoSuchFileException e) {
                b.append("(deleted by the NodeManager while it was read)\n");
            }
        }
        return b.toString();
    }

    /** The default file system's address ({@code hdfs://127.0.0.1:PORT}). */
    String fileSystem() {
        return hdfs.getURI().toString();
    }

    /**
     * Stops YARN and HDFS, then kills whatever this JVM started that still runs (containers YARN
     * failed to stop, a driver left behind), and deletes the NodeManager's and HDFS's folders (each
     * holds a copy of every jar the sweep shipped).
     */
    @Override
    public void close() throws Exception {
        try {
            yarn.stop();
            hdfs.shutdown(true);
        } finally {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Path work = workDir();
            if (Files.isDirectory(work)) {
                try (Stream<Path> walk = Files.walk(work)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
