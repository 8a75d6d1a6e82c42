package dev.kenning.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Executes every notebook in notebooks/ headless, as CI does, with the kernel installed into a
 * temporary JUPYTER_PATH and small settings; and proves that a failing cell fails the execution.
 * Needs Debian's jupyter-nbconvert and friends (.ci/run installs them).
 */
class NotebooksExecuteTest {
    private static final Path NOTEBOOKS = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    @BeforeAll
    static void installKernel() throws Exception {
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), "jupyter nbconvert --version failed");
        } catch (IOException e) {
            fail("jupyter is not installed; on Debian: apt-get install jupyter-client python3-ipykernel"
                    + " jupyter-nbconvert python3-nbclient jupyter-core (.ci/run does this)");
        }
        KernelSpec.write(work.resolve("jupyter/kernels").resolve(KernelSpec.NAME), System.getProperty("java.class.path"),
                Path.of(System.getProperty("user.home"), ".cache/kenning/javacpp"));
    }

    /** What one {@code jupyter nbconvert --execute} left: its exit code, its log, the executed notebook. */
    private record Execution(int exitCode, String log, JsonNode notebook) {
        List<JsonNode> outputs() {
            List<JsonNode> all = new ArrayList<>();
            notebook.get("cells").forEach(c -> {
                if (c.has("outputs")) {
                    c.get("outputs").forEach(all::add);
                }
            });
            return all;
        }
    }

    private static Execution execute(Path notebook) throws Exception {
        return execute(notebook, Map.of());
    }

    private static Execution execute(Path notebook, Map<String, String> environment) throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Path log = work.resolve(notebook.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), notebook.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", work.resolve("jupyter").toString());
        env.put(Notebook.SMALL_ENV, "1");
        env.put(Notebook.RUNS_ENV, work.resolve("runs").toString());
        env.put("KENNING_WORKSPACE", "off");
        env.putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(notebook.getFileName() + " still running after 10 minutes:\n" + Files.readString(log));
        }
        Path executed = out.resolve(notebook.getFileName());
        return new Execution(p.exitValue(), Files.readString(log),
                Files.exists(executed) ? JSON.readTree(executed.toFile()) : null);
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsAndShowsItsPlots() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 3, "expected the experiment notebooks in " + NOTEBOOKS + ", found " + notebooks);
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            Execution run = execute(nb);
            assertEquals(0, run.exitCode(), nb.getFileName() + " failed:\n" + run.log());
            List<JsonNode> outputs = run.outputs();
            assertFalse(outputs.stream().anyMatch(o -> o.path("output_type").asText().equals("error")), run.log());
            // The committed notebook is saved with the outputs of a full run: the same cells must show images here.
            JsonNode saved = JSON.readTree(nb.toFile());
            assertEquals(images(new Execution(0, "", saved).outputs()), images(outputs),
                    nb.getFileName() + ": image outputs, as saved vs as executed now\n" + run.log());
            JsonNode kernel = run.notebook().path("metadata").path("kernelspec").path("name");
            assertEquals(KernelSpec.NAME, kernel.asText(), nb.getFileName() + " must use the Kenning kernel");
        }));
    }

    private static long images(List<JsonNode> outputs) {
        return outputs.stream().filter(o -> o.path("data").has("image/png")).count();
    }

    @Test
    void theNotebooksAreSavedExecutedWithTheirPlots() throws IOException {
        for (String name : List.of("01-free-fall.ipynb", "02-walking-footage.ipynb", "03-fewshot-fashion.ipynb",
                "04-knowledge-authoring.ipynb", "05-mnist-addition.ipynb")) {
            JsonNode saved = JSON.readTree(NOTEBOOKS.resolve(name).toFile());
            saved.get("cells").forEach(c -> assertTrue(!c.path("cell_type").asText().equals("code")
                    || c.path("execution_count").isInt(), name + " is saved with a cell not executed: " + c.path("source")));
            List<JsonNode> outputs = new Execution(0, "", saved).outputs();
            assertFalse(outputs.stream().anyMatch(o -> o.path("output_type").asText().equals("error")), name + " is saved with an error");
            if (!name.startsWith("04")) {
                assertTrue(images(outputs) >= 1, name + " is saved without its plots");
            }
        }
    }

    /** The few-shot notebook on an image folder (12×12 PNGs of the ten Fashion-MNIST classes) named in the environment. */
    @Test
    void theFewShotNotebookReadsAnImageFolder() throws Exception {
        Path images = work.resolve("images");
        java.util.Random rnd = new java.util.Random(5);
        List<String> classes = List.of("tshirt-top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                "ankle-boot");
        for (String part : List.of("train", "test")) {
            for (int c = 0; c < classes.size(); c++) {
                Path dir = Files.createDirectories(images.resolve(part).resolve(classes.get(c)));
                for (int i = 0; i < 20; i++) {
                    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(12, 12,
                            java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                    for (int k = 0; k < 144; k++) {
                        boolean block = k % 12 / 3 == c % 4 && k / 36 == c / 4;
                        img.getRaster().setSample(k % 12, k / 12, 0, block ? 200 + rnd.nextInt(55) : rnd.nextInt(60));
                    }
                    javax.imageio.ImageIO.write(img, "png", dir.resolve(part + i + ".png").toFile());
                }
            }
        }
        Execution run = execute(NOTEBOOKS.resolve("03-fewshot-fashion.ipynb"), Map.of(Notebook.IMAGES_ENV, images.toString()));
        assertEquals(0, run.exitCode(), run.log());
        String text = run.outputs().stream().map(o -> o.path("text").toString()).reduce("", String::concat);
        assertTrue(text.contains("200 training and 200 test images of 10 classes from " + images + " (grey)"), text);
    }

    @Test
    void aCellThatDoesNotCompileFailsTheExecution() throws Exception {
        Execution run = execute(Path.of("src/test/resources/broken/compile-error.ipynb").toAbsolutePath());
        assertNotEquals(0, run.exitCode(), "a notebook with a compile error executed without failing:\n" + run.log());
        assertTrue(run.log().contains("CompileError: line 1: int cannot be dereferenced"), run.log());
        assertTrue(run.log().contains("toUpperCase"), run.log());
        assertFalse(run.log().contains("must not run\n"), "cells after the failure ran:\n" + run.log());
    }

    @Test
    void aCellThatThrowsFailsTheExecution() throws Exception {
        Execution run = execute(Path.of("src/test/resources/broken/exception.ipynb").toAbsolutePath());
        assertNotEquals(0, run.exitCode(), "a notebook whose cell throws executed without failing:\n" + run.log());
        assertTrue(run.log().contains("CellException: java.lang.IndexOutOfBoundsException"), run.log());
    }
}
