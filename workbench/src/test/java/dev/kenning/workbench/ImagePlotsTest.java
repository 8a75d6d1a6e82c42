package dev.kenning.workbench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image runs' plots at the size of a real dataset's classes: CUB's 50 unseen birds and their long names. */
class ImagePlotsTest {
    @TempDir
    Path dir;

    @Test
    void aConfusionMatrixOfFiftyLongNamesStaysReadableInSize() throws IOException {
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            classes.add(String.format("%03d-black-footed-albatross-of-the-northern-pacific-%d", c + 1, c));
        }
        long[][] m = new long[200][200];
        for (int c = 150; c < 200; c++) {
            m[c][c] = 3;
            m[c][150] += 1;
        }
        Map<String, long[][]> matrices = new LinkedHashMap<>();
        matrices.put("with knowledge, 5-way 1-shot", m);
        matrices.put("baseline", m);
        Path file = dir.resolve("confusion.png");
        ImagePlots.confusion(file, classes, matrices);
        BufferedImage img = ImageIO.read(file.toFile());
        // 50 shown classes: 20 px cells and names cut at 200 px, two panels side by side
        int panel = img.getWidth() / 2;
        assertTrue(panel >= 50 * 20 && panel <= 50 * 20 + ImagePlots.NAME_WIDTH + 60, "panel width " + panel);
        assertTrue(img.getHeight() <= 44 + 50 * 20 + ImagePlots.NAME_WIDTH + 20, "height " + img.getHeight());
    }

    /** A few-shot run's two settings, each with knowledge beside its baseline: two rows of two panels, each drawn. */
    @Test
    void fourMatricesAreTwoRowsOfTwo() throws IOException {
        Map<String, long[][]> matrices = new LinkedHashMap<>();
        matrices.put("with knowledge, 2-way 1-shot", new long[][]{{2, 0}, {0, 2}});
        matrices.put("baseline, 2-way 1-shot", new long[][]{{1, 1}, {1, 1}});
        matrices.put("with knowledge, 2-way 5-shot", new long[][]{{2, 0}, {0, 2}});
        matrices.put("baseline, 2-way 5-shot", new long[][]{{0, 2}, {2, 0}});
        Path file = dir.resolve("four.png");
        ImagePlots.confusion(file, List.of("dog", "owl"), matrices);
        BufferedImage img = ImageIO.read(file.toFile());
        ImagePlots.confusion(dir.resolve("one.png"), List.of("dog", "owl"), Map.of("x", new long[][]{{2, 0}, {0, 2}}));
        BufferedImage single = ImageIO.read(dir.resolve("one.png").toFile());
        assertEquals(2 * single.getWidth(), img.getWidth());
        assertEquals(2 * single.getHeight(), img.getHeight());
        // the last panel (bottom right) is drawn: its full cells strong blue
        boolean blue = false;
        for (int y = single.getHeight(); y < img.getHeight(); y++) {
            for (int x = single.getWidth(); x < img.getWidth(); x++) {
                blue |= (img.getRGB(x, y) & 0xffffff) == 0x3737ff;
            }
        }
        assertTrue(blue, "the fourth panel drawn at the bottom right");
    }

    /** A row all in one cell is strong blue, an empty cell of an asked row a shade off white. */
    @Test
    void confusionCellsAreShadedBlueByTheirRowsShare() throws IOException {
        Map<String, long[][]> matrices = new LinkedHashMap<>();
        matrices.put("zero-shot", new long[][]{{2, 0}, {0, 2}});
        Path file = dir.resolve("two.png");
        ImagePlots.confusion(file, List.of("dog", "owl"), matrices);
        BufferedImage img = ImageIO.read(file.toFile());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(colours.contains(0x3737ff), "a full cell: (55, 55, 255)");
        assertTrue(colours.contains(0xf8f8ff), "an empty cell: (248, 248, 255)");
    }

    @Test
    void textWiderThanItsPlaceEndsInAnEllipsis() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        assertEquals("short", ImagePlots.fitted(g, "short", 200));
        String cut = ImagePlots.fitted(g, "x".repeat(300), 100);
        assertTrue(cut.endsWith("…") && cut.length() > 5, cut);
        assertTrue(g.getFontMetrics().stringWidth(cut) <= 100, cut);
    }

    @Test
    void aLongListOfClassesIsNamedByItsFirstAndItsCount() {
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 190; c++) {
            classes.add("bird-" + c);
        }
        assertEquals("[bird-0, bird-1, bird-2, bird-3, bird-4, bird-5, bird-6, bird-7, …] (190 classes)",
                ImageTask.listed(classes));
        assertEquals("[bird-0, bird-1]", ImageTask.listed(classes.subList(0, 2)));
    }
}
