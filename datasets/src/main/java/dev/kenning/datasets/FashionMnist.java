package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017; MIT licence): 60 000 training and 10 000 test
 * images of 28×28, ten classes. Read from Debian's {@code dataset-fashion-mnist} package
 * ({@link #DEBIAN_FOLDER}) unless another folder with the four IDX files is given.
 */
public final class FashionMnist {
    public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    /** How many subfolders an error names. */
    private static final int MAX_LISTED = 6;

    private FashionMnist() {
    }

    public static LabelledImages train(Path folder) {
        return read(folder, "train");
    }

    public static LabelledImages test(Path folder) {
        return read(folder, "t10k");
    }

    private static LabelledImages read(Path folder, String part) {
        Path images = find(folder, part + "-images-idx3-ubyte");
        Path labels = find(folder, part + "-labels-idx1-ubyte");
        int[] shape = new int[2];
        float[][] pixels = IdxFile.images(images, shape);
        int[] y = IdxFile.labels(labels);
        if (pixels.length != y.length) {
            throw new InputError(folder.toString(), images.getFileName() + " holds " + pixels.length + " images but "
                    + labels.getFileName() + " " + y.length + " labels");
        }
        return new LabelledImages(pixels, y, shape[0], shape[1]);
    }

    private static Path find(Path folder, String name) {
        for (String candidate : new String[]{name + ".gz", name}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new InputError(folder.toString(), "no such folder; Fashion-MNIST's four IDX files are expected there."
                    + " Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) puts them in " + DEBIAN_FOLDER);
        }
        List<String> subfolders = subfolders(folder);
        if (!subfolders.isEmpty()) {
            throw new InputError(folder.toString(), "no " + name + "(.gz) here, but subfolders " + subfolders
                    + (subfolders.size() == MAX_LISTED ? "…" : "") + ": if they are an image folder (one subfolder of images"
                    + " per class, or train/ and test/ holding them), set data.dataset: folder");
        }
        throw new InputError(folder.toString(), "no " + name + "(.gz) here; Fashion-MNIST comes from Debian's"
                + " dataset-fashion-mnist package (apt-get install dataset-fashion-mnist), which puts it in " + DEBIAN_FOLDER);
    }

    /** The first few subfolders' names, in name order. */
    private static List<String> subfolders(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().limit(MAX_LISTED).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
