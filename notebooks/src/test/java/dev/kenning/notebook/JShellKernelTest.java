package dev.kenning.notebook;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's evaluation without Jupyter: what a cell shows, and how it fails. */
class JShellKernelTest {
    private static JShellKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new JShellKernel(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    private static String text(DisplayData d) {
        return String.valueOf(d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aCellRunsAllItsSnippetsAndShowsTheLastExpression() {
        DisplayData d = kernel.eval("""
                import java.util.List;
                int twice(int x) { return 2 * x; }
                var xs = List.of(1, 2, 3);
                xs.stream().mapToInt(this::twice).sum()
                """.replace("this::twice", "x -> twice(x)"));
        assertEquals("12", text(d));
        assertEquals("hello 12", text(kernel.eval("\"hello \" + twice(6)")));
    }

    @Test
    void declarationsAndStatementsShowNothing() {
        assertNull(kernel.eval("int unseen = 5;"));
        assertNull(kernel.eval("System.out.println(unseen);"));
        assertNull(kernel.eval("   \n  "));
    }

    @Test
    void stateCarriesFromCellToCellAndKenningIsOnTheClasspath() {
        kernel.eval("import dev.kenning.workbench.spec.ExperimentSpec;");
        kernel.eval("var spec = ExperimentSpec.load(java.nio.file.Path.of(\"../experiments/free-fall.yaml\"));");
        assertEquals("400", text(kernel.eval("spec.training().steps()")));
    }

    @Test
    void anImageValueShowsAsPng() {
        DisplayData d = kernel.eval("""
                var img = new java.awt.image.BufferedImage(7, 5, java.awt.image.BufferedImage.TYPE_INT_RGB);
                img
                """);
        byte[] png = Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals("image 7×5", text(d));
    }

    @Test
    void aPngFileShowsAsItsBytes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("plot.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(3, 3, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        DisplayData d = kernel.eval("dev.kenning.notebook.Notebook.image(java.nio.file.Path.of(\"" + file + "\"))");
        assertArrayEquals(Files.readAllBytes(file), Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG)));
        assertEquals("plot.png", text(d));

        Path notPng = Files.writeString(dir.resolve("notes.png"), "not an image");
        CellException e = assertThrows(CellException.class,
                () -> kernel.eval("dev.kenning.notebook.Notebook.image(java.nio.file.Path.of(\"" + notPng + "\"))"));
        assertTrue(e.getMessage().contains("is not a PNG file"), e.getMessage());
    }

    @Test
    void aCompileErrorNamesTheLineInTheCellAndRunsNothingAfterIt() {
        CompileError e = assertThrows(CompileError.class, () -> kernel.eval("""
                int before = 1;
                
                String s = before.length();
                int after = 2;
                """));
        assertTrue(e.getMessage().startsWith("line 3: int cannot be dereferenced"), e.getMessage());
        assertThrows(CompileError.class, () -> kernel.eval("after"));

        CompileError missing = assertThrows(CompileError.class, () -> kernel.eval("noSuchVariable + 1"));
        assertTrue(missing.getMessage().contains("line 1: cannot find symbol"), missing.getMessage());

        CompileError unfinished = assertThrows(CompileError.class, () -> kernel.eval("int ok = 1;\nfor (int i = 0; i < 3; i++) {"));
        assertTrue(unfinished.getMessage().startsWith("line 2: the cell ends inside an unfinished"), unfinished.getMessage());

        CompileError unresolved = assertThrows(CompileError.class, () -> kernel.eval("class Uses { NoSuchType t; }"));
        assertTrue(unresolved.getMessage().contains("NoSuchType"), unresolved.getMessage());
    }

    @Test
    void anExceptionFailsTheCellWithItsClassMessageAndCause() {
        CellException e = assertThrows(CellException.class, () -> kernel.eval("""
                int reached = 0;
                reached = 1;
                if (reached == 1) throw new IllegalStateException("outer", new ArithmeticException("inner"));
                reached = 2;
                """));
        assertEquals("java.lang.IllegalStateException: outer", e.getMessage());
        assertEquals("java.lang.ArithmeticException: inner", e.getCause().getMessage());
        assertEquals("1", text(kernel.eval("reached")));
        assertTrue(String.join("\n", kernel.formatError(e)).contains("Caused by: java.lang.ArithmeticException: inner"));
    }
}
