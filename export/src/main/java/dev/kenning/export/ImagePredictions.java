package dev.kenning.export;

import dev.kenning.core.Csv;
import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ClassKeys;
import dev.kenning.datasets.ImagesToClassify;
import dev.kenning.datasets.SupportImages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An image bundle's answer for every image of a folder (or one image): the class it names each
 * by, the score, and the numbers behind it (each attribute's probability, each class's logit).
 * A few-shot model names them among the classes of the support images given with them. Images in
 * folders named after a class the model names images among are scored: accuracy, as the run
 * scored its test images.
 *
 * @param support    the support images of a few-shot model, else null
 * @param scored     images whose folder names a class the model names images among
 * @param otherClass images whose folder names another class of the knowledge (not scored)
 * @param inSupport  images that are also support images (scored all the same, and said)
 */
public record ImagePredictions(ImagesToClassify images, SupportImages support, ImageBundle.Classified classified,
                               int scored, int right, int otherClass, int inSupport) {

    /** {@code progress} is told (images named, images) after each block, when there is more than one. */
    public static ImagePredictions of(ImageBundle bundle, Path input, Path supportFolder, Engine engine,
                                      java.util.function.BiConsumer<Integer, Integer> progress) {
        long[] shape = bundle.imageShape();
        if (shape[1] != shape[2]) {
            throw new IllegalStateException("the model takes " + shape[2] + "x" + shape[1] + " images; image folders are read square");
        }
        int size = (int) shape[1];
        int channels = (int) shape[0];
        if (bundle.needsSupport() && supportFolder == null) {
            throw new InputError(bundle.folder().toString(), "is a few-shot model: it names an image among the classes of"
                    + " support images, a few labelled images per class; give them with --support DIR (one subfolder per class)");
        }
        if (!bundle.needsSupport() && supportFolder != null) {
            throw new InputError("--support", "this " + bundle.task() + " model names images among the classes it was trained"
                    + " for; support images are for few-shot models");
        }
        SupportImages support = null;
        ImageBundle.Classified c;
        ImagesToClassify images;
        Set<Integer> among = new HashSet<>();
        if (supportFolder != null) {
            support = SupportImages.read(supportFolder, size, channels);
            Map<String, List<String>> otherNames = new LinkedHashMap<>();
            List<double[]> profiles = new ArrayList<>();
            Map<String, List<String>> knowledgeNames = bundle.otherNames();
            ClassKeys knowledge = bundle.classKeys();
            Map<String, String> classMap = bundle.classMap();
            for (String name : support.classes()) {
                profiles.add(bundle.profileOf(name));
                // a support folder named after a knowledge class: the query folders may name it as the knowledge does
                Integer k = knowledge.label(name, supportFolder.resolve(name).toString(), "rename the support folder");
                List<String> names = new ArrayList<>();
                if (k != null) {
                    names.add(bundle.classes().get(k));
                    names.addAll(knowledgeNames.getOrDefault(bundle.classes().get(k), List.of()));
                    // and the folders the run's class map named it by
                    Integer label = k;
                    classMap.keySet().stream().filter(f -> label.equals(knowledge.label(f, f, ""))).forEach(names::add);
                }
                otherNames.put(name, names);
            }
            images = ImagesToClassify.read(input, size, channels, ClassKeys.of(support.classes(), otherNames));
            // the support's prototypes once, then every block of images named against them
            ImageBundle.Prototypes prototypes = bundle.prototypes(new ImageBundle.Support(support.classes(), support.pixels(),
                    profiles), engine);
            c = inBlocks(images, block -> bundle.classify(block, prototypes), progress);
            for (int k = 0; k < support.classes().size(); k++) {
                among.add(k);
            }
        } else {
            images = ImagesToClassify.read(input, size, channels, bundle.classKeys());
            c = inBlocks(images, block -> bundle.classify(block, engine), progress);
            for (int k : bundle.candidates()) {
                among.add(k);
            }
        }
        int scored = 0;
        int right = 0;
        int other = 0;
        int inSupport = 0;
        for (int i = 0; i < images.truth().length; i++) {
            inSupport += support != null && support.holds(images.files().get(i)) ? 1 : 0;
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
        return new ImagePredictions(images, support, c, scored, right, other, inSupport);
    }

    /** Images decoded and named a block at a time, so memory holds one block of pixels, not the folder's. */
    private static ImageBundle.Classified inBlocks(ImagesToClassify images, java.util.function.Function<float[][],
            ImageBundle.Classified> name, java.util.function.BiConsumer<Integer, Integer> progress) {
        int n = images.files().size();
        int[] labels = new int[n];
        double[] scores = new double[n];
        float[][] values = new float[n][];
        ImageBundle.Classified last = null;
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            last = name.apply(images.pixels(from, to));
            System.arraycopy(last.labels(), 0, labels, from, to - from);
            System.arraycopy(last.scores(), 0, scores, from, to - from);
            System.arraycopy(last.values(), 0, values, from, to - from);
            if (n > BLOCK) {
                progress.accept(to, n);
            }
        }
        return new ImageBundle.Classified(last.classes(), labels, scores, last.columns(), values);
    }

    /** Images decoded at once: a few MB of pixels at the sizes image runs use. */
    private static final int BLOCK = 1024;

    /** Accuracy over the images whose folder names a class the model names images among; NaN if none. */
    public double accuracy() {
        return scored == 0 ? Double.NaN : right / (double) scored;
    }

    public int size() {
        return images.files().size();
    }

    /**
     * One row per image: {@code image,class,score,truth}, then one column per number behind the
     * answer (attribute probabilities, class logits, or a few-shot model's logit per support class).
     */
    public void writeCsv(Path file) {
        Csv.write(file, w -> {
            StringBuilder head = new StringBuilder("image,class,score,truth");
            classified.columns().forEach(n -> head.append(',').append(Csv.cell(n)));
            w.write(head.append('\n').toString());
            List<String> classes = classified.classes();
            for (int i = 0; i < size(); i++) {
                StringBuilder row = new StringBuilder();
                row.append(Csv.cell(images.name(i))).append(',').append(Csv.cell(classes.get(classified.labels()[i])))
                        .append(',').append(String.format(Locale.ROOT, "%.6g", classified.scores()[i])).append(',')
                        .append(images.truth()[i] < 0 ? "" : Csv.cell(classes.get(images.truth()[i])));
                for (float v : classified.values()[i]) {
                    row.append(',').append(String.format(Locale.ROOT, "%.6g", v));
                }
                w.write(row.append('\n').toString());
            }
        });
    }
}
