package dev.kenning.sweeps;

import dev.kenning.core.InputError;
import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.kenning.sweeps.SweepRegistry.kenning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A master this Kenning cannot use (Kubernetes needs a Spark module Kenning does not carry; YARN
 * needs the cluster's client configuration; cluster deploy mode is refused) or that is not a master
 * URL at all: one message saying what is supported and what would be needed, exit code 2, before
 * Spark starts and before the sweep's folder exists.
 */
class MasterUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "yarn-cluster                  | cluster deploy mode is not supported: use --master yarn",
            "yarn-client                   | cluster deploy mode is not supported: use --master yarn",
            "k8s://https://127.0.0.1:6443  | a Kubernetes master needs Spark's spark-kubernetes_2.13 module",
            "mesos://127.0.0.1:5050        | a Mesos master needs Spark's spark-mesos_2.13 module",
            "spark://127.0.0.1             | a standalone master's URL is spark://HOST:PORT",
            "locall[2]                     | is not a Spark master URL; this Kenning runs local, local[N], local[*], standalone",
            "local[0]                      | gives no cores"})
    void aMasterThisKenningCannotUseIsOneMessageBeforeAnythingRuns(String master, String expected, @TempDir Path tmp)
            throws Exception {
        assertRefused(master, expected, tmp);
    }

    @Test
    void yarnWithNoClusterConfiguredNamesHadoopConfDir(@TempDir Path tmp) throws Exception {
        assumeTrue(System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null,
                "this machine has a YARN configured");
        assertRefused("yarn", "no YARN cluster configured: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the folder holding"
                + " the cluster's yarn-site.xml", tmp);
    }

    @Test
    void aYarnSiteThatNamesNoResourceManagerIsRefusedAndOneThatDoesIsHandedToSpark(@TempDir Path tmp) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("yarn-site.xml"), """
                <configuration><property><name>yarn.nodemanager.resource.memory-mb</name><value>4096</value></property></configuration>
                """);
        InputError e = assertThrows(InputError.class,
                () -> SparkSweepEngine.checkMaster("yarn", Map.of("HADOOP_CONF_DIR", conf.toString()), Map.of()));
        assertTrue(e.getMessage().contains("no ResourceManager named (yarn.resourcemanager.address or .hostname) in the"
                + " yarn-site.xml of HADOOP_CONF_DIR=" + conf), e.getMessage());
        InputError missing = assertThrows(InputError.class,
                () -> SparkSweepEngine.checkMaster("yarn", Map.of("YARN_CONF_DIR", tmp.resolve("nowhere").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("YARN_CONF_DIR names " + tmp.resolve("nowhere") + ", which is not a folder"),
                missing.getMessage());

        Files.writeString(conf.resolve("yarn-site.xml"), """
                <configuration><property><name>yarn.resourcemanager.hostname</name><value>rm.example</value></property></configuration>
                """);
        assertEquals("rm.example", YarnClusterConfig.find(Map.of("HADOOP_CONF_DIR", conf.toString()), Map.of(), "yarn")
                .settings().get("spark.hadoop.yarn.resourcemanager.hostname"));
        // Settings given to Spark directly name a ResourceManager too, and win over the file's.
        assertEquals("rm2.example", YarnClusterConfig.find(Map.of("HADOOP_CONF_DIR", conf.toString()),
                Map.of("spark.hadoop.yarn.resourcemanager.hostname", "rm2.example"), "yarn")
                .settings().get("spark.hadoop.yarn.resourcemanager.hostname"));
        SparkSweepEngine.checkMaster("yarn", Map.of(), Map.of("spark.hadoop.yarn.resourcemanager.address", "rm.example:8032"));

        InputError cluster = assertThrows(InputError.class, () -> SparkSweepEngine.checkMaster("yarn",
                Map.of("HADOOP_CONF_DIR", conf.toString()), Map.of("spark.submit.deployMode", "cluster")));
        assertTrue(cluster.getMessage().contains("Kenning runs a sweep's driver in this process (client deploy mode), beside"
                + " the workspace it records into; cluster deploy mode is not supported: use --master yarn without"
                + " spark.submit.deployMode=cluster"), cluster.getMessage());
    }

    private static void assertRefused(String master, String expected, Path tmp) throws Exception {
        Path spec = TinySpec.write(tmp, "");
        Path out = tmp.resolve("sweep");
        Path ws = tmp.resolve("ws");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = kenning(o, e, "sweep", spec.toString(), "--seeds", "0..1", "--master", master, "--out", out.toString(),
                "--workspace", ws.toString());
        String err = e.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, code, err);
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
        assertTrue(err.startsWith("error: --master " + master + ": ") && err.contains(expected), err);
        assertEquals("", o.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out), "nothing ran: no sweep folder");
        assertFalse(Files.exists(ws) && Files.list(ws).findAny().isPresent(), "nothing recorded");
    }
}
