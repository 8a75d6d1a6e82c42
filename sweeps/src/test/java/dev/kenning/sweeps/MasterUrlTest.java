package dev.kenning.sweeps;

import dev.kenning.workbench.sweep.TinySpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.kenning.sweeps.SweepRegistry.kenning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master URL that spark-core alone cannot reach (YARN and Kubernetes need Spark modules Kenning
 * does not carry) or that is not a master URL at all: one message saying what is supported and what
 * would be needed, exit code 2, before Spark starts and before the sweep's folder exists.
 */
class MasterUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "yarn                          | a YARN master needs Spark's spark-yarn_2.13 module",
            "k8s://https://127.0.0.1:6443  | a Kubernetes master needs Spark's spark-kubernetes_2.13 module",
            "mesos://127.0.0.1:5050        | a Mesos master needs Spark's spark-mesos_2.13 module",
            "spark://127.0.0.1             | a standalone master's URL is spark://HOST:PORT",
            "locall[2]                     | is not a Spark master URL; this Kenning has Spark's core only",
            "local[0]                      | gives no cores"})
    void aMasterSparkCoreCannotUseIsOneMessageBeforeAnythingRuns(String master, String expected, @TempDir Path tmp)
            throws Exception {
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
