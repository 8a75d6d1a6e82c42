package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Real footage: a folder with one subfolder per sequence (or one video per sequence, whose frames
 * {@link VideoFrames} has ffmpeg write; a single video file is one sequence), frames in file-name order with numbers
 * compared as numbers ({@code 2.png} before {@code 10.png}, as ffmpeg's {@code %d.png} writes
 * them; PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM, any size, resized to {@code size × size} RGB), and an optional
 * {@code labels.csv} with columns
 * {@code sequence,frame,value} in any order, beside others (frame = the file name, the name without its ending — a video's
 * frame number from 0 — or a number, read as {@code FrameNames} says; the value column may be
 * another, as a tracker's {@code x}) used only for evaluation. A folder that
 * holds images itself and no sequence subfolders is read as one sequence named after it.
 */
public final class ImageSequenceFolder {
    /**
     * What was read: the sequences kept, each one's frame file names in the order read (the names
     * labels.csv uses), the sequences too short to read (name → frames, in name order), how many
     * frames carry labels, and the frame rates the video files among them give (sequence → frames
     * per second; frame folders and videos whose rate ffprobe could not read have none), and how
     * many of the sequences kept were read from the decode cache rather than decoded.
     */
    public record Loaded(List<Video> sequences, List<List<String>> frameNames, Map<String, Integer> tooShort,
                         int labelledFrames, boolean hasLabels, Map<String, Double> videoFrameRates, int cachedSequences,
                         Map<String, Map<String, Integer>> frameSizes, Map<String, String> variableRates) {

        /**
         * The videos whose frames are not evenly spaced in time, which no one {@code data.fps} fits,
         * with what to do, or "".
         */
        public String variableRatesSaid() {
            if (variableRates.isEmpty()) {
                return "";
            }
            Map.Entry<String, String> first = variableRates.entrySet().iterator().next();
            return variableRates.size() + " video(s) with a variable frame rate, which no one data.fps fits (the laws' dt is"
                    + " one frame's time): " + first.getKey() + " (" + first.getValue() + ")" + (variableRates.size() > 1
                    ? " and " + (variableRates.size() - 1) + " more" : "") + "; re-encode each at one rate first, e.g. ffmpeg -i "
                    + first.getKey() + ".mp4 -vf fps=" + Math.round(1 / median(first.getValue())) + " " + first.getKey()
                    + "-constant.mp4";
        }

        private static double median(String said) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("median ([0-9.]+) s").matcher(said);
            return m.find() ? Double.parseDouble(m.group(1)) : 1.0 / 30;
        }

        /**
         * The frame folders whose frames are not all one shape (width to height, as seen: a photo's
         * EXIF orientation applied), each frame squashed to a square on its own so that what they show
         * stretches between frames, said in a few words, or "" when every folder's are one shape
         * (sizes of one shape resize alike).
         */
        public String mixedSizesSaid() {
            List<String> mixed = frameSizes.entrySet().stream().filter(e -> shapes(e.getValue()) > 1)
                    .map(e -> e.getKey() + " (" + sizesSaid(e.getValue()) + ")").toList();
            if (mixed.isEmpty()) {
                return "";
            }
            return mixed.size() + " sequence(s) with frames of different shapes, each frame resized to a square on its own,"
                    + " so what they show stretches from frame to frame: " + String.join(", ", mixed.subList(0, Math.min(3,
                    mixed.size()))) + (mixed.size() > 3 ? " and " + (mixed.size() - 3) + " more" : "")
                    + "; crop each sequence's frames to one shape";
        }

        /** How many width-to-height ratios "W×H" sizes have, to two decimals. */
        private static long shapes(Map<String, Integer> sizes) {
            return sizes.keySet().stream().map(wh -> {
                String[] p = wh.split("×");
                return Math.round(100.0 * Integer.parseInt(p[0]) / Integer.parseInt(p[1]));
            }).distinct().count();
        }

        /** The frame sizes over every frame folder, most frames first: "1280×720 ×300". */
        public String sizesSaid() {
            Map<String, Integer> all = new java.util.HashMap<>();
            frameSizes.values().forEach(m -> m.forEach((size, n) -> all.merge(size, n, Integer::sum)));
            return sizesSaid(all);
        }

        private static String sizesSaid(Map<String, Integer> sizes) {
            List<Map.Entry<String, Integer>> most = sizes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
            return String.join(", ", most.stream().limit(4).map(e -> e.getKey() + " ×" + e.getValue()).toList())
                    + (most.size() > 4 ? " and " + (most.size() - 4) + " more sizes" : "");
        }
    }

    /** The decode cache's name for footage frames, read as {@link #decode} reads them, not as an image folder's. */
    private static final String CACHE_KIND = "footage";

    private ImageSequenceFolder() {
    }

    /** The labels.csv column scored against unless the spec names another ({@code data.label_column}). */
    public static final String VALUE_COLUMN = "value";

    /** Reads every sequence of at least {@code minFrames} frames, labels from labels.csv's {@code value} column. */
    public static Loaded load(Path root, int size, int minFrames) {
        return load(root, size, minFrames, VALUE_COLUMN);
    }

    /**
     * Reads every sequence of at least {@code minFrames} frames; decoding runs on all cores. Labels
     * are the {@code labelColumn} of labels.csv.
     */
    public static Loaded load(Path root, int size, int minFrames, String labelColumn) {
        return load(root, size, minFrames, labelColumn, DecodedImageCache.NONE);
    }

    /**
     * As above, each sequence's frames decoded and resized once and then read from {@code cache}
     * (a frame changed, added or removed decodes that sequence again).
     */
    public static Loaded load(Path root, int size, int minFrames, String labelColumn, DecodedImageCache cache) {
        return load(root, size, minFrames, "", labelColumn, cache);
    }

    /**
     * As above, {@code minFramesWhy} saying why a sequence needs {@code minFrames} frames when
     * none has them (" (a window in each half, data.split time)"); empty says nothing more.
     */
    public static Loaded load(Path root, int size, int minFrames, String minFramesWhy, String labelColumn,
            DecodedImageCache cache) {
        Map<String, List<Path>> frames = new java.util.LinkedHashMap<>();
        if (Files.isRegularFile(root)) {
            if (!VideoFrames.isVideo(root)) {
                throw new InputError(root.toString(), "is neither a folder of frames nor a video ("
                        + String.join(", ", new java.util.TreeSet<>(VideoFrames.EXTENSIONS)) + "): footage is a folder with"
                        + " one subfolder of frames (" + KINDS + "), or one video, per sequence");
            }
            // one video is one sequence; labels.csv beside it may be about other footage, so none is read
            VideoFrames.Read video = VideoFrames.read(root);
            String name = VideoFrames.sequenceName(root);
            frames.put(name, video.frames());
            return read(root, frames, Map.of(name, video), Set.of(name), Map.of(), false, size, minFrames, minFramesWhy, cache);
        }
        if (!Files.isDirectory(root)) {
            throw new InputError(root.toString(), "sequence folder not found (expected a folder with one subfolder of"
                    + " frames, or one video, per sequence)");
        }
        Map<String, VideoFrames.Read> rates = new HashMap<>();
        Set<String> videos = new java.util.HashSet<>();
        collect(root, "", 0, frames, rates, videos);
        String flat = null; // the one sequence of a folder that holds its frames itself
        if (frames.isEmpty()) {
            List<Path> images = frames(root);
            if (!images.isEmpty()) {
                flat = root.toAbsolutePath().normalize().getFileName().toString();
                frames.put(flat, images);
            }
        }
        if (frames.isEmpty()) {
            throw new InputError(root.toString(), "no sequences: expected frames (" + KINDS + "), in subfolders (one per"
                    + " sequence) or in the folder itself, or videos (one per sequence)");
        }
        Path csv = root.resolve("labels.csv");
        Map<String, Map<String, Double>> labels = new HashMap<>();
        // beside a folder's own frames, a labels.csv without a sequence column is that sequence's own
        boolean flatOwn = flat != null && Files.exists(csv) && !namesSequences(csv);
        boolean hasLabels = readLabels(csv, frames, videos, flatOwn ? flat : null, labelColumn, labels);
        // a sequence folder may carry its own labels.csv (frame,value)
        for (Map.Entry<String, List<Path>> e : frames.entrySet()) {
            Path own = e.getValue().get(0).getParent().resolve("labels.csv");
            if (own.startsWith(root) && !own.equals(csv) && Files.exists(own)) {
                hasLabels |= readLabels(own, frames, videos, e.getKey(), labelColumn, labels);
            }
        }
        return read(root, frames, rates, videos, labels, hasLabels, size, minFrames, minFramesWhy, cache);
    }

    /**
     * Decodes the sequences of at least {@code minFrames} frames and gives each frame its label;
     * {@code rates} are those read from video files (their frame rates and spacing), {@code videos} their names:
     * their frames are named by number (0, 1, …), as a video player counts them, not by the file a
     * frame was extracted to.
     */
    private static Loaded read(Path root, Map<String, List<Path>> frames, Map<String, VideoFrames.Read> rates, Set<String> videos,
                               Map<String, Map<String, Double>> labels, boolean hasLabels, int size, int minFrames,
                               String minFramesWhy, DecodedImageCache cache) {
        List<Video> sequences = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        Map<String, Integer> tooShort = new java.util.TreeMap<>();
        Map<String, Map<String, Integer>> frameSizes = new java.util.TreeMap<>();
        int labelled = 0;
        int cached = 0;
        for (Map.Entry<String, List<Path>> e : frames.entrySet()) {
            List<Path> files = e.getValue();
            if (files.size() < minFrames) {
                tooShort.put(e.getKey(), files.size());
                continue;
            }
            int frameSize = 3 * size * size;
            DecodedImageCache.Images decoded = cache.images(CACHE_KIND, files, size, 3, () -> {
                float[][] each = new float[files.size()][frameSize];
                IntStream.range(0, files.size()).parallel().forEach(i -> decode(files.get(i), size, each[i], 0));
                return each;
            });
            cached += decoded.cached() ? 1 : 0;
            float[] pixels = new float[files.size() * frameSize];
            for (int i = 0; i < files.size(); i++) {
                System.arraycopy(decoded.pixels()[i], 0, pixels, i * frameSize, frameSize);
            }
            double[] truth = new double[files.size()];
            Arrays.fill(truth, Double.NaN);
            Map<String, Double> seqLabels = labels.getOrDefault(e.getKey(), Map.of());
            for (int i = 0; i < files.size(); i++) {
                Double v = seqLabels.get(files.get(i).getFileName().toString());
                if (v != null) {
                    truth[i] = v;
                    labelled++;
                }
            }
            sequences.add(new Video(e.getKey(), files.size(), 3, size, size, pixels, truth));
            if (!videos.contains(e.getKey())) {
                // a video's frames are one size; a folder's may not be, which squashing each to a square hides
                Map<String, Integer> sizes = new java.util.concurrent.ConcurrentHashMap<>();
                files.parallelStream().map(ImageFolder::seenSize).filter(java.util.Objects::nonNull)
                        .forEach(wh -> sizes.merge(wh, 1, Integer::sum));
                if (!sizes.isEmpty()) {
                    frameSizes.put(e.getKey(), Map.copyOf(sizes));
                }
            }
            names.add(videos.contains(e.getKey()) ? IntStream.range(0, files.size()).mapToObj(String::valueOf).toList()
                    : files.stream().map(f -> f.getFileName().toString()).toList());
        }
        if (sequences.isEmpty()) {
            throw new InputError(root.toString(), "all " + tooShort.size() + " sequences are shorter than " + minFrames
                    + " frames" + minFramesWhy + ": " + shortSaid(tooShort));
        }
        Map<String, Double> keptRates = new java.util.TreeMap<>();
        Map<String, String> variable = new java.util.TreeMap<>();
        for (Video v : sequences) {
            VideoFrames.Read video = rates.get(v.id());
            if (video != null && !Double.isNaN(video.frameRate())) {
                keptRates.put(v.id(), video.frameRate());
            }
            if (video != null && !video.variableRate().isEmpty()) {
                variable.put(v.id(), video.variableRate());
            }
        }
        return new Loaded(sequences, names, tooShort, labelled, hasLabels, keptRates, cached, frameSizes, variable);
    }

    /** Sequences by name with their lengths, the first five: {@code b (9 frames), c (4 frames) and 3 more}. */
    public static String shortSaid(Map<String, Integer> lengths) {
        List<String> said = lengths.entrySet().stream().limit(5).map(e -> e.getKey() + " (" + e.getValue() + " frames)").toList();
        return String.join(", ", said) + (lengths.size() > said.size() ? " and " + (lengths.size() - said.size()) + " more" : "");
    }

    /** How deep sequence folders are looked for under the footage folder (a link back up would never end). */
    private static final int MAX_DEPTH = 6;

    /**
     * The sequences in {@code dir}, in plain name order (as they always were: a run's windows, and so
     * its results, follow it): each subfolder holding frames, then each video. A subfolder holding
     * no frames is looked into in turn ({@code camera-1/walk-3}), so footage sorted by camera or day
     * is read whole; its sequences are named by their path under the footage folder, as labels.csv
     * names them. Hidden folders are left out.
     */
    private static void collect(Path dir, String prefix, int depth, Map<String, List<Path>> frames, Map<String, VideoFrames.Read> rates,
                                Set<String> videos) {
        List<Path> entries = list(dir).stream().filter(e -> !hidden(e)).sorted().toList();
        for (Path e : entries) {
            if (Files.isDirectory(e)) {
                List<Path> images = frames(e);
                if (!images.isEmpty()) {
                    frames.put(prefix + e.getFileName(), images);
                } else if (depth + 1 < MAX_DEPTH) {
                    collect(e, prefix + e.getFileName() + "/", depth + 1, frames, rates, videos);
                }
            }
        }
        for (Path e : entries) {
            if (VideoFrames.isVideo(e)) {
                String name = prefix + VideoFrames.sequenceName(e);
                if (frames.containsKey(name)) {
                    throw new InputError(e.toString(), "is a second sequence named '" + name + "' beside the folder of"
                            + " that name; rename one of them");
                }
                VideoFrames.Read video = VideoFrames.read(e);
                frames.put(name, video.frames());
                rates.put(name, video);
                videos.add(name);
            }
        }
    }

    /** The frames of one sequence folder, in the order they are read: {@link #FRAME_ORDER}. */
    static List<Path> frames(Path dir) {
        return images(dir).stream()
                .sorted(Comparator.comparing((Path p) -> p.getFileName().toString(), FRAME_ORDER)).toList();
    }

    /**
     * File names with their runs of digits compared as numbers, the rest as text: {@code f2.png}
     * before {@code f10.png}. Zero-padded names keep their plain order; equal-valued names
     * ({@code 7.png}, {@code 07.png}) fall back to plain order so the order is total.
     */
    public static final Comparator<String> FRAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int si = skipZeros(a, i, ei);
                int sj = skipZeros(b, j, ej);
                if (ei - si != ej - sj) {
                    return Integer.compare(ei - si, ej - sj);
                }
                int c = a.substring(si, ei).compareTo(b.substring(sj, ej));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    };

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int e = from;
        while (e < s.length() && isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static int skipZeros(String s, int from, int end) {
        int k = from;
        while (k < end - 1 && s.charAt(k) == '0') {
            k++;
        }
        return k;
    }

    /** The kinds of image read, as messages name them. */
    static final String KINDS = "PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM";
    /**
     * The endings of the images read: what Java's image readers take (a GIF's first frame, a TIFF's
     * first page), WebP through libwebp's dwebp ({@link WebpImages}), HEIC and AVIF through libheif's
     * heif-convert ({@link HeifImages}), and netpbm's ({@link NetpbmImages}).
     */
    private static final java.util.Set<String> READ = java.util.stream.Stream.of(
            java.util.stream.Stream.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", WebpImages.ENDING),
            HeifImages.ENDINGS.stream(), NetpbmImages.ENDINGS.stream()).flatMap(s -> s)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** Endings of images that are not read, which torchvision's folders and cameras give: refused by name, not passed over. */
    private static final java.util.Set<String> NOT_READ = java.util.Set.of("jxl", "jp2", "j2k", "svg", "psd", "dng",
            "cr2", "nef", "arw");

    /** Of those, the kinds Debian's ffmpeg converts. */
    private static final java.util.Set<String> FFMPEG_READS = java.util.Set.of("jp2", "j2k");

    /** An image file of a kind read here ({@link #KINDS}), by its name, not hidden (the image folders of both kinds take these). */
    static boolean isImage(Path p) {
        return Files.isRegularFile(p) && READ.contains(ending(p));
    }

    /** A file's ending in lower case; "" for none, and for a hidden file. */
    static String ending(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return hidden(p) || dot < 0 ? "" : n.substring(dot + 1);
    }

    /** What operating systems and tools leave in folders, never data: macOS's zip metadata, Synology's, Windows'. */
    private static final java.util.Set<String> SYSTEM_FOLDERS = java.util.Set.of("__macosx", "@eadir", "$recycle.bin",
            "system volume information");

    /** A dot file or folder ({@code .DS_Store}, {@code .ipynb_checkpoints}, macOS's {@code ._x.jpg}), or one of {@link #SYSTEM_FOLDERS}. */
    static boolean hidden(Path p) {
        return p.getFileName() != null && (p.getFileName().toString().startsWith(".")
                || SYSTEM_FOLDERS.contains(p.getFileName().toString().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The images in {@code dir} ({@link #isImage}), in no particular order. An image of a kind not
     * read (HEIC, JPEG 2000, …) is an error naming it: passed over, a class or a sequence would
     * silently lose it.
     */
    static List<Path> images(Path dir) {
        return readable(list(dir));
    }

    /**
     * The images anywhere under {@code dir}, in its subfolders too (as torchvision's ImageFolder
     * takes a class folder's), hidden folders left out; refused as {@link #images} refuses.
     */
    static List<Path> imagesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return readable(walk.filter(p -> java.util.stream.StreamSupport.stream(dir.relativize(p).spliterator(), false)
                    .noneMatch(ImageSequenceFolder::hidden)).toList());
        } catch (IOException | UncheckedIOException e) {
            throw new InputError(dir.toString(), "cannot read this folder and its subfolders: " + e.getMessage());
        }
    }

    /** The readable images among {@code entries}; an image of a kind not read is an error naming it. */
    private static List<Path> readable(List<Path> entries) {
        for (Path p : entries) {
            String ending = ending(p);
            if (NOT_READ.contains(ending) && Files.isRegularFile(p)) {
                String how = FFMPEG_READS.contains(ending) ? ", e.g. for f in *." + ending + "; do ffmpeg -v error -i \"$f\" \"${f%."
                        + ending + "}.png\"; done (then remove the ." + ending + " files)" : " (to PNG or JPEG)";
                throw new InputError(p.toString(), "a ." + ending + " image, which is not read (images are " + KINDS
                        + "): convert the folder's images" + how);
            }
        }
        return entries.stream().filter(ImageSequenceFolder::isImage).toList();
    }

    /** The entries of a folder. */
    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void decode(Path file, int size, float[] out, int offset) {
        BufferedImage img = ImageFolder.resized(ImageFolder.read(file), size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        int[] rgb = img.getRGB(0, 0, size, size, null, 0, size);
        for (int p = 0; p < plane; p++) {
            out[offset + p] = ((rgb[p] >> 16) & 0xff) / 255f;
            out[offset + plane + p] = ((rgb[p] >> 8) & 0xff) / 255f;
            out[offset + 2 * plane + p] = (rgb[p] & 0xff) / 255f;
        }
    }

    /**
     * Reads a labels.csv into {@code labels} (sequence → frame file name → value); every row must
     * name a frame that exists, and no frame twice. The footage folder's names the sequence of each
     * row; a sequence folder's own, given its {@code sequence}, only the frame. The header names the
     * columns, in any order, among others a tracker writes (an object's {@code x,y}, a confidence);
     * the values scored against are {@code valueColumn}'s. Cells are separated by commas, or by
     * semicolons or tabs as spreadsheets in other locales write them (then a decimal comma reads as a
     * point). A sequence labelled in both files is refused. False when there is no file.
     */
    private static boolean readLabels(Path csv, Map<String, List<Path>> frames, Set<String> videos, String sequence,
                                      String valueColumn, Map<String, Map<String, Double>> labels) {
        if (!Files.exists(csv)) {
            return false;
        }
        if (sequence != null && labels.containsKey(sequence)) {
            throw new InputError(csv.toString(), "labels sequence '" + sequence + "', which the footage folder's labels.csv"
                    + " labels too; keep its labels in one of the two");
        }
        Map<String, FrameNames> byName = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<LabelRow> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            String header = r.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1); // the byte-order mark spreadsheet programs write to UTF-8 CSV
            }
            String separator = separator(header == null ? "" : header);
            java.util.regex.Pattern splitter = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(separator));
            LabelColumns at = LabelColumns.of(csv, header, splitter, sequence == null, valueColumn);
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = splitter.split(line, -1);
                if (cells.length != at.width()) {
                    throw new InputError(csv + ":" + n, "expected " + at.width() + " cells, as the header names, got "
                            + cells.length);
                }
                String seq = sequence == null ? sequenceNamed(cell(cells[at.sequence()]), frames, videos) : sequence;
                List<Path> files = frames.get(seq);
                if (files == null) {
                    throw new InputError(csv + ":" + n, "names sequence '" + seq + "', which is not"
                            + " in the folder (a sequence is its subfolder's name, its video's file name with or without the ending, or its"
                            + " path under the folder)");
                }
                byName.computeIfAbsent(seq, k -> new FrameNames(files)).use(cell(cells[at.frame()]), n);
                rows.add(new LabelRow(n, seq, cell(cells[at.frame()]), cell(cells[at.value()])));
            }
            // a number may call a frame by the number in its name or by its place: the table's numbers choose
            byName.forEach((seq, names) -> names.decide(csv, seq));
            for (LabelRow row : rows) {
                int ln = row.line();
                String seq = row.sequence();
                String frame = row.frame();
                String value = row.value();
                List<Path> files = frames.get(seq);
                String file = byName.get(seq).file(frame);
                if (file == null) {
                    throw new InputError(csv + ":" + ln, "names frame '" + frame + "' of sequence '" + seq + "', which is not in it: a frame is"
                            + " its file name, its name without the ending, or a number; " + byName.get(seq).numbers());
                }
                Integer before = lineOf.put(seq + "\u0000" + file, ln);
                if (before != null) {
                    throw new InputError(csv + ":" + ln, "labels frame '" + frame + "' of sequence '" + seq + "' again (line "
                            + before + " did): one row per frame; a table of several tracked objects needs one"
                            + " object's rows only");
                }
                if (value.isEmpty() || value.equalsIgnoreCase("nan")) {
                    continue; // a frame left unlabelled (the object out of view): scoring skips it
                }
                String number = separator.equals(",") ? value : value.replace(',', '.');
                try {
                    labels.computeIfAbsent(seq, k -> new HashMap<>()).put(file, Double.parseDouble(number));
                } catch (NumberFormatException e) {
                    throw new InputError(csv + ":" + ln, "value '" + value + "' in column '" + valueColumn + "' is not a"
                            + " number (leave it empty for a frame with no label)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return true;
    }

    /**
     * The sequence a labels.csv row names: by its name, or a video also by its file name, ending and
     * all, as a user who sees the file may write it ({@code clip.mp4} is the sequence {@code clip}).
     */
    private static String sequenceNamed(String name, Map<String, List<Path>> frames, Set<String> videos) {
        int dot = name.lastIndexOf('.');
        if (frames.containsKey(name) || dot <= 0) {
            return name;
        }
        String stem = name.substring(0, dot);
        boolean videoEnding = VideoFrames.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
        return videoEnding && videos.contains(stem) ? stem : name;
    }

    /** Whether a labels.csv's header has a sequence column. */
    private static boolean namesSequences(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            String header = r.readLine();
            if (header == null) {
                return false;
            }
            header = header.startsWith("\uFEFF") ? header.substring(1) : header;
            return Arrays.stream(header.split(java.util.regex.Pattern.quote(separator(header)), -1))
                    .anyMatch(c -> cell(c).equalsIgnoreCase("sequence"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** The cell separator a header uses: a comma, or a semicolon or tab where it has more of those. */
    private static String separator(String header) {
        String best = ",";
        long most = header.chars().filter(c -> c == ',').count();
        for (String other : List.of(";", "\t")) {
            long count = header.chars().filter(c -> c == other.charAt(0)).count();
            if (count > most) {
                best = other;
                most = count;
            }
        }
        return best;
    }

    /** Where a labels.csv keeps each row's sequence (-1 in a sequence folder's own), frame and value. */
    private record LabelColumns(int width, int sequence, int frame, int value) {

        static LabelColumns of(Path csv, String header, java.util.regex.Pattern splitter, boolean namesSequence,
                               String valueColumn) {
            String needed = (namesSequence ? "sequence, " : "") + "frame and " + valueColumn;
            if (header == null || header.isBlank()) {
                throw new InputError(csv + ":1", "expected a header naming the columns " + needed);
            }
            List<String> names = Arrays.stream(splitter.split(header, -1))
                    .map(c -> cell(c).toLowerCase(Locale.ROOT)).toList();
            int sequence = names.indexOf("sequence");
            int frame = names.indexOf("frame");
            int value = names.indexOf(valueColumn.toLowerCase(Locale.ROOT));
            String what = "expected a header naming the columns " + needed + " (in any order, beside others), got '"
                    + header + "'";
            if (frame < 0 || (namesSequence && sequence < 0)) {
                throw new InputError(csv + ":1", what + (namesSequence && sequence < 0 && frame >= 0
                        ? "; the footage folder's labels.csv names each row's sequence (a sequence folder's own needs"
                        + " only frame and " + valueColumn + ")" : ""));
            }
            if (!namesSequence && sequence >= 0) {
                throw new InputError(csv + ":1", "has a sequence column, but a sequence folder's own labels.csv is"
                        + " about its folder only: drop the column (frame and " + valueColumn + " are enough), or move"
                        + " the file to the footage folder");
            }
            if (value < 0) {
                List<String> others = new ArrayList<>(names);
                others.removeAll(List.of("sequence", "frame", ""));
                throw new InputError(csv + ":1", what + (others.isEmpty() ? "" : "; to score against another column, name"
                        + " it (columns here: " + String.join(", ", others) + "): data.label_column: " + others.get(0)
                        + " in the spec, --label-column " + others.get(0) + " for kenning footage and kenning predict"));
            }
            return new LabelColumns(names.size(), sequence, frame, value);
        }
    }

    /** One row of a labels.csv: its line, the sequence it names, its frame and value cells. */
    private record LabelRow(int line, String sequence, String frame, String value) {
    }

    /**
     * What a labels.csv may call each frame file of one sequence: its name, its name without the
     * ending, or a number. A number is the number in the frame's name when every name is one
     * ({@code 00001.jpg} is frame 1, as MOT and ffmpeg number them) and otherwise either the number
     * in its name, when every name carries one ({@code frame_0001.png}), or its position in the order
     * read from 0, as a tracker that read the video numbers it. Where those two differ (names
     * numbered from 1), the table's numbers choose: one only a name carries, or a position only, fixes
     * which is meant; numbers both could mean are refused, as a table read one frame off would score
     * every frame wrongly without a word.
     */
    private static final class FrameNames {
        private final List<Path> files;
        private final Map<String, String> names = new HashMap<>();
        /** the number each name is or carries (null when not every name has its own) */
        private final Map<Long, String> byNumber;
        /** every name is a number: numbers are names, never positions */
        private final boolean numericNames;
        private final List<Long> used = new ArrayList<>();
        private final Map<Long, Integer> lineOf = new HashMap<>();
        private Map<Long, String> chosen;

        FrameNames(List<Path> files) {
            this.files = files;
            Map<Long, String> numbers = new HashMap<>();
            boolean allNumeric = !files.isEmpty();
            boolean everyNumbered = !files.isEmpty();
            for (Path f : files) {
                String name = f.getFileName().toString();
                names.put(name, name);
                int dot = name.lastIndexOf('.');
                String stem = dot > 0 ? name.substring(0, dot) : name;
                if (dot > 0) {
                    names.putIfAbsent(stem, name);
                }
                allNumeric &= !stem.isEmpty() && stem.chars().allMatch(Character::isDigit);
                java.util.regex.Matcher last = LAST_NUMBER.matcher(stem);
                Long number = last.find() && last.group(1).length() <= 15 ? Long.parseLong(last.group(1)) : null;
                everyNumbered &= number != null && numbers.putIfAbsent(number, name) == null;
            }
            numericNames = allNumeric && everyNumbered;
            byNumber = everyNumbered ? numbers : null;
        }

        private Map<Long, String> positions;

        /** Each frame by its position in the order read, from 0. */
        private Map<Long, String> byPosition() {
            if (positions == null) {
                positions = new HashMap<>();
                for (int i = 0; i < files.size(); i++) {
                    positions.put((long) i, files.get(i).getFileName().toString());
                }
            }
            return positions;
        }

        /** Notes a row's frame cell, so {@link #decide} can weigh the numbers the table uses. */
        void use(String frame, int line) {
            Long k = names.containsKey(frame) ? null : number(frame);
            if (k != null) {
                used.add(k);
                lineOf.putIfAbsent(k, line);
            }
        }

        /** Chooses what a number calls a frame here, by the numbers the table used. */
        void decide(Path csv, String sequence) {
            Map<Long, String> byPosition = byPosition();
            if (numericNames || byNumber == null) {
                chosen = numericNames ? byNumber : byPosition;
                return;
            }
            boolean nameFits = byNumber.keySet().containsAll(used);
            boolean positionFits = byPosition.keySet().containsAll(used);
            if (nameFits && positionFits) {
                Long differs = used.stream().filter(k -> !byNumber.get(k).equals(byPosition.get(k))).findFirst().orElse(null);
                if (differs != null) {
                    throw new InputError(csv + ":" + lineOf.get(differs), "frame " + differs + " of sequence '" + sequence
                            + "' may be " + byNumber.get(differs) + " (the number in its name) or " + byPosition.get(differs)
                            + " (its position from 0), and every frame number in the table fits both; write the frame's"
                            + " file name (" + byNumber.get(differs) + ") or its name without the ending in the frame column,"
                            + " so the labels cannot be read one frame off");
                }
            }
            chosen = nameFits ? byNumber : byPosition;
        }

        /** The file a frame cell names, or null. */
        String file(String frame) {
            String name = names.get(frame);
            if (name != null) {
                return name;
            }
            Long k = number(frame);
            return k == null ? null : chosen.get(k);
        }

        /** What a number calls here, and the numbers there are, for a message. */
        String numbers() {
            if (chosen == byPosition()) {
                return "here a number is the frame's position in the order read from 0 (0 … " + (files.size() - 1)
                        + "; a video's frames are numbered so)";
            }
            List<Long> all = byNumber.keySet().stream().sorted().toList();
            return (numericNames ? "every name here is a number, so a number is a name's value (" : "here a number is the one in the"
                    + " frame's name (") + all.get(0) + " … " + all.get(all.size() - 1) + ")";
        }

        /** A frame cell as a whole number ({@code 7}, {@code 007}, {@code 7.0} as pandas writes it), or null. */
        private static Long number(String cell) {
            java.util.regex.Matcher m = WHOLE.matcher(cell);
            return m.matches() && m.group(1).length() <= 15 ? Long.parseLong(m.group(1)) : null;
        }

        private static final java.util.regex.Pattern LAST_NUMBER = java.util.regex.Pattern.compile("(\\d+)\\D*$");
        private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile("0*(\\d+?)(?:\\.0*)?");
    }

    /** A CSV cell without its spaces and the double quotes some writers put around every cell. */
    private static String cell(String raw) {
        String c = raw.trim();
        return c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1).trim() : c;
    }
}
