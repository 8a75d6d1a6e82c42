package dev.kenning.datasets;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {

    /** A 2×2 RGB PNG: red, green / blue, white. */
    private static Path colourPng(Path file) throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0x00ff00);
        img.setRGB(0, 1, 0x0000ff);
        img.setRGB(1, 1, 0xffffff);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Path greyPng(Path file, int... values) throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 4; i++) {
            img.getRaster().setSample(i % 2, i / 2, 0, values[i]);
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /**
     * Classes kept for testing (unseen, novel) need no train/ folder beside test/, as zero-shot
     * releases ship them; in a folder of class folders every image of theirs is a test image, and
     * the other classes' split is the one drawn without them.
     */
    @Test
    void heldOutClassesAreForTestingOnly(@TempDir Path dir) throws IOException {
        List<String> classes = List.of("bus", "car", "van");
        Path split = dir.resolve("split");
        for (int i = 0; i < 4; i++) {
            greyPng(split.resolve("train/bus/" + i + ".png"), 0, 0, 0, 0);
            greyPng(split.resolve("train/car/" + i + ".png"), 255, 255, 255, 255);
            for (String c : classes) {
                greyPng(split.resolve("test/" + c + "/" + i + ".png"), 9, 9, 9, 9);
            }
        }
        InputError lacking = assertThrows(InputError.class, () -> ImageFolder.load(split, classes,
                new ImageFolder.Reading(2, 1, 0.5, 0), DecodedImageCache.NONE));
        assertTrue(lacking.getMessage().contains("class 'van' has no folder here"), lacking.getMessage());
        ImageFolder.Split read = ImageFolder.load(split, classes, new ImageFolder.Reading(2, 1, 0.5, 0, List.of(), false,
                Map.of(), java.util.Set.of(2)), DecodedImageCache.NONE);
        assertEquals(8, read.train().size());
        assertEquals(12, read.test().size());

        Path flat = dir.resolve("flat");
        for (String c : classes) {
            for (int i = 0; i < 10; i++) {
                greyPng(flat.resolve(c + "/" + i + ".png"), 0, 0, 0, 0);
            }
        }
        ImageFolder.Split all = ImageFolder.load(flat, classes, new ImageFolder.Reading(2, 1, 0.2, 0), DecodedImageCache.NONE);
        ImageFolder.Split held = ImageFolder.load(flat, classes, new ImageFolder.Reading(2, 1, 0.2, 0, List.of(), false,
                Map.of(), java.util.Set.of(2)), DecodedImageCache.NONE);
        assertEquals(List.of(8, 8, 8), counts(all.train(), 3));
        assertEquals(List.of(8, 8, 0), counts(held.train(), 3));
        assertEquals(List.of(2, 2, 10), counts(held.test(), 3));
        assertTrue(held.description().contains("every image of the 1 held-out class(es)"), held.description());
    }

    private static List<Integer> counts(LabelledImages images, int classes) {
        int[] n = new int[classes];
        for (int i = 0; i < images.size(); i++) {
            n[images.labels()[i]]++;
        }
        return java.util.Arrays.stream(n).boxed().toList();
    }

    @Test
    void colourImagesGiveTheirPlanesWithThreeChannelsAndTheirLumaWithOne(@TempDir Path dir) throws IOException {
        Path png = colourPng(dir.resolve("c.png"));
        assertArrayEquals(new float[]{1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1}, ImageFolder.pixels(png, 2, 3));
        assertArrayEquals(new float[]{0.299f, 0.587f, 0.114f, 1f}, ImageFolder.pixels(png, 2, 1), 1e-6f);
    }

    @Test
    void greyImagesAreTheirValuesInEveryChannel(@TempDir Path dir) throws IOException {
        Path png = greyPng(dir.resolve("g.png"), 0, 51, 102, 255);
        float[] grey = {0, 0.2f, 0.4f, 1};
        assertArrayEquals(grey, ImageFolder.pixels(png, 2, 1));
        assertArrayEquals(new float[]{0, 0.2f, 0.4f, 1, 0, 0.2f, 0.4f, 1, 0, 0.2f, 0.4f, 1}, ImageFolder.pixels(png, 2, 3));
    }

    /**
     * Grey with alpha and 16-bit grey are read as the values they store (Java2D would take them as
     * linear light: a stored 56 read as 129), a transparent pixel as black, as colour images' are.
     */
    @Test
    void greyImagesWithAlphaOrSixteenBitsAreTheirStoredValues(@TempDir Path dir) throws IOException {
        java.awt.image.ComponentColorModel greyAlpha = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage la = new BufferedImage(greyAlpha, greyAlpha.createCompatibleWritableRaster(2, 2), false, null);
        int[][] greyAndAlpha = {{56, 255}, {200, 255}, {255, 0}, {100, 255}};
        for (int i = 0; i < 4; i++) {
            la.getRaster().setPixel(i % 2, i / 2, greyAndAlpha[i]);
        }
        Path laPng = dir.resolve("la.png");
        ImageIO.write(la, "png", laPng.toFile());
        assertArrayEquals(new float[]{56 / 255f, 200 / 255f, 0, 100 / 255f}, ImageFolder.pixels(laPng, 2, 1), 1e-6f);

        BufferedImage deep = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] values = {0, 56 * 257, 65535, 128 * 257};
        for (int i = 0; i < 4; i++) {
            deep.getRaster().setSample(i % 2, i / 2, 0, values[i]);
        }
        Path deepPng = dir.resolve("deep.png");
        ImageIO.write(deep, "png", deepPng.toFile());
        assertArrayEquals(new float[]{0, 56 / 255f, 1, 128 / 255f}, ImageFolder.pixels(deepPng, 2, 1), 1e-6f);
    }

    /**
     * A JPEG cut short (a download or copy that stopped) is refused, naming the file, as PIL refuses
     * it; Java's decoder only warns and fills the missing rows with grey. The whole file still reads.
     */
    @Test
    void aTruncatedJpegIsRefused(@TempDir Path dir) throws IOException {
        BufferedImage photo = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(1);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                photo.setRGB(x, y, noise.nextInt(1 << 24)); // most of the file is then the scan, not the tables
            }
        }
        Path whole = dir.resolve("whole.jpg");
        ImageIO.write(photo, "jpg", whole.toFile());
        assertEquals(64 * 64 * 3, ImageFolder.pixels(whole, 64, 3).length); // resized to 64²
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        InputError e = assertThrows(InputError.class, () -> ImageFolder.pixels(cut, 64, 3));
        assertTrue(e.getMessage().startsWith(cut + ": not a readable image: the file is truncated ("),
                e.getMessage());
    }

    /**
     * Images to name with unreadable files among them (an empty file, text named .png, a JPEG cut
     * short past its header) are refused with every such file named in one error, not the first
     * only: the headers at once before any image is decoded, the cut ones when their block is.
     */
    @Test
    void everyUnreadableImageToClassifyIsNamedAtOnce(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in");
        colourPng(in.resolve("bus/good.png"));
        Files.write(in.resolve("empty.png"), new byte[0]);
        Files.writeString(in.resolve("bus/fake.png"), "not a png at all");
        var classes = dev.kenning.core.knowledge.ClassKeys.of(List.of("bus"), Map.of());
        InputError headers = assertThrows(InputError.class, () -> ImagesToClassify.read(in, 8, 3, classes));
        assertEquals(in.toAbsolutePath() + ": 2 files cannot be read as images; remove or replace them: bus/fake.png: not a"
                + " readable image (PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM); empty.png: an empty file",
                headers.getMessage());

        Files.delete(in.resolve("empty.png"));
        Files.delete(in.resolve("bus/fake.png"));
        BufferedImage photo = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(1);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                photo.setRGB(x, y, noise.nextInt(1 << 24));
            }
        }
        Path whole = dir.resolve("whole.jpg");
        ImageIO.write(photo, "jpg", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        for (String name : List.of("a.jpg", "b.jpg")) {
            Files.write(in.resolve("bus").resolve(name), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        }
        ImagesToClassify images = ImagesToClassify.read(in, 8, 3, classes); // their headers are whole
        InputError decoded = assertThrows(InputError.class, () -> images.pixels(0, images.files().size()));
        assertTrue(decoded.getMessage().startsWith(in + ": 2 files cannot be read as images; remove or replace them:"
                + " bus/a.jpg: not a readable image: the file is truncated ("), decoded.getMessage());
        assertTrue(decoded.getMessage().contains("; bus/b.jpg: not a readable image: the file is truncated ("),
                decoded.getMessage());
    }

    /**
     * A phone's photo stored sideways with EXIF orientation 6 (turn a quarter clockwise) or 8 is read
     * turned, as viewers and OpenCV show it: a stored left half, white, is the top (6) or bottom (8).
     */
    @Test
    void aJpegIsTurnedAsItsExifOrientationSays(@TempDir Path dir) throws IOException {
        BufferedImage stored = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                stored.setRGB(x, y, 0xffffff);
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ImageIO.write(stored, "jpg", bytes);
        byte[] jpeg = bytes.toByteArray();
        for (int orientation : new int[]{1, 6, 8}) {
            // SOI, then an APP1 EXIF block (big-endian TIFF, one IFD entry: 0x0112 SHORT = orientation), then the rest
            byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
                    0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
            byte[] file = new byte[jpeg.length + exif.length];
            System.arraycopy(jpeg, 0, file, 0, 2);
            System.arraycopy(exif, 0, file, 2, exif.length);
            System.arraycopy(jpeg, 2, file, 2 + exif.length, jpeg.length - 2);
            Path photo = Files.write(dir.resolve("o" + orientation + ".jpg"), file);
            float[] grey = ImageFolder.pixels(photo, 16, 1);
            float topMiddle = grey[2 * 16 + 12];
            float bottomMiddle = grey[13 * 16 + 12];
            float leftMiddle = grey[8 * 16 + 2];
            switch (orientation) {
                case 6 -> assertTrue(topMiddle > 0.8 && bottomMiddle < 0.2, orientation + ": " + topMiddle + " " + bottomMiddle);
                case 8 -> assertTrue(topMiddle < 0.2 && bottomMiddle > 0.8, orientation + ": " + topMiddle + " " + bottomMiddle);
                default -> assertTrue(leftMiddle > 0.8 && grey[8 * 16 + 13] < 0.2, "upright as stored");
            }
        }
    }

    /**
     * All eight EXIF orientations, each a JPEG PIL wrote with the tag (16×8, four coloured quarters
     * and a white corner), read as PIL's {@code ImageOps.exif_transpose} shows it (the PNGs beside
     * them): the same size and every value (measured 0 apart on each).
     */
    @Test
    void everyExifOrientationReadsAsPilTransposesIt() throws Exception {
        for (int o = 1; o <= 8; o++) {
            Path jpg = Path.of(ImageFolderTest.class.getResource("exif/orientation-" + o + ".jpg").toURI());
            BufferedImage ours = ImageFolder.read(jpg);
            BufferedImage pil = ImageIO.read(ImageFolderTest.class.getResource("exif/orientation-" + o + "-as-pil-shows-it.png"));
            assertEquals(List.of(pil.getWidth(), pil.getHeight()), List.of(ours.getWidth(), ours.getHeight()), "orientation " + o);
            for (int y = 0; y < pil.getHeight(); y++) {
                for (int x = 0; x < pil.getWidth(); x++) {
                    for (int shift : new int[]{16, 8, 0}) {
                        assertEquals((pil.getRGB(x, y) >> shift) & 255, (ours.getRGB(x, y) >> shift) & 255, 2.0,
                                "orientation " + o + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    /** A CMYK JPEG (as print and product photos come) reads as PIL and OpenCV read it: R = (1 − C)(1 − K), … */
    @Test
    void aCmykJpegReadsAsPlainRgb() throws Exception {
        // 8x8 of RGB (40, 60, 80), turned to CMYK and saved by PIL at quality 100
        Path jpg = Path.of(ImageFolderTest.class.getResource("cmyk-40-60-80.jpg").toURI());
        float[] rgb = ImageFolder.pixels(jpg, 8, 3);
        for (int p = 0; p < 64; p++) {
            assertEquals(40 / 255f, rgb[p], 3 / 255f);
            assertEquals(60 / 255f, rgb[64 + p], 3 / 255f);
            assertEquals(80 / 255f, rgb[128 + p], 3 / 255f);
        }
    }

    /**
     * A class folder may be named by another name the class goes by in the knowledge (a label in
     * another language, an equivalent class); a class's own name wins over another's other name,
     * and a name two classes go by is refused, pointing to the class map.
     */
    /**
     * The split folders datasets come with: train/ and test/, Train/ and Val/ (ImageNet's val/,
     * any case), training/ and testing/ (MNIST's PNG dumps), train/, valid/ and test/ (Roboflow's:
     * test/ is read, valid/ named as not read); a train/ among class folders is the class "train"
     * (CIFAR-100 has one); a train/ alone is an error naming what would do.
     */
    @Test
    void theSplitFoldersDatasetsComeWithAreRead(@TempDir Path dir) throws IOException {
        ImageFolder.Reading reading = new ImageFolder.Reading(2, 1, 0.5, 0);
        for (List<String> layout : List.of(List.of("train", "test"), List.of("Train", "Val"), List.of("training", "testing"),
                List.of("train", "test", "valid"))) {
            Path root = dir.resolve(String.join("-", layout));
            for (int i = 0; i < layout.size(); i++) {
                greyPng(root.resolve(layout.get(i) + "/bus/" + i + ".png"), 0, 0, 0, 0);
                greyPng(root.resolve(layout.get(i) + "/car/" + i + ".png"), 255, 255, 255, 255);
            }
            ImageFolder.Split split = ImageFolder.load(root, List.of("bus", "car"), reading, DecodedImageCache.NONE);
            assertEquals(List.of(2, 2), List.of(split.train().size(), split.test().size()), layout.toString());
            assertEquals(!layout.equals(List.of("train", "test")), split.description().contains("(" + layout.get(0) + "/ and "
                    + layout.get(1) + "/"), split.description());
            assertEquals(layout.size() == 3, split.description().contains("; valid/ not read"), split.description());
        }

        Path classes = dir.resolve("vehicles");
        for (String c : List.of("bus", "train")) {
            for (int i = 0; i < 2; i++) {
                greyPng(classes.resolve(c + "/" + i + ".png"), 0, 0, 0, 0);
            }
        }
        ImageFolder.Split seeded = ImageFolder.load(classes, List.of("bus", "train"), reading, DecodedImageCache.NONE);
        assertEquals(4, seeded.train().size() + seeded.test().size(), seeded.description());

        // what macOS, Jupyter and Windows leave beside the class folders is not a class
        greyPng(classes.resolve("__MACOSX/bus/._0.png"), 0, 0, 0, 0);
        greyPng(classes.resolve(".ipynb_checkpoints/x.png"), 0, 0, 0, 0);
        Files.createDirectories(classes.resolve("$RECYCLE.BIN"));
        assertEquals(4, ImageFolder.load(classes, List.of("bus", "train"), reading, DecodedImageCache.NONE).train().size()
                + ImageFolder.load(classes, List.of("bus", "train"), reading, DecodedImageCache.NONE).test().size());
        // an archive unpacked one folder too deep
        Path nested = dir.resolve("nested");
        Files.move(dir.resolve("train-test"), Files.createDirectories(nested).resolve("images"));
        InputError deep = assertThrows(InputError.class, () -> ImageFolder.load(nested, List.of("bus", "car"), reading,
                DecodedImageCache.NONE));
        assertEquals(nested + ": holds one folder, images/, which holds the split folders: point data.path at "
                + nested.resolve("images"), deep.getMessage());

        Path alone = dir.resolve("alone");
        greyPng(alone.resolve("train/bus/0.png"), 0, 0, 0, 0);
        InputError e = assertThrows(InputError.class, () -> ImageFolder.load(alone, List.of("bus", "car"), reading,
                DecodedImageCache.NONE));
        assertEquals(alone + ": has train/ but no test/, testing/, val/, valid/, validation/ beside it; give both, or put the"
                + " class folders directly here for a seeded split", e.getMessage());
    }

    @Test
    void aFolderMayBeNamedByAnotherNameOfItsClass(@TempDir Path dir) throws IOException {
        greyPng(dir.resolve("train/Hemd/1.png"), 0, 0, 0, 0);
        greyPng(dir.resolve("train/boot/2.png"), 255, 255, 255, 255);
        greyPng(dir.resolve("test/Hemd/3.png"), 0, 0, 0, 0);
        greyPng(dir.resolve("test/boot/4.png"), 255, 255, 255, 255);
        // "boot" is also another name of shirt here: the class called boot keeps its folder
        Map<String, List<String>> others = Map.of("shirt", List.of("Shirt", "Hemd", "boot"), "boot", List.of("Stiefel"));
        ImageFolder.Split split = ImageFolder.load(dir, List.of("shirt", "boot"),
                new ImageFolder.Reading(2, 1, 0.2, 0, List.of(), false, others), DecodedImageCache.NONE);
        assertArrayEquals(new int[]{0, 1}, split.train().labels());
        assertArrayEquals(new int[]{0, 1}, split.test().labels());

        Map<String, List<String>> shared = Map.of("shirt", List.of("Hemd"), "boot", List.of("hemd"));
        InputError e = assertThrows(InputError.class, () -> ImageFolder.load(dir, List.of("shirt", "boot"),
                new ImageFolder.Reading(2, 1, 0.2, 0, List.of(), false, shared), DecodedImageCache.NONE));
        assertEquals(dir.resolve("train/Hemd") + ": 'Hemd' is a name of more than one class in the knowledge: [shirt, boot];"
                + " name the folder's class in data.classes (folder: class)", e.getMessage());
        InputError unknown = assertThrows(InputError.class, () -> ImageFolder.load(dir, List.of("shirt", "boot"),
                new ImageFolder.Reading(2, 1, 0.2, 0), DecodedImageCache.NONE));
        assertTrue(unknown.getMessage().contains("no class of the knowledge is called 'Hemd'"), unknown.getMessage());
    }

    /** Every folder that names no class is said at once, each with the class it likely means. */
    @Test
    void foldersNamingNoClassAreSaidTogetherWithTheirLikelyClass(@TempDir Path dir) throws IOException {
        for (String c : List.of("T-shirts", "trouser", "bag", "misc")) {
            greyPng(dir.resolve(c + "/1.png"), 0, 0, 0, 0);
            greyPng(dir.resolve(c + "/2.png"), 0, 0, 0, 0);
        }
        InputError e = assertThrows(InputError.class, () -> ImageFolder.load(dir, List.of("t-shirt", "trousers", "bag"),
                new ImageFolder.Reading(2, 1, 0.5, 0), DecodedImageCache.NONE));
        assertEquals(dir.resolve("T-shirts") + ": no class of the knowledge is called 'T-shirts' (did you mean t-shirt?), nor"
                + " 'misc', 'trouser' (did you mean trousers?) (3 folders here); its classes are [t-shirt, trousers, bag]; a folder"
                + " named otherwise is mapped to its class in data.classes (folder: class)", e.getMessage());
    }

    /** A folder named after a class the knowledge has above the labels (by any of its names) is told it groups them. */
    @Test
    void aFolderNamedAfterAClassAboveTheLabelsIsToldItGroupsThem(@TempDir Path dir) throws IOException {
        for (String c : List.of("T-shirt", "bag", "Schuhwerk", "Shoes")) {
            greyPng(dir.resolve(c + "/1.png"), 0, 0, 0, 0);
            greyPng(dir.resolve(c + "/2.png"), 0, 0, 0, 0);
        }
        Map<String, List<String>> groups = Map.of("Footwear", List.of("sandal", "sneaker"), "Schuhwerk", List.of("sandal", "sneaker"));
        InputError e = assertThrows(InputError.class, () -> ImageFolder.load(dir, List.of("t-shirt", "bag", "sandal", "sneaker"),
                new ImageFolder.Reading(2, 1, 0.5, 0, List.of(), false, Map.of(), java.util.Set.of(), groups), DecodedImageCache.NONE));
        assertEquals(dir.resolve("Schuhwerk") + ": no class of the knowledge is called 'Shoes'; 'Schuhwerk' groups [sandal, sneaker]"
                + " in the knowledge, and is not itself a class the model tells apart: a class folder holds the images of one, so"
                + " split it into their folders (2 folders here); its classes are [t-shirt, bag, sandal, sneaker]; a folder named"
                + " otherwise is mapped to its class in data.classes (folder: class)", e.getMessage());
    }

    @Test
    void aFolderReadAsRgbHoldsThreeChannelsPerImage(@TempDir Path dir) throws IOException {
        colourPng(dir.resolve("train/a/1.png"));
        greyPng(dir.resolve("train/b/2.png"), 0, 51, 102, 255);
        colourPng(dir.resolve("test/a/3.png"));
        greyPng(dir.resolve("test/b/4.png"), 0, 0, 0, 0);
        ImageFolder.Split split = ImageFolder.load(dir, List.of("a", "b"), new ImageFolder.Reading(2, 3, 0.2, 0),
                DecodedImageCache.NONE);
        LabelledImages train = split.train();
        assertEquals(3, train.channels());
        assertEquals(12, train.valuesPerImage());
        assertArrayEquals(new int[]{0, 1}, train.labels());
        assertEquals(12, train.pixels()[1].length);
        assertEquals(3, train.only(List.of(1)).channels());
    }

    /**
     * {@code channels: auto} reads a folder as RGB when any image is in colour (by its header: a
     * colour PNG or JPEG, a PPM, a WebP, a palette with a colour in it) and grey when none is (grey
     * PNG, grey JPEG, a palette of greys, a PGM); the grey folder reads as {@code channels: 1} does.
     */
    @Test
    void autoChannelsFollowWhetherAnyImageIsInColour(@TempDir Path dir) throws Exception {
        greyPng(dir.resolve("train/a/1.png"), 0, 51, 102, 255);
        BufferedImage grey = ImageIO.read(dir.resolve("train/a/1.png").toFile());
        Files.createDirectories(dir.resolve("train/b"));
        ImageIO.write(grey, "jpg", dir.resolve("train/b/2.jpg").toFile());
        byte[] greys = {0, 60, (byte) 120, (byte) 255};
        BufferedImage palette = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED,
                new java.awt.image.IndexColorModel(2, 4, greys, greys, greys));
        palette.getRaster().setSamples(0, 0, 2, 2, 0, new int[]{0, 1, 2, 3});
        ImageIO.write(palette, "png", dir.resolve("train/b/3.png").toFile());
        Files.createDirectories(dir.resolve("test/a"));
        Files.writeString(dir.resolve("test/a/4.pgm"), "P2\n2 2\n255\n0 51 102 255\n");
        greyPng(dir.resolve("test/b/5.png"), 9, 9, 9, 9);
        ImageFolder.Reading auto = new ImageFolder.Reading(2, ImageFolder.Reading.AUTO_CHANNELS, 0.2, 0);
        ImageFolder.Split greyFolder = ImageFolder.load(dir, List.of("a", "b"), auto, DecodedImageCache.NONE);
        assertEquals(1, greyFolder.train().channels());
        assertTrue(greyFolder.description().contains("(grey: no image is in colour)"), greyFolder.description());
        ImageFolder.Split asOne = ImageFolder.load(dir, List.of("a", "b"), new ImageFolder.Reading(2, 1, 0.2, 0),
                DecodedImageCache.NONE);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(asOne.train().pixels()[i], greyFolder.train().pixels()[i]);
        }

        Path ppm = dir.resolve("test/b/6.ppm");
        Files.writeString(ppm, "P3\n1 1\n255\n200 10 10\n");
        assertTrue(ImageFolder.inColour(ppm));
        Files.delete(ppm);
        byte[] red = {0, (byte) 255};
        byte[] none = {0, 0};
        BufferedImage colourPalette = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY,
                new java.awt.image.IndexColorModel(1, 2, red, none, none));
        Path gif = dir.resolve("train/b/7.gif");
        ImageIO.write(colourPalette, "gif", gif.toFile());
        assertTrue(ImageFolder.inColour(gif));
        Files.delete(gif);
        BufferedImage photo = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        photo.setRGB(0, 0, 0xff0000);
        ImageIO.write(photo, "jpg", dir.resolve("train/b/8.jpg").toFile());
        ImageFolder.Split colourFolder = ImageFolder.load(dir, List.of("a", "b"), auto, DecodedImageCache.NONE);
        assertEquals(3, colourFolder.train().channels());
        assertTrue(colourFolder.description().contains("(RGB: colour images, train/b/8.jpg the first)"),
                colourFolder.description());
    }

    /**
     * A torchvision-style folder may hold BMP, GIF, TIFF and WebP images beside PNG and JPEG: all are read.
     * An image of a kind not read (JPEG 2000) is named in the error rather than passed over.
     */
    @Test
    void bmpGifTiffAndWebpAreReadAndAJpeg2000IsNamedNotPassedOver(@TempDir Path dir) throws Exception {
        Path png = colourPng(dir.resolve("train/a/1.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        for (String kind : List.of("bmp", "gif", "tiff")) {
            Path f = dir.resolve("train/b/2." + kind);
            Files.createDirectories(f.getParent());
            assertTrue(ImageIO.write(img, kind, f.toFile()), kind);
            if (!kind.equals("gif")) { // the JDK's GIF writer stores this 4-colour image so that its own reader reads white as blue
                assertArrayEquals(new float[]{1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1}, ImageFolder.pixels(f, 2, 3), kind);
            }
            Files.move(f, dir.resolve("train/b/" + kind + "." + kind));
        }
        Path webp = cwebp(png, dir.resolve("train/b/photo.webp"), "-lossless");
        assertArrayEquals(new float[]{1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1}, ImageFolder.pixels(webp, 2, 3), "lossless WebP");
        colourPng(dir.resolve("test/a/3.png"));
        colourPng(dir.resolve("test/b/4.png"));
        ImageFolder.Reading rgb = new ImageFolder.Reading(2, 3, 0.2, 0);
        assertEquals(5, ImageFolder.load(dir, List.of("a", "b"), rgb, DecodedImageCache.NONE).train().size());

        Path jp2 = Files.writeString(dir.resolve("train/b/scan.jp2"), "not read");
        dev.kenning.core.InputError e = org.junit.jupiter.api.Assertions.assertThrows(dev.kenning.core.InputError.class,
                () -> ImageFolder.load(dir, List.of("a", "b"), rgb, DecodedImageCache.NONE));
        assertTrue(e.getMessage().startsWith(jp2 + ": a .jp2 image, which is not read (images are PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM)")
                && e.getMessage().contains("ffmpeg"), e.getMessage());
    }

    /**
     * WebP is decoded by libwebp (dwebp), as PIL decodes it: a lossless image to every value of the
     * PNG it was made from, alpha included, at any size read; a lossy one near it; a header
     * claiming a canvas too large is refused before decoding; a broken file is one message.
     */
    @Test
    void webpReadsAsLibwebpDecodesIt(@TempDir Path dir) throws Exception {
        BufferedImage src = new BufferedImage(12, 9, BufferedImage.TYPE_4BYTE_ABGR);
        java.util.Random random = new java.util.Random(3);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 12; x++) {
                int alpha = x < 3 && y < 3 ? 0 : 255;
                src.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
            }
        }
        Path png = dir.resolve("a.png");
        ImageIO.write(src, "png", png.toFile());
        Path lossless = cwebp(png, dir.resolve("a.webp"), "-lossless", "-exact");
        for (int size : new int[]{9, 4}) {
            for (int channels : new int[]{1, 3}) {
                assertArrayEquals(ImageFolder.pixels(png, size, channels), ImageFolder.pixels(lossless, size, channels),
                        size + "² " + channels + " channel(s)");
            }
        }
        BufferedImage smooth = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                smooth.setRGB(x, y, (40 + 12 * x) << 16 | (200 - 10 * y) << 8 | (60 + 5 * (x + y)));
            }
        }
        ImageIO.write(smooth, "png", png.toFile());
        Path lossy = cwebp(png, dir.resolve("b.webp"), "-q", "95");
        float[] a = ImageFolder.pixels(png, 8, 3);
        float[] b = ImageFolder.pixels(lossy, 8, 3);
        double mean = 0;
        for (int i = 0; i < a.length; i++) {
            mean += Math.abs(a[i] - b[i]) / a.length;
        }
        assertTrue(mean < 0.02, "lossy WebP near its source: mean difference " + mean);

        Path huge = dir.resolve("huge.webp");
        byte[] header = new byte[30];
        System.arraycopy("RIFF\0\0\0\0WEBPVP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, header, 0, 16);
        for (int i = 24; i < 30; i++) {
            header[i] = (byte) 0xff;
        }
        Files.write(huge, header);
        InputError big = assertThrows(InputError.class, () -> ImageFolder.pixels(huge, 4, 1));
        assertTrue(big.getMessage().contains("its header claims 16777216 × 16777216 pixels"), big.getMessage());
        Path broken = Files.write(dir.resolve("broken.webp"), java.util.Arrays.copyOf(Files.readAllBytes(lossy), 40));
        InputError bad = assertThrows(InputError.class, () -> ImageFolder.pixels(broken, 4, 1));
        assertTrue(bad.getMessage().startsWith(broken + ": not a readable WebP image (dwebp: "), bad.getMessage());
    }

    /**
     * HEIC (phones' photos) and AVIF are decoded by libheif (heif-convert): a lossless HEIC within a
     * level of the PNG it was made from (libheif's colour conversion rounds), a lossy AVIF near it;
     * of a file holding two images, the primary one; a broken file is one message.
     */
    @Test
    void heicAndAvifReadAsLibheifDecodesThem(@TempDir Path dir) throws Exception {
        BufferedImage smooth = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                smooth.setRGB(x, y, (20 + 3 * x) << 16 | (220 - 4 * y) << 8 | (60 + 2 * (x + y)));
            }
        }
        Path png = dir.resolve("a.png");
        ImageIO.write(smooth, "png", png.toFile());
        Path heic = heifEnc(dir.resolve("train/a/photo.heic"), List.of(png), "-L", "-p", "chroma=444");
        Path avif = heifEnc(dir.resolve("train/a/web.avif"), List.of(png), "-A", "-q", "90");
        assertTrue(ImageSequenceFolder.isImage(heic) && ImageSequenceFolder.isImage(avif));
        float[] source = ImageFolder.pixels(png, 64, 3);
        float[] lossless = ImageFolder.pixels(heic, 64, 3);
        float[] lossy = ImageFolder.pixels(avif, 64, 3);
        double worst = 0;
        double mean = 0;
        for (int i = 0; i < source.length; i++) {
            worst = Math.max(worst, Math.abs(source[i] - lossless[i]));
            mean += Math.abs(source[i] - lossy[i]) / source.length;
        }
        assertTrue(worst <= 1.5 / 255, "lossless HEIC within a level of its source: " + worst * 255);
        assertTrue(mean < 0.02, "lossy AVIF near its source: mean difference " + mean);
        assertTrue(ImageFolder.inColour(heic));

        Path blue = dir.resolve("blue.png");
        BufferedImage small = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        g.setColor(new java.awt.Color(30, 30, 220));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        ImageIO.write(small, "png", blue.toFile());
        Path two = heifEnc(dir.resolve("two.heic"), List.of(png, blue), "-L", "-p", "chroma=444");
        BufferedImage primary = ImageFolder.read(two);
        assertEquals(64, primary.getWidth(), "the primary image, the first heif-enc wrote");
        assertEquals(new HeifImages.Layout(2, 1, 40, 30), HeifImages.layoutOf(two,
                "image: 64x48 (id=2)\n  color profile: no\nimage: 40x30 (id=4), primary\n"));

        Path broken = Files.write(dir.resolve("broken.heic"), java.util.Arrays.copyOf(Files.readAllBytes(heic), 60));
        InputError bad = assertThrows(InputError.class, () -> ImageFolder.pixels(broken, 4, 1));
        assertTrue(bad.getMessage().startsWith(broken + ": not a readable HEIC/HEIF image (heif-info: "), bad.getMessage());
    }

    /** heif-enc (libheif-examples) writes {@code target} from {@code sources}, the first its primary image. */
    private static Path heifEnc(Path target, List<Path> sources, String... options) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("heif-enc", "-o", target.toString()));
        cmd.addAll(List.of(options));
        sources.forEach(source -> cmd.add(source.toString()));
        return made(target, cmd);
    }

    /**
     * PBM, PGM and PPM, plain and raw, 8 and 16 bits, read as PIL reads them (the AT&T faces are
     * raw PGM): a maximum of 15 scaled to 255 (7 reads 119, as PIL's), 16 bits by their maximum,
     * a PBM's 1 black; a short raster or a header claiming too many pixels is one message.
     */
    @Test
    void netpbmImagesReadAsPilReadsThem(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("a.pgm"), "P2\n# made by hand\n3 1\n15\n0 7 15\n");
        assertArrayEquals(new int[]{0, 119, 255}, samples(ImageFolder.read(plain)), "plain PGM");
        Path raw = dir.resolve("b.pgm");
        Files.write(raw, concat("P5 2 1 1000\n".getBytes(), new byte[]{0, 0, 0x03, (byte) 0xe8}));
        assertArrayEquals(new int[]{0, 255}, samples(ImageFolder.read(raw)), "16-bit raw PGM");
        Path ppm = dir.resolve("c.ppm");
        Files.write(ppm, concat("P6\n1 1\n255\n".getBytes(), new byte[]{(byte) 255, 0, (byte) 128}));
        assertEquals(0xffff0080, ImageFolder.read(ppm).getRGB(0, 0), "raw PPM");
        Path pbm = Files.writeString(dir.resolve("d.pbm"), "P1\n3 1\n1 0 1\n");
        assertArrayEquals(new int[]{0, 255, 0}, samples(ImageFolder.read(pbm)), "plain PBM");
        Path packed = dir.resolve("e.pbm");
        Files.write(packed, concat("P4\n10 1\n".getBytes(), new byte[]{(byte) 0b10000000, (byte) 0b01000000}));
        assertArrayEquals(new int[]{0, 255, 255, 255, 255, 255, 255, 255, 255, 0}, samples(ImageFolder.read(packed)), "raw PBM");
        // and a folder of them loads, as the AT&T faces' would
        for (String cls : List.of("s1", "s2")) {
            for (String split : List.of("train", "test")) {
                Files.createDirectories(dir.resolve("faces/" + split + "/" + cls));
                Files.copy(raw, dir.resolve("faces/" + split + "/" + cls + "/1.pgm"));
            }
        }
        assertEquals(2, ImageFolder.load(dir.resolve("faces"), List.of("s1", "s2"), new ImageFolder.Reading(4, 1, 0.2, 0),
                DecodedImageCache.NONE).train().size());

        Path shortRaster = dir.resolve("f.pgm");
        Files.write(shortRaster, concat("P5\n4 4\n255\n".getBytes(), new byte[3]));
        InputError cut = assertThrows(InputError.class, () -> ImageFolder.pixels(shortRaster, 0, 1));
        assertTrue(cut.getMessage().equals(shortRaster + ": not a readable netpbm image: it ends before its last pixel (3 of 16 bytes)"),
                cut.getMessage());
        Path huge = Files.writeString(dir.resolve("g.pgm"), "P5\n100000 100000\n255\n");
        InputError big = assertThrows(InputError.class, () -> ImageFolder.pixels(huge, 4, 1));
        assertTrue(big.getMessage().contains("its header claims 100000 × 100000 pixels"), big.getMessage());
    }

    private static int[] samples(BufferedImage img) {
        return img.getRaster().getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code source} as WebP through libwebp's cwebp (Debian's webp package, which .ci/run installs). */
    private static Path cwebp(Path source, Path target, String... options) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("cwebp", "-quiet"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(source.toString(), "-o", target.toString()));
        return made(target, cmd);
    }

    /** Runs an encoder's {@code command}, which writes {@code target}; it must succeed. */
    private static Path made(Path target, List<String> command) throws Exception {
        Files.createDirectories(target.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
        return target;
    }

    /** As torchvision's ImageFolder, a class folder's images may sit in its subfolders; hidden folders are left out. */
    @Test
    void aClassFoldersSubfoldersAreItsImagesToo(@TempDir Path dir) throws IOException {
        colourPng(dir.resolve("train/a/1.png"));
        colourPng(dir.resolve("train/a/day2/2.png"));
        colourPng(dir.resolve("train/a/day2/morning/3.png"));
        colourPng(dir.resolve("train/a/.thumbnails/4.png"));
        greyPng(dir.resolve("train/b/only/5.png"), 0, 51, 102, 255);
        colourPng(dir.resolve("test/a/6.png"));
        colourPng(dir.resolve("test/b/7.png"));
        LabelledImages train = ImageFolder.load(dir, List.of("a", "b"), new ImageFolder.Reading(2, 3, 0.2, 0),
                DecodedImageCache.NONE).train();
        assertEquals(4, train.size());
        assertArrayEquals(new int[]{0, 0, 0, 1}, train.labels());
    }

    /**
     * A large frame brought to 32 × 32 stands for all its pixels: a one-pixel checkerboard reads as
     * even grey, as PIL's antialiased resize gives, not as the few pixels one bilinear step would read.
     */
    @Test
    void aLargeImageShrinksToTheAverageOfThePixelsEachOutputCovers(@TempDir Path dir) throws IOException {
        BufferedImage board = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                board.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        Path png = dir.resolve("board.png");
        ImageIO.write(board, "png", png.toFile());
        for (float v : ImageFolder.pixels(png, 32, 1)) {
            assertEquals(0.5, v, 0.02);
        }
    }
}
