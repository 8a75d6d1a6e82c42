package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The labelled images a few-shot model names other images by: a folder with one subfolder per
 * class (torchvision's layout; hidden and system folders skipped), a few images in each (its
 * subfolders too), read as {@link ImagesToClassify} reads images. The classes need not be the
 * knowledge's: a folder's name is its class.
 *
 * @param classes each class folder's name, in name order
 * @param files   per class, its images in path order
 * @param pixels  per class, its images' values
 */
public record SupportImages(Path root, List<String> classes, List<List<Path>> files, List<float[][]> pixels) {

    public static SupportImages read(Path root, int size, int channels) {
        if (!Files.isDirectory(root)) {
            throw new InputError(root.toString(), "support folder not found: give a folder with one subfolder of a few images"
                    + " per class");
        }
        List<Path> folders = ImageFolder.subfolders(root);
        if (folders.size() < 2) {
            throw new InputError(root.toString(), "holds " + folders.size() + " class folder(s); support images name an image"
                    + " among classes, so give at least 2 (one subfolder per class, a few images in each)");
        }
        List<String> classes = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        for (Path f : folders) {
            List<Path> images = ImageSequenceFolder.imagesUnder(f).stream().sorted().toList();
            if (images.isEmpty()) {
                throw new InputError(f.toString(), "no images (" + ImageSequenceFolder.KINDS + ") in this class folder; each"
                        + " support class needs at least one");
            }
            classes.add(f.getFileName().toString());
            files.add(images);
        }
        List<float[][]> pixels = new ArrayList<>();
        for (List<Path> images : files) {
            float[][] p = new float[images.size()][];
            IntStream.range(0, p.length).parallel().forEach(i -> p[i] = ImageFolder.pixels(images.get(i), size, channels));
            pixels.add(p);
        }
        return new SupportImages(root, List.copyOf(classes), List.copyOf(files), List.copyOf(pixels));
    }

    /** How many support images there are, over all classes. */
    public int size() {
        return files.stream().mapToInt(List::size).sum();
    }

    /**
     * Whether {@code file} is one of the support images: the same file, or a copy of one (the same
     * bytes). Images named that are also support images flatter an accuracy, which is worth a word.
     */
    public boolean holds(Path file) {
        try {
            long size = Files.size(file);
            for (List<Path> images : files) {
                for (Path p : images) {
                    if (Files.isSameFile(p, file) || Files.size(p) == size && Files.mismatch(p, file) == -1) {
                        return true;
                    }
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
