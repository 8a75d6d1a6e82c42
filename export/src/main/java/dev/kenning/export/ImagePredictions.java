package dev.kenning.export;

import dev.kenning.core.Csv;
import dev.kenning.datasets.ImagesToClassify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An image bundle's answer for every image of a folder (or one image): the class it names each
 * by, the score, and the output behind it (each attribute's probability, or each class's
 * logit). Images in folders named after classes carry that class, and those of a class the
 * model names images among are scored: accuracy, as the run scored its test images.
 */
public record ImagePredictions(ImagesToClassify images, ImageBundle.Classified classified, java.util.List<String> classes,
                               java.util.List<String> outputNames, int scored, int right, int otherClass) {

    public static ImagePredictions of(ImageBundle bundle, Path input, Engine engine) {
        long[] shape = bundle.imageShape();
        if (shape[1] != shape[2]) {
            throw new IllegalStateException("the model takes " + shape[2] + "x" + shape[1] + " images; image folders are read square");
        }
        ImagesToClassify images = ImagesToClassify.read(input, (int) shape[1], (int) shape[0],
                dev.kenning.core.knowledge.ClassKeys.of(bundle.classes(), bundle.otherNames()));
        ImageBundle.Classified c = bundle.classify(images.pixels(), engine);
        java.util.Set<Integer> among = new java.util.HashSet<>();
        for (int k : bundle.candidates()) {
            among.add(k);
        }
        int scored = 0;
        int right = 0;
        int other = 0;
        for (int i = 0; i < images.truth().length; i++) {
            int t = images.truth()[i];
            if (t < 0) {
                continue;
            }
            if (!among.contains(t)) {
                other++;
                continue;
            }
            scored++;
            right += c.labels()[i] == t ? 1 : 0;
        }
        return new ImagePredictions(images, c, bundle.classes(), bundle.outputNames(), scored, right, other);
    }

    /** Accuracy over the images whose folder names a class the model names images among; NaN if none. */
    public double accuracy() {
        return scored == 0 ? Double.NaN : right / (double) scored;
    }

    public int size() {
        return images.files().size();
    }

    /**
     * One row per image: {@code image,class,score,truth}, then one column per output number
     * (attribute probabilities, or class logits), named by what it is.
     */
    public void writeCsv(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(file)) {
                StringBuilder head = new StringBuilder("image,class,score,truth");
                outputNames.forEach(n -> head.append(',').append(Csv.cell(n)));
                w.write(head.append('\n').toString());
                for (int i = 0; i < size(); i++) {
                    StringBuilder row = new StringBuilder();
                    row.append(Csv.cell(images.name(i))).append(',').append(Csv.cell(classes.get(classified.labels()[i])))
                            .append(',').append(String.format(Locale.ROOT, "%.6g", classified.scores()[i])).append(',')
                            .append(images.truth()[i] < 0 ? "" : Csv.cell(classes.get(images.truth()[i])));
                    for (float v : classified.outputs()[i]) {
                        row.append(',').append(String.format(Locale.ROOT, "%.6g", v));
                    }
                    w.write(row.append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
