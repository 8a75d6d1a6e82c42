package dev.kenning.datasets;

import dev.kenning.core.FileTree;
import dev.kenning.core.InputError;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HEIF images, the HEIC photos phones save and AVIF, decoded by libheif's {@code heif-convert}
 * (Debian's {@code libheif-examples}, whose libheif decodes HEVC with libde265 and AV1 with dav1d)
 * into a PNG that is then read as any PNG. Java's image readers have neither. The primary image is
 * the one read (a file may hold several: a burst, a thumbnail); its size is read by {@code
 * heif-info} before anything is decoded, so a header claiming more than {@link
 * ImageFolder#MAX_PIXELS} is refused as for the other kinds. The rotation and mirroring a HEIF
 * stores are part of its image (the format requires them applied), and libheif applies them.
 */
final class HeifImages {
    /** The decoder and the reader of sizes Debian's {@code libheif-examples} installs. */
    static final String DECODER = "heif-convert";
    static final String INFO = "heif-info";
    /** The endings read here. */
    static final Set<String> ENDINGS = Set.of("heic", "heif", "hif", "avif");
    /** heif-info's line per top-level image: "image: 4032x3024 (id=1), primary". */
    private static final Pattern IMAGE = Pattern.compile("(?m)^image: (\\d+)x(\\d+) \\(id=\\d+\\)(, primary)?");

    private HeifImages() {
    }

    static boolean isHeif(Path file) {
        return ENDINGS.contains(ImageSequenceFolder.ending(file));
    }

    /** The primary image, decoded. */
    static BufferedImage read(Path file) {
        Layout layout = layout(file);
        ImageFolder.checkSize(file, layout.width(), layout.height());
        Path dir;
        try {
            dir = Files.createTempDirectory("kenning-heif");
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot make a temporary folder to decode it in: " + e.getMessage());
        }
        try {
            Ran ran = run(file, DECODER, "--quiet", file.toString(), dir.resolve("image.png").toString());
            // heif-convert numbers its outputs when the file holds more than one image, in the file's order
            Path png = dir.resolve(layout.images() == 1 ? "image.png" : "image-" + (layout.primary() + 1) + ".png");
            if (ran.code() != 0 || !Files.isRegularFile(png)) {
                throw new InputError(file.toString(), "not a readable " + kind(file) + " image (" + DECODER + ": "
                        + (ran.said().isEmpty() ? "no image" : ran.said()) + ")");
            }
            return ImageFolder.read(png);
        } finally {
            try {
                FileTree.delete(dir);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /** How many top-level images the file holds, which is primary (from 0), and its size. */
    record Layout(int images, int primary, long width, long height) {
    }

    static Layout layout(Path file) {
        Ran info = run(file, INFO, file.toString());
        if (info.code() != 0) {
            throw new InputError(file.toString(), "not a readable " + kind(file) + " image (" + INFO + ": "
                    + (info.said().isEmpty() ? "no image" : info.said().lines().reduce((a, b) -> b).orElse("")) + ")");
        }
        return layoutOf(file, info.said());
    }

    /** The layout heif-info's report gives: the primary image, else the first. */
    static Layout layoutOf(Path file, String report) {
        Matcher m = IMAGE.matcher(report);
        List<long[]> sizes = new ArrayList<>();
        int primary = -1;
        while (m.find()) {
            if (m.group(3) != null && primary < 0) {
                primary = sizes.size();
            }
            sizes.add(new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        if (sizes.isEmpty()) {
            throw new InputError(file.toString(), "not a readable " + kind(file) + " image (" + INFO + " found no image in it)");
        }
        int chosen = Math.max(primary, 0);
        return new Layout(sizes.size(), chosen, sizes.get(chosen)[0], sizes.get(chosen)[1]);
    }

    private static String kind(Path file) {
        return ImageSequenceFolder.ending(file).equals("avif") ? "AVIF" : "HEIC/HEIF";
    }

    private record Ran(int code, String said) {
    }

    /** Runs one of libheif's tools on {@code file}: its exit code and what it printed. */
    private static Ran run(Path file, String... command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new InputError(file.toString(), "is a" + (kind(file).equals("AVIF") ? "n AVIF" : " HEIC/HEIF") + " image;"
                    + " reading it needs libheif's " + command[0] + ", which this machine lacks: on Debian, apt-get install"
                    + " libheif-examples");
        }
        try {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new Ran(p.waitFor(), said);
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read " + command[0] + "'s output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command[0] + " read " + file, e);
        } finally {
            p.destroy();
        }
    }
}
