package dev.kenning.bench;

import dev.kenning.datasets.DecodedImageCache;
import dev.kenning.datasets.ImageFolder;
import dev.kenning.datasets.ImageSequenceFolder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How fast Kenning reads data a user brings, and how much memory it holds meanwhile: an image
 * folder of {@code --images} colour JPEGs of 64×64 in ten class folders, decoded to
 * {@code --image-size} with {@code --channels} (without the cache, writing it, reading it back),
 * and {@code --sequences} image sequences of {@code --frames} 640×480 PNG frames, read as the
 * footage tasks read them ({@link ImageSequenceFolder}, frames resized to {@code --frame-size}).
 * The data is generated first into {@code --dir} (kept, and reused by a later run) or a temporary
 * folder (deleted). Each measurement runs in a fresh JVM with this one's settings, so its peak
 * resident memory (VmHWM) is its own. The files were just written or read, so they come from the
 * page cache: the times are decoding, not the disk.
 */
final class ImportSpeed {
    static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

    private ImportSpeed() {
    }

    static void run(Options o) throws Exception {
        boolean temporary = o.importDir == null;
        Path dir = temporary ? Files.createTempDirectory("kenning-import") : o.importDir;
        try {
            Path images = dir.resolve("images-" + o.images);
            Path footage = dir.resolve("footage-" + o.sequences + "x" + o.frames);
            long t0 = System.nanoTime();
            boolean madeImages = writeImages(images, o.images);
            boolean madeFootage = writeFootage(footage, o.sequences, o.frames);
            if (madeImages || madeFootage) {
                System.out.printf(Locale.ROOT, "generated the data in %s in %.0f s%n", dir, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%d cores (%s), java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                    Machine.cpuModel(), System.getProperty("java.version"),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            Path cache = Files.createTempDirectory("kenning-import-cache");
            try {
                System.out.printf(Locale.ROOT, "%-52s %8s %10s %9s%n", "what", "seconds", "images/s", "peak MB");
                String folder = o.images + " JPEG 64x64 -> " + o.imageSize + "x" + o.imageSize + "x" + o.channels;
                measure(o, "folder", images, "none", folder + ", decoded");
                measure(o, "folder", images, cache.toString(), folder + ", decoded, cache written");
                measure(o, "folder", images, cache.toString(), folder + ", from the cache");
                measure(o, "footage", footage, "none", o.sequences + " x " + o.frames + " PNG 640x480 -> " + o.frameSize
                        + "x" + o.frameSize + "x3, decoded");
            } finally {
                delete(cache);
            }
        } finally {
            if (temporary) {
                delete(dir);
            }
        }
    }

    /** One measurement in a fresh JVM; prints its row. */
    private static void measure(Options o, String kind, Path data, String cache, String what) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "--import-worker",
                kind + "," + data + "," + cache, "--image-size", String.valueOf(o.imageSize), "--channels",
                String.valueOf(o.channels), "--frame-size", String.valueOf(o.frameSize)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("result ")) {
                    result = line;
                }
            }
        }
        int code = p.waitFor();
        if (result == null) {
            throw new IOException("the " + kind + " worker ended with exit code " + code + " and no result");
        }
        String[] r = result.split(" ");
        double seconds = Double.parseDouble(r[1]);
        int count = Integer.parseInt(r[2]);
        System.out.printf(Locale.ROOT, "%-52s %8.2f %10.0f %9.0f%n", what, seconds, count / seconds, Double.parseDouble(r[3]));
        System.out.flush();
    }

    /** The worker: reads {@code kind,data,cache} once and prints "result SECONDS IMAGES PEAK_MB". */
    static void worker(Options o) {
        String[] a = o.importWorker.split(",", 3);
        Path data = Path.of(a[1]);
        long t0 = System.nanoTime();
        int count;
        if (a[0].equals("folder")) {
            DecodedImageCache cache = a[2].equals("none") ? DecodedImageCache.NONE : DecodedImageCache.in(Path.of(a[2]));
            ImageFolder.Split split = ImageFolder.load(data, CLASSES, new ImageFolder.Reading(o.imageSize, o.channels, 0.2, 0),
                    cache);
            count = split.train().size() + split.test().size();
        } else {
            ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(data, o.frameSize, 1);
            count = loaded.sequences().stream().mapToInt(v -> v.frames()).sum();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "result %.4f %d %.1f%n", seconds, count, Machine.peakRssMb());
    }

    /** {@code count} colour JPEGs of 64×64 in ten class folders (a disc of the class's colour and place on noise). */
    private static boolean writeImages(Path root, int count) throws IOException {
        if (Files.isDirectory(root)) {
            return false;
        }
        Path tmp = root.resolveSibling(root.getFileName() + ".partial");
        delete(tmp);
        for (String c : CLASSES) {
            Files.createDirectories(tmp.resolve(c));
        }
        IntStream.range(0, count).parallel().forEach(i -> {
            int c = i % CLASSES.size();
            Random rnd = new Random(i);
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            int cx = 16 + 3 * c + rnd.nextInt(8);
            int cy = 20 + rnd.nextInt(24);
            int colour = java.awt.Color.HSBtoRGB(c / 10f, 0.8f, 0.9f);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 100;
                    int g = 40 + rnd.nextInt(40);
                    img.setRGB(x, y, in ? colour : g << 16 | g << 8 | g);
                }
            }
            write(img, "jpg", tmp.resolve(CLASSES.get(c)).resolve(String.format(Locale.ROOT, "%05d.jpg", i)));
        });
        Files.move(tmp, root);
        return true;
    }

    /** {@code sequences} folders of {@code frames} 640×480 PNGs: a ball moving over a shaded floor, with sensor-like noise. */
    private static boolean writeFootage(Path root, int sequences, int frames) throws IOException {
        if (Files.isDirectory(root)) {
            return false;
        }
        Path tmp = root.resolveSibling(root.getFileName() + ".partial");
        delete(tmp);
        for (int s = 0; s < sequences; s++) {
            Files.createDirectories(tmp.resolve(String.format(Locale.ROOT, "seq%03d", s)));
        }
        IntStream.range(0, sequences * frames).parallel().forEach(k -> {
            int s = k / frames;
            int f = k % frames;
            Random rnd = new Random(k);
            BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            int bx = 40 + (s * 37 + f * 9) % 560;
            int by = 60 + (int) (300 * Math.abs(Math.sin((f + s) / 9.0)));
            for (int y = 0; y < 480; y++) {
                for (int x = 0; x < 640; x++) {
                    boolean ball = (x - bx) * (x - bx) + (y - by) * (y - by) < 900;
                    int n = rnd.nextInt(9) - 4;
                    int r = ball ? 220 : 90 + y / 6 + n;
                    int g = ball ? 60 : 100 + y / 8 + n;
                    int b = ball ? 40 : 120 + x / 12 + n;
                    img.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            write(img, "png", tmp.resolve(String.format(Locale.ROOT, "seq%03d", s)).resolve(String.format(Locale.ROOT,
                    "%04d.png", f)));
        });
        Files.move(tmp, root);
        return true;
    }

    private static void write(BufferedImage img, String format, Path file) {
        try {
            ImageIO.write(img, format, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path dir) throws IOException {
        dev.kenning.core.FileTree.delete(dir);
    }
}
