package dev.kenning.datasets;

import dev.kenning.core.InputError;
import dev.kenning.core.knowledge.ClassKeys;
import dev.kenning.core.knowledge.NameKey;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Labelled images the way torchvision's {@code ImageFolder} and Keras' {@code
 * image_dataset_from_directory} keep them: one subfolder per class holding its images (PNG or
 * JPEG, any size, grey or colour), either under {@code train/} and {@code test/} or directly
 * under the root (then split into test and training images by a seeded draw per class). Class
 * folders are matched to the knowledge's class names ignoring case and punctuation ("T-shirt_top"
 * is "tshirt-top"), or by an explicit map from folder name to class. Images without a class may
 * sit in {@code unlabelled/} under the root, for semi-supervised learning. Images are read as grey (colour images by their luma) or as RGB (grey images
 * in all three channels), resized to {@code size × size}, decoded on all cores, and ordered by file
 * name across the class folders, so a folder written from an IDX file ({@link #write}) reads back
 * in the IDX file's order.
 */
public final class ImageFolder {
    /** Headers claiming more pixels than this are refused before anything is decoded. */
    public static final long MAX_PIXELS = 50_000_000L;

    private ImageFolder() {
    }

    /** The folder of images without a class, beside the class folders (or beside train/ and test/). */
    public static final String UNLABELLED = "unlabelled";
    /** The training split's folder, in the order looked for (any case): torchvision's and the MNIST PNG dumps' names. */
    static final List<String> TRAIN_NAMES = List.of("train", "training");
    /** The test split's folder, in the order looked for: a test/ first, else ImageNet's val/ or Roboflow's valid/. */
    static final List<String> TEST_NAMES = List.of("test", "testing", "val", "valid", "validation");

    /** The first of {@code names} among {@code dirs}, ignoring case; null if none is. */
    private static Path splitFolder(List<Path> dirs, List<String> names) {
        for (String name : names) {
            for (Path d : dirs) {
                if (d.getFileName().toString().equalsIgnoreCase(name)) {
                    return d;
                }
            }
        }
        return null;
    }

    /** The folders of {@code root} that may hold data, in name order: not hidden, not {@link #UNLABELLED}. */
    static List<Path> subfolders(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> !ImageSequenceFolder.hidden(p))
                    .filter(p -> !p.getFileName().toString().equals(UNLABELLED)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * A root whose one folder holds the dataset (an archive unpacked as data/images/train/…): an
     * error pointing at that folder, since one class alone is no classification.
     */
    private static void nestedOnce(Path root, List<Path> dirs) {
        if (dirs.size() != 1) {
            return;
        }
        Path only = dirs.get(0);
        List<Path> inside = subfolders(only);
        boolean splits = splitFolder(inside, TRAIN_NAMES) != null || splitFolder(inside, TEST_NAMES) != null;
        if (splits || inside.size() >= 2) {
            throw new InputError(root.toString(), "holds one folder, " + only.getFileName() + "/, which holds "
                    + (splits ? "the split folders" : inside.size() + " folders") + ": point data.path at " + only);
        }
    }

    /** The split folders beside the two read (a val/ beside test/): named, as not read. */
    private static String unread(List<Path> dirs, Path train, Path test) {
        // every other folder beside the two (a valid/, an extras/), but unlabelled/, which is read where asked for
        List<String> other = dirs.stream().map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(train.getFileName().toString()) && !n.equals(test.getFileName().toString()))
                .filter(n -> !n.equals(UNLABELLED))
                .toList();
        return other.isEmpty() ? "" : "; " + String.join("/, ", other) + "/ not read";
    }

    /**
     * The images for training and for testing, labels as indices into the class names given, and
     * those of {@code unlabelled/} (labelled {@link LabelledImages#NO_LABEL}; none if not asked for or absent).
     */
    public record Split(LabelledImages train, LabelledImages test, LabelledImages unlabelled, String description) {
    }

    /**
     * A class folder named explicitly: the images in folder {@code folder} (its name, exactly) are
     * of class {@code className}; {@code where} says where this was written (a spec's file:line),
     * for the message when the folder or the class does not exist.
     */
    public record ClassFolder(String folder, String className, String where) {
    }

    /**
     * How to read a folder: images resized to {@code size × size} with {@code channels} 1 (grey)
     * or 3 (RGB); {@code testFraction} of each class held out for testing, drawn with {@code seed},
     * when there is no {@code test/}; the folders of {@code classMap} hold the classes it names,
     * the others are matched by name, a class's own or one of the {@code otherNames} it goes by in
     * the knowledge (by class name: {@code shirt → [Hemd]}); with {@code unlabelled}, the images
     * of {@code unlabelled/} are read too. The classes of {@code testOnly} (a zero-shot run's unseen
     * classes, a few-shot run's novel ones: labels) are for testing only: in a folder of class
     * folders every image of theirs is a test image, and beside a {@code test/} they need no
     * {@code train/} folder. {@code groups}: the classes of the knowledge above these that are not
     * among them, by any name each goes by, with the classes below (a folder named after one is
     * told it names a group of labels).
     */
    public record Reading(int size, int channels, double testFraction, long seed, List<ClassFolder> classMap,
                          boolean unlabelled, Map<String, List<String>> otherNames, java.util.Set<Integer> testOnly,
                          Map<String, List<String>> groups) {
        /**
         * The channels chosen by the images: 3 (RGB) if any image of the folder is in colour, else 1,
         * so a colour dataset is read in colour, as torchvision's ImageFolder reads it, and a grey one
         * costs no more than grey.
         */
        public static final int AUTO_CHANNELS = 0;

        public Reading {
            classMap = List.copyOf(classMap);
            otherNames = Map.copyOf(otherNames);
            testOnly = java.util.Set.copyOf(testOnly);
            groups = Map.copyOf(groups);
            if (size < 1) {
                throw new IllegalArgumentException("image size must be >= 1, got " + size);
            }
            if (channels != 1 && channels != 3 && channels != AUTO_CHANNELS) {
                throw new IllegalArgumentException("channels must be 1 (grey), 3 (RGB) or AUTO_CHANNELS, got " + channels);
            }
        }

        /** The same reading with {@code channels} (1 or 3). */
        Reading withChannels(int channels) {
            return new Reading(size, channels, testFraction, seed, classMap, unlabelled, otherNames, testOnly, groups);
        }

        /** No class of the knowledge above the classes is named ({@code groups}: none). */
        public Reading(int size, int channels, double testFraction, long seed, List<ClassFolder> classMap, boolean unlabelled,
                       Map<String, List<String>> otherNames, java.util.Set<Integer> testOnly) {
            this(size, channels, testFraction, seed, classMap, unlabelled, otherNames, testOnly, Map.of());
        }

        /** Every class in training and testing. */
        public Reading(int size, int channels, double testFraction, long seed, List<ClassFolder> classMap, boolean unlabelled,
                       Map<String, List<String>> otherNames) {
            this(size, channels, testFraction, seed, classMap, unlabelled, otherNames, java.util.Set.of());
        }

        /** Classes matched by their own names only. */
        public Reading(int size, int channels, double testFraction, long seed, List<ClassFolder> classMap, boolean unlabelled) {
            this(size, channels, testFraction, seed, classMap, unlabelled, Map.of());
        }

        /** Name matching only, no unlabelled images. */
        public Reading(int size, int channels, double testFraction, long seed) {
            this(size, channels, testFraction, seed, List.of(), false);
        }
    }

    /**
     * How {@code root} lays out its images: its folders, and the training and test folders among
     * them (null where absent; both present, the data is split in two).
     */
    private record Layout(Path root, List<Path> dirs, Path train, Path test) {
        /** @throws InputError if {@code root} is no folder */
        static Layout of(Path root) {
            if (!Files.isDirectory(root)) {
                throw new InputError(root.toString(), "image folder not found (expected one subfolder per class, or train/ and"
                        + " test/ holding them)");
            }
            List<Path> dirs = subfolders(root);
            return new Layout(root, dirs, splitFolder(dirs, TRAIN_NAMES), splitFolder(dirs, TEST_NAMES));
        }

        boolean split() {
            return train != null && test != null;
        }

        /** A folder not split in two: refuses a lone train/ (or test/), and a single folder holding the data. */
        void checkUnsplit() {
            Path alone = train != null ? train : test;
            if (alone != null && dirs.equals(List.of(alone))) {
                throw new InputError(root.toString(), "has " + alone.getFileName() + "/ but no "
                        + (train != null ? String.join("/, ", TEST_NAMES) + "/" : String.join("/, ", TRAIN_NAMES) + "/")
                        + " beside it; give both, or put the class folders directly here for a seeded split");
            }
            nestedOnce(root, dirs);
        }
    }

    /**
     * The names of the class folders {@link #load} reads under {@code root}, in name order: those of
     * its training folder when it has one for training and one for testing, else its own; for
     * labels made from a folder alone (an image spec whose knowledge is WordNet's).
     *
     * @throws InputError as {@link #load} does for a folder laid out wrongly
     */
    public static List<String> classFolderNames(Path root) {
        Layout layout = Layout.of(root);
        if (!layout.split()) {
            layout.checkUnsplit();
        }
        return (layout.split() ? subfolders(layout.train()) : layout.dirs()).stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * Reads {@code root}.
     *
     * @param classNames the knowledge's classes in label order
     * @param cache      where decoded images are kept between runs ({@link DecodedImageCache#NONE}: nowhere)
     */
    public static Split load(Path root, List<String> classNames, Reading reading, DecodedImageCache cache) {
        double testFraction = reading.testFraction();
        Layout layout = Layout.of(root);
        ClassKeys keys = ClassKeys.of(classNames, reading.otherNames()).withGroups(reading.groups());
        Map<String, Integer> mapped = mappedLabels(reading.classMap(), keys);
        List<Path> dirs = layout.dirs();
        Path train = layout.train();
        Path test = layout.test();
        List<Labelled> trainFiles;
        List<Labelled> testFiles;
        String split;
        if (layout.split()) {
            trainFiles = files(train, classNames, reading.classMap(), mapped, keys, reading.testOnly());
            testFiles = files(test, classNames, reading.classMap(), mapped, keys, java.util.Set.of());
            String names = train.getFileName() + "/ and " + test.getFileName() + "/";
            String unread = unread(dirs, train, test);
            // said only where the folders are not plainly train/ and test/
            split = names.equals("train/ and test/") && unread.isEmpty() ? "" : " (" + names
                    + (test.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("test") ? "" : " as the test images")
                    + unread + ")";
        } else {
            layout.checkUnsplit();
            // a train/ (or test/) among other folders is a class folder of that name (CIFAR-100 and COCO have a class "train")
            trainFiles = new ArrayList<>();
            testFiles = new ArrayList<>();
            heldOut(files(root, classNames, reading.classMap(), mapped, keys, java.util.Set.of()), classNames.size(), testFraction,
                    reading.seed(), reading.testOnly(), trainFiles, testFiles);
            split = " (a seeded " + testFraction + " of each class" + (reading.testOnly().isEmpty() ? "" : "; every image of the "
                    + reading.testOnly().size() + " held-out class(es)") + ")";
        }
        Path unlabelledDir = root.resolve(UNLABELLED);
        List<Labelled> unlabelledFiles = new ArrayList<>();
        String unlabelledNote = "";
        if (Files.isDirectory(unlabelledDir)) {
            if (reading.unlabelled()) {
                ImageSequenceFolder.imagesUnder(unlabelledDir).stream().sorted()
                        .forEach(p -> unlabelledFiles.add(new Labelled(p, LabelledImages.NO_LABEL)));
                if (unlabelledFiles.isEmpty()) {
                    throw new InputError(unlabelledDir.toString(), "no images (" + ImageSequenceFolder.KINDS + ") in the folder of unlabelled images");
                }
                unlabelledNote = " and " + unlabelledFiles.size() + " unlabelled";
            } else {
                unlabelledNote = " (" + UNLABELLED + "/ not read: only semi-supervised learning uses unlabelled images)";
            }
        }
        long t0 = System.nanoTime();
        // every image once, in path order: the cache's entry does not depend on the seed's split
        List<Path> all = Stream.of(trainFiles, testFiles, unlabelledFiles).flatMap(List::stream).map(Labelled::file)
                .sorted().toList();
        boolean auto = reading.channels() == Reading.AUTO_CHANNELS;
        Path colour = auto ? firstInColour(all) : null;
        Reading r = auto ? reading.withChannels(colour == null ? 1 : 3) : reading;
        String chosen = !auto ? "" : colour == null ? ": no image is in colour"
                : ": colour images, " + root.relativize(colour) + " the first";
        DecodedImageCache.Images decoded = cache.images(all, r.size(), r.channels(), () -> decode(all, r));
        Map<Path, float[]> byFile = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            byFile.put(all.get(i), decoded.pixels()[i]);
        }
        return new Split(images(trainFiles, byFile, r), images(testFiles, byFile, r),
                images(unlabelledFiles, byFile, r), trainFiles.size() + " training and " + testFiles.size()
                + " test images" + split + " of " + classNames.size() + " classes" + unlabelledNote + " from " + root + " ("
                + (r.channels() == 1 ? "grey" : "RGB") + chosen + ")" + took(t0, all.size(), decoded.cached()) + decoded.note());
    }

    /**
     * The first of {@code files} (in their order) whose image is in colour, or null when none is:
     * each read by its header where its kind allows ({@link #inColour}), on all cores, stopping once
     * the first is known (in a colour folder, at once; a grey folder's every header is read).
     */
    static Path firstInColour(List<Path> files) {
        return IntStream.range(0, files.size()).parallel().filter(i -> inColour(files.get(i))).mapToObj(files::get)
                .findFirst().orElse(null);
    }

    /**
     * Whether an image is in colour: its colour model is not grey, and not a palette of greys only.
     * JPEG, PNG, BMP, GIF and TIFF by their header (the first image type their reader offers); a
     * PPM is in colour, a PGM or PBM is not; WebP, which has no grey form, always is, and so is a
     * HEIC or AVIF (a phone's or the web's photos; a grey one is rare). An image
     * whose header says colour is in colour even if every pixel happens to be grey, as torchvision
     * would read it.
     */
    static boolean inColour(Path file) {
        if (WebpImages.isWebp(file) || HeifImages.isHeif(file)) {
            return true;
        }
        if (NetpbmImages.isNetpbm(file)) {
            return colourModel(NetpbmImages.read(file).getColorModel());
        }
        try {
            Boolean colour = withReader(file, reader -> {
                Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
                return types.hasNext() ? colourModel(types.next().getColorModel()) : null;
            });
            if (colour != null) {
                return colour;
            }
        } catch (IOException | RuntimeException e) {
            // a header its reader cannot type (a CMYK JPEG): decoded below, which says what is wrong if anything is
        }
        return colourModel(read(file).getColorModel());
    }

    /** A colour model in colour: not a grey colour space, and not a palette of greys only. */
    private static boolean colourModel(java.awt.image.ColorModel cm) {
        if (cm instanceof java.awt.image.IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                    return true;
                }
            }
            return false;
        }
        return cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY;
    }

    /** Moves a seeded {@code testFraction} of each class's images to {@code test}, the rest to {@code train}, in file-name order. */
    private static void heldOut(List<Labelled> all, int classes, double testFraction, long seed, java.util.Set<Integer> testOnly,
                                List<Labelled> train, List<Labelled> test) {
        int[] labels = all.stream().mapToInt(Labelled::label).toArray();
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        for (int c = 0; c < classes; c++) {
            if (!testOnly.contains(c) && ClassHoldOut.testCount(counts[c], testFraction) >= counts[c]) {
                int label = c;
                Path folder = all.stream().filter(l -> l.label == label).findFirst().orElseThrow().file.getParent();
                throw new InputError(folder.toString(), counts[c] + " image(s): too few to hold out a test share of "
                        + testFraction + " and keep some for training");
            }
        }
        // drawn over every class as before, so the other classes' split does not depend on which are held out;
        // a class only tested (unseen, novel) then gives every image to the test, none to a training it is kept from
        boolean[] isTest = ClassHoldOut.testMask(labels, classes, testFraction, seed);
        for (int i = 0; i < all.size(); i++) {
            (isTest[i] || testOnly.contains(labels[i]) ? test : train).add(all.get(i));
        }
        train.sort(ORDER);
        test.sort(ORDER);
    }

    private static String took(long t0, int images, boolean cached) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, ", %s in %.1f s (%.0f images/s%s)", cached ? "read from the decode cache"
                : "decoded", seconds, images / seconds, cached ? "" : " on " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    /** One image file and its class. */
    private record Labelled(Path file, int label) {
    }

    private static final Comparator<Labelled> ORDER = Comparator.comparing((Labelled l) -> l.file.getFileName().toString())
            .thenComparingInt(l -> l.label);

    /** What to do about a folder name two classes go by. */
    private static final String CLASS_MAP_REMEDY = "name the folder's class in data.classes (folder: class)";

    /** The label of each folder the class map names; a class the knowledge does not have is an error where the map says it. */
    private static Map<String, Integer> mappedLabels(List<ClassFolder> classMap, ClassKeys keys) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ClassFolder m : classMap) {
            out.put(m.folder(), keys.mapped(m.folder(), m.className(), m.where(), CLASS_MAP_REMEDY));
        }
        return out;
    }

    /**
     * The images under {@code dir}'s class folders, each with its label, in file-name order: a
     * folder the class map names holds its mapped class, any other the class its name matches.
     */
    private static List<Labelled> files(Path dir, List<String> classNames, List<ClassFolder> classMap,
                                        Map<String, Integer> mapped, ClassKeys keys, java.util.Set<Integer> mayLack) {
        // unlabelled/ holds images of no class, beside the class folders
        List<Path> subs = ImageSequenceFolder.list(dir).stream().filter(Files::isDirectory)
                .filter(sub -> !sub.getFileName().toString().equals(UNLABELLED) && !ImageSequenceFolder.hidden(sub)).sorted().toList();
        for (ClassFolder m : classMap) {
            if (!Files.isDirectory(dir.resolve(m.folder())) && !mayLack.contains(mapped.get(m.folder()))) {
                throw new InputError(m.where(), "class folder '" + m.folder() + "' is mapped to '" + m.className()
                        + "', but " + dir.resolve(m.folder()) + " does not exist");
            }
        }
        Map<Integer, Path> folderOf = new LinkedHashMap<>();
        // every folder that names no class, said at once, each with the class it likely means; one named
        // after a class above the labels (Footwear over sandal and sneaker) is said to be a group
        List<String> unmatched = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        Path firstUnmatched = null;
        for (Path sub : subs) {
            String name = sub.getFileName().toString();
            Integer label = mapped.containsKey(name) ? mapped.get(name) : keys.label(name, sub.toString(), CLASS_MAP_REMEDY);
            if (label == null) {
                String near = keys.nearest(name);
                List<String> below = keys.below(name);
                if (below.isEmpty()) {
                    unmatched.add("'" + name + "'" + (near == null ? "" : " (did you mean " + near + "?)"));
                } else {
                    groups.add("'" + name + "' groups " + below);
                }
                firstUnmatched = firstUnmatched == null ? sub : firstUnmatched;
                continue;
            }
            Path first = folderOf.put(label, sub);
            if (first != null) {
                String where = classMap.stream().filter(m -> m.folder().equals(name)).map(ClassFolder::where).findFirst()
                        .orElse(sub.toString());
                throw new InputError(where, "a second folder for class '" + classNames.get(label) + "': " + sub
                        + " (the first: " + first.getFileName() + ")");
            }
        }
        if (firstUnmatched != null) {
            int folders = unmatched.size() + groups.size();
            List<String> said = new ArrayList<>();
            if (!unmatched.isEmpty()) {
                said.add("no class of the knowledge is called " + unmatched.get(0) + (unmatched.size() > 1 ? ", nor "
                        + String.join(", ", unmatched.subList(1, unmatched.size())) : ""));
            }
            if (!groups.isEmpty()) {
                said.add(String.join(", ", groups) + " in the knowledge, and is not itself a class the model tells apart:"
                        + " a class folder holds the images of one, so split " + (groups.size() > 1 ? "each" : "it")
                        + " into their folders");
            }
            throw new InputError(firstUnmatched.toString(), String.join("; ", said) + (folders > 1 ? " (" + folders
                    + " folders here)" : "") + "; its classes are " + classNames + (classMap.isEmpty()
                    ? "; a folder named otherwise is mapped to its class in data.classes (folder: class)"
                    : ", and the class map does not name " + (folders > 1 ? "these folders" : "this folder")));
        }
        List<Labelled> out = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Path sub = folderOf.get(c);
            if (sub == null && mayLack.contains(c)) {
                continue; // held out of training: its images are under test/ only
            }
            if (sub == null) {
                throw new InputError(dir.toString(), "class '" + classNames.get(c) + "' has no folder here (expected "
                        + dir.resolve(classNames.get(c)) + "/)");
            }
            List<Path> images = ImageSequenceFolder.imagesUnder(sub);
            if (images.isEmpty()) {
                throw new InputError(sub.toString(), "no images (" + ImageSequenceFolder.KINDS + ") in this class folder");
            }
            for (Path p : images) {
                out.add(new Labelled(p, c));
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** A class name as folders may spell it: lower case, letters and digits only ({@link NameKey}). */
    static String key(String name) {
        return NameKey.of(name);
    }

    /** Decodes {@code files} on all cores. */
    private static float[][] decode(List<Path> files, Reading reading) {
        return decode(files, reading.size(), reading.channels(), files.isEmpty() ? null : commonFolder(files));
    }

    /**
     * Decodes {@code files} on all cores, as {@link #pixels}; every file that cannot be read is named
     * in one error, not only the first, each relative to {@code root} (null: as given).
     *
     * @throws InputError naming every unreadable file and why
     */
    static float[][] decode(List<Path> files, int size, int channels, Path root) {
        float[][] pixels = new float[files.size()][];
        Map<Path, String> unreadable = new java.util.concurrent.ConcurrentSkipListMap<>();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                pixels[i] = pixels(files.get(i), size, channels);
            } catch (InputError e) {
                unreadable.put(files.get(i), e.detail());
            }
        });
        if (!unreadable.isEmpty()) {
            throw unreadable(root, unreadable);
        }
        return pixels;
    }

    /**
     * The files among {@code files} whose header no reader takes (an empty file, text named .png, a
     * header claiming too many pixels), each with why, read on all cores without decoding a pixel: what
     * a folder must be rid of before it is read. A file cut short past its header is found when decoded.
     */
    public static Map<Path, String> unreadableHeaders(List<Path> files) {
        Map<Path, String> unreadable = new java.util.concurrent.ConcurrentSkipListMap<>();
        files.parallelStream().forEach(file -> {
            try {
                if (WebpImages.isWebp(file) || HeifImages.isHeif(file) || NetpbmImages.isNetpbm(file)) {
                    return; // no header reader: decoding says what is wrong
                }
                if (Files.size(file) == 0) {
                    unreadable.put(file, "an empty file");
                    return;
                }
                Boolean read = withReader(file, reader -> {
                    checkSize(file, reader.getWidth(0), reader.getHeight(0));
                    return true;
                });
                if (read == null) {
                    unreadable.put(file, "not a readable image (" + ImageSequenceFolder.KINDS + ")");
                }
            } catch (InputError e) {
                unreadable.put(file, e.detail());
            } catch (IOException | RuntimeException e) {
                unreadable.put(file, "not a readable image (" + ImageSequenceFolder.KINDS + "; " + e.getMessage() + ")");
            }
        });
        return unreadable;
    }

    /** One error naming every unreadable file (the first 20) and why, relative to {@code root}, and what to do. */
    public static InputError unreadable(Path root, Map<Path, String> files) {
        if (files.size() == 1) {
            Map.Entry<Path, String> only = files.entrySet().iterator().next();
            return new InputError(only.getKey().toString(), only.getValue());
        }
        Path base = root == null ? null : root.toAbsolutePath().normalize();
        List<String> said = files.entrySet().stream().limit(20).map(e -> {
            Path file = e.getKey().toAbsolutePath().normalize();
            return (base != null && file.startsWith(base) ? base.relativize(file) : file) + ": " + e.getValue();
        }).toList();
        return new InputError(base == null ? "images" : base.toString(), files.size() + " files cannot be read as images; remove or replace them: "
                + String.join("; ", said) + (files.size() > said.size() ? "; and " + (files.size() - said.size()) + " more" : ""));
    }

    /** The deepest folder holding every one of {@code files}. */
    private static Path commonFolder(List<Path> files) {
        Path common = files.get(0).toAbsolutePath().normalize().getParent();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            while (common != null && !abs.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }

    /** {@code files}' images, decoded already, with their labels. */
    private static LabelledImages images(List<Labelled> files, Map<Path, float[]> decoded, Reading reading) {
        float[][] pixels = new float[files.size()][];
        int[] labels = new int[files.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = decoded.get(files.get(i).file);
            labels[i] = files.get(i).label;
        }
        return new LabelledImages(pixels, labels, reading.channels(), reading.size(), reading.size());
    }

    /**
     * One image as values in [0, 1], {@code size × size}, channel by channel: with 1 channel a grey
     * image's values or a colour image's luma (Rec. 601: 0.299 R + 0.587 G + 0.114 B), with 3 the
     * red, green and blue planes (a grey image's values in each). The header is checked before the
     * image is decoded.
     */
    static float[] pixels(Path file, int size, int channels) {
        BufferedImage src = read(file);
        int plane = size * size;
        float[] out = new float[channels * plane];
        if (src.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            float[] grey = grey(src, size);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(grey, 0, out, c * plane, plane);
            }
            return out;
        }
        BufferedImage rgb = src;
        if (src.getWidth() != size || src.getHeight() != size || src.getColorModel().hasAlpha()) {
            // drawn onto black: a transparent pixel reads as black, whether or not the image is resized
            rgb = resized(src, size, BufferedImage.TYPE_INT_RGB);
        }
        int[] argb = rgb.getRGB(0, 0, size, size, null, 0, size);
        for (int p = 0; p < plane; p++) {
            int r = (argb[p] >> 16) & 0xff;
            int g = (argb[p] >> 8) & 0xff;
            int b = argb[p] & 0xff;
            if (channels == 1) {
                out[p] = (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
            } else {
                out[p] = r / 255f;
                out[plane + p] = g / 255f;
                out[2 * plane + p] = b / 255f;
            }
        }
        return out;
    }

    /**
     * The decoded image, its header checked first: a header claiming more than {@link #MAX_PIXELS}
     * is refused before any pixel is decoded (footage frames are read through here too). Decodes
     * as {@link ImageIO#read} does (WebP as libwebp does, {@link WebpImages}; HEIC and AVIF as
     * libheif does, {@link HeifImages}; PBM, PGM and PPM as PIL does, {@link NetpbmImages}), then as
     * {@link #plain}, and a JPEG turned as its EXIF orientation says ({@link ExifOrientation}).
     */
    static BufferedImage read(Path file) {
        if (WebpImages.isWebp(file)) {
            return plain(WebpImages.read(file));
        }
        if (HeifImages.isHeif(file)) {
            return HeifImages.read(file);
        }
        if (NetpbmImages.isNetpbm(file)) {
            return NetpbmImages.read(file);
        }
        try {
            BufferedImage image = withReader(file, reader -> {
                checkSize(file, reader.getWidth(0), reader.getHeight(0));
                // a JPEG cut short decodes with a warning, its missing rows grey: PIL refuses it, and so does Kenning
                List<String> truncated = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                        truncated.add(warning);
                    }
                });
                BufferedImage decoded = reader.read(0);
                if (!truncated.isEmpty()) {
                    throw new InputError(file.toString(), "not a readable image: the file is truncated (" + truncated.get(0)
                            + "); its decoder filled the missing part with grey; copy or download it again, or remove it");
                }
                return decoded;
            });
            if (image == null) {
                throw new InputError(file.toString(), "not a readable image (" + ImageSequenceFolder.KINDS + ")");
            }
            // a phone's photo stored sideways is turned as its EXIF says, as a viewer shows it
            return ExifOrientation.apply(plain(image), ExifOrientation.of(file));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputError input) {
                throw input;
            }
            throw new InputError(file.toString(), "not a readable image (" + ImageSequenceFolder.KINDS + "; " + e.getMessage() + ")");
        }
    }

    /**
     * An image's size as it is seen, "640×480", from its header alone (a JPEG's EXIF orientation
     * applied); null for a kind whose header Java's readers do not read (WebP, HEIC, netpbm) or an
     * unreadable file, which decoding reports.
     */
    static String seenSize(Path file) {
        try {
            return withReader(file, reader -> {
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                boolean turned = ExifOrientation.of(file) >= 5;
                return (turned ? h : w) + "×" + (turned ? w : h);
            });
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What a header or image reader is used for: its input set to the file, disposed of after. */
    @FunctionalInterface
    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** What {@code use} makes of {@code file} through Java's reader for its kind; null when no reader reads the kind. */
    private static <T> T withReader(Path file, ReaderUse<T> use) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Refuses an image whose header claims more than {@link #MAX_PIXELS}, before any pixel is decoded. */
    static void checkSize(Path file, long w, long h) {
        if (w * h > MAX_PIXELS) {
            throw new InputError(file.toString(), "its header claims " + w + " × " + h + " pixels; images of at most "
                    + MAX_PIXELS + " pixels are read");
        }
    }

    /**
     * A decoded image whose values Java2D would change when drawing it, as the values it stores: a
     * grey image with alpha, or of another depth than 8 bits, as 8-bit grey, its transparent parts
     * black (Java2D takes grey as linear light and brightens it towards sRGB: a stored 56 of 255
     * read as 129); a CMYK JPEG as RGB by the plain formula R = (1 − C)(1 − K), … that PIL and
     * OpenCV use (Java2D's colour management brightened it). Others are returned as they are.
     */
    static BufferedImage plain(BufferedImage src) {
        java.awt.image.ColorModel cm = src.getColorModel();
        int space = cm.getColorSpace().getType();
        Raster in = src.getRaster();
        int w = src.getWidth();
        int h = src.getHeight();
        if (space == ColorSpace.TYPE_GRAY && src.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            double max = (1L << cm.getComponentSize(0)) - 1;
            int alphaBand = cm.hasAlpha() ? cm.getNumComponents() - 1 : -1;
            double alphaMax = cm.hasAlpha() ? (1L << cm.getComponentSize(alphaBand)) - 1 : 1;
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            java.awt.image.WritableRaster o = out.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = in.getSample(x, y, 0) / max;
                    if (alphaBand >= 0) {
                        v *= in.getSample(x, y, alphaBand) / alphaMax;
                    }
                    o.setSample(x, y, 0, (int) Math.round(v * 255));
                }
            }
            return out;
        }
        if (space == ColorSpace.TYPE_CMYK && in.getNumBands() == 4) {
            double max = (1L << cm.getComponentSize(0)) - 1;
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] cmyk = new int[4];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    in.getPixel(x, y, cmyk);
                    double white = 1 - cmyk[3] / max;
                    int r = (int) Math.round(255 * white * (1 - cmyk[0] / max));
                    int g = (int) Math.round(255 * white * (1 - cmyk[1] / max));
                    int b = (int) Math.round(255 * white * (1 - cmyk[2] / max));
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            return out;
        }
        return src;
    }

    /**
     * {@code src} brought to a new {@code size × size} image of {@code type}: how image folders and
     * footage frames are brought to the model's size. A side twice the target or more is first
     * halved, bilinearly, until it is less: each halving averages 2 × 2 pixels, so every output
     * pixel stands for all the source pixels it covers (as PIL's antialiased resize, which
     * torchvision uses, makes it), where one bilinear step from a 768-pixel frame to 32 would read 4
     * pixels of each 24 × 18 block and alias the rest. The last step is bilinear.
     */
    static BufferedImage resized(BufferedImage src, int size, int type) {
        BufferedImage from = src;
        int w = src.getWidth();
        int h = src.getHeight();
        while (w >= 2 * size || h >= 2 * size) {
            w = w >= 2 * size ? (w + 1) / 2 : w;
            h = h >= 2 * size ? (h + 1) / 2 : h;
            from = drawn(from, w, h, type);
        }
        return drawn(from, size, size, type);
    }

    /** {@code src} drawn bilinearly onto a new {@code w × h} image of {@code type} (transparent parts black). */
    private static BufferedImage drawn(BufferedImage src, int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return img;
    }

    /** A grey image's values, resized to {@code size × size}. */
    private static float[] grey(BufferedImage src, int size) {
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
        Raster r = resized(src, size, BufferedImage.TYPE_BYTE_GRAY).getRaster();
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
