package dev.kenning.datasets;

import dev.kenning.core.InputError;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Labelled images the way torchvision's {@code ImageFolder} and Keras' {@code
 * image_dataset_from_directory} keep them: one subfolder per class holding its images (PNG or
 * JPEG, any size, grey or colour), either under {@code train/} and {@code test/} or directly
 * under the root (then split into test and training images by a seeded draw per class). Class
 * folders are matched to the knowledge's class names ignoring case and punctuation ("T-shirt_top"
 * is "tshirt-top"). Images are read as grey, resized to {@code size × size}, decoded on all cores,
 * and ordered by file name across the class folders, so a folder written from an IDX file
 * ({@link #write}) reads back in the IDX file's order.
 */
public final class ImageFolder {
    /** Headers claiming more pixels than this are refused before anything is decoded. */
    public static final long MAX_PIXELS = 50_000_000L;

    private ImageFolder() {
    }

    /** The images for training and for testing, labels as indices into the class names given. */
    public record Split(LabelledImages train, LabelledImages test, String description) {
    }

    /**
     * Reads {@code root}.
     *
     * @param classNames   the knowledge's classes in label order
     * @param testFraction the share of each class held out for testing when there is no {@code test/}
     */
    public static Split load(Path root, List<String> classNames, int size, double testFraction, long seed) {
        if (!Files.isDirectory(root)) {
            throw new InputError(root.toString(), "image folder not found (expected one subfolder per class, or train/ and"
                    + " test/ holding them)");
        }
        Path train = root.resolve("train");
        Path test = root.resolve("test");
        List<Labelled> trainFiles;
        List<Labelled> testFiles;
        String split;
        if (Files.isDirectory(train) || Files.isDirectory(test)) {
            if (!Files.isDirectory(train) || !Files.isDirectory(test)) {
                throw new InputError(root.toString(), "has " + (Files.isDirectory(train) ? "train/ but no test/" : "test/ but no train/")
                        + "; give both, or put the class folders directly here for a seeded split");
            }
            trainFiles = files(train, classNames);
            testFiles = files(test, classNames);
            split = "";
        } else {
            trainFiles = new ArrayList<>();
            testFiles = new ArrayList<>();
            heldOut(files(root, classNames), classNames.size(), testFraction, seed, trainFiles, testFiles);
            split = " (a seeded " + testFraction + " of each class)";
        }
        long t0 = System.nanoTime();
        LabelledImages trainImages = decode(trainFiles, size);
        LabelledImages testImages = decode(testFiles, size);
        return new Split(trainImages, testImages, trainFiles.size() + " training and " + testFiles.size() + " test images"
                + split + " of " + classNames.size() + " classes from " + root + took(t0, trainFiles.size() + testFiles.size()));
    }

    /** Moves a seeded {@code testFraction} of each class's images to {@code test}, the rest to {@code train}, in file-name order. */
    private static void heldOut(List<Labelled> all, int classes, double testFraction, long seed, List<Labelled> train,
                                List<Labelled> test) {
        int[] labels = all.stream().mapToInt(Labelled::label).toArray();
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        for (int c = 0; c < classes; c++) {
            if (ClassHoldOut.testCount(counts[c], testFraction) >= counts[c]) {
                int label = c;
                Path folder = all.stream().filter(l -> l.label == label).findFirst().orElseThrow().file.getParent();
                throw new InputError(folder.toString(), counts[c] + " image(s): too few to hold out a test share of "
                        + testFraction + " and keep some for training");
            }
        }
        boolean[] isTest = ClassHoldOut.testMask(labels, classes, testFraction, seed);
        for (int i = 0; i < all.size(); i++) {
            (isTest[i] ? test : train).add(all.get(i));
        }
        train.sort(ORDER);
        test.sort(ORDER);
    }

    private static String took(long t0, int images) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, ", decoded in %.1f s (%.0f images/s on %d cores)", seconds, images / seconds,
                Runtime.getRuntime().availableProcessors());
    }

    /** One image file and its class. */
    private record Labelled(Path file, int label) {
    }

    private static final Comparator<Labelled> ORDER = Comparator.comparing((Labelled l) -> l.file.getFileName().toString())
            .thenComparingInt(l -> l.label);

    /** The images under {@code dir}'s class folders, each with its label, in file-name order. */
    private static List<Labelled> files(Path dir, List<String> classNames) {
        Map<String, Integer> byKey = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            byKey.put(key(classNames.get(c)), c);
        }
        Map<Integer, Path> folderOf = new LinkedHashMap<>();
        for (Path sub : ImageSequenceFolder.list(dir).stream().filter(Files::isDirectory).sorted().toList()) {
            Integer label = byKey.get(key(sub.getFileName().toString()));
            if (label == null) {
                throw new InputError(sub.toString(), "no class of the knowledge is called '" + sub.getFileName()
                        + "'; its classes are " + classNames);
            }
            if (folderOf.put(label, sub) != null) {
                throw new InputError(sub.toString(), "a second folder for class '" + classNames.get(label) + "' (the first: "
                        + folderOf.get(label).getFileName() + ")");
            }
        }
        List<Labelled> out = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Path sub = folderOf.get(c);
            if (sub == null) {
                throw new InputError(dir.toString(), "class '" + classNames.get(c) + "' has no folder here (expected "
                        + dir.resolve(classNames.get(c)) + "/)");
            }
            List<Path> images = ImageSequenceFolder.list(sub).stream().filter(ImageSequenceFolder::isImage).toList();
            if (images.isEmpty()) {
                throw new InputError(sub.toString(), "no .png or .jpg images in this class folder");
            }
            for (Path p : images) {
                out.add(new Labelled(p, c));
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** A class name as folders may spell it: lower case, letters and digits only. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static LabelledImages decode(List<Labelled> files, int size) {
        float[][] pixels = new float[files.size()][];
        int[] labels = new int[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            pixels[i] = grey(files.get(i).file, size);
            labels[i] = files.get(i).label;
        });
        return new LabelledImages(pixels, labels, size, size);
    }

    /** One image as grey values in [0, 1], {@code size × size}; its header is checked before it is decoded. */
    static float[] grey(Path file, int size) {
        BufferedImage src;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InputError(file.toString(), "not a readable PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new InputError(file.toString(), "its header claims " + w + " × " + h + " pixels; images of at most "
                            + MAX_PIXELS + " pixels are read");
                }
                src = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputError input) {
                throw input;
            }
            throw new InputError(file.toString(), "not a readable PNG or JPEG image (" + e.getMessage() + ")");
        }
        float[] out = new float[size * size];
        if (src.getType() == BufferedImage.TYPE_BYTE_GRAY && src.getWidth() == size && src.getHeight() == size) {
            // already what the model reads: the stored values exactly, with no colour conversion
            Raster r = src.getRaster();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[y * size + x] = r.getSample(x, y, 0) / 255f;
                }
            }
            return out;
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, size, size, null);
        g.dispose();
        Raster r = img.getRaster();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = r.getSample(x, y, 0) / 255f;
            }
        }
        return out;
    }

    /**
     * Writes labelled images as an image folder: {@code root/<part>/<class>/<index>.png}, grey PNG,
     * the index zero-padded so that file-name order is the images' order.
     */
    public static void write(LabelledImages images, List<String> classNames, Path root, String part) {
        int digits = Math.max(5, String.valueOf(images.size()).length());
        try {
            for (String c : classNames) {
                Files.createDirectories(root.resolve(part).resolve(c));
            }
            IntStream.range(0, images.size()).parallel().forEach(i -> {
                BufferedImage img = new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
                float[] p = images.pixels()[i];
                for (int y = 0; y < images.rows(); y++) {
                    for (int x = 0; x < images.cols(); x++) {
                        img.getRaster().setSample(x, y, 0, Math.round(p[y * images.cols() + x] * 255f));
                    }
                }
                Path file = root.resolve(part).resolve(classNames.get(images.labels()[i]))
                        .resolve(String.format(Locale.ROOT, "%0" + digits + "d.png", i));
                try {
                    ImageIO.write(img, "png", file.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image folder " + root, e);
        }
    }
}
