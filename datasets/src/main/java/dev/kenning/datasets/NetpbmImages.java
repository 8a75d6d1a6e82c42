package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The netpbm images PIL reads and Java's image readers do not: PBM, PGM and PPM, plain (P1–P3)
 * or raw (P4–P6), 8 or 16 bits a sample (the AT&T / ORL faces are PGM). Samples are read as PIL
 * reads them, scaled from the file's maximum to 0–255 and rounded; a PBM's 1 is black. The
 * header's size is checked against {@link ImageFolder#MAX_PIXELS} before the raster is read.
 */
final class NetpbmImages {
    /** The endings read here. */
    static final Set<String> ENDINGS = Set.of("pbm", "pgm", "ppm", "pnm");

    private NetpbmImages() {
    }

    static boolean isNetpbm(Path file) {
        return ENDINGS.contains(ImageSequenceFolder.ending(file));
    }

    /** Grey (P1, P2, P4, P5) as {@code TYPE_BYTE_GRAY}, colour (P3, P6) as {@code TYPE_INT_RGB}. */
    static BufferedImage read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        }
        Reader r = new Reader(file, b);
        if (b.length < 2 || b[0] != 'P' || b[1] < '1' || b[1] > '6') {
            throw r.bad("not a netpbm image (it starts with P1 to P6)");
        }
        int kind = b[1] - '0';
        r.at = 2;
        int w = r.number("width");
        int h = r.number("height");
        ImageFolder.checkSize(file, w, h);
        if (w <= 0 || h <= 0) {
            throw r.bad("its header gives a size of " + w + " × " + h);
        }
        boolean bits = kind == 1 || kind == 4;
        int max = bits ? 1 : r.number("maximum value");
        if (max < 1 || max > 65535) {
            throw r.bad("its maximum value is " + max + "; 1 to 65535 are read");
        }
        boolean colour = kind == 3 || kind == 6;
        int channels = colour ? 3 : 1;
        int[] samples = new int[w * h * channels];
        if (kind <= 3) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bits ? r.bit() : r.number("sample");
            }
        } else {
            r.at++; // the one whitespace after the header
            if (bits) {
                int row = (w + 7) / 8;
                r.need((long) row * h);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        samples[y * w + x] = (b[r.at + y * row + x / 8] >> (7 - x % 8)) & 1;
                    }
                }
            } else {
                int size = max < 256 ? 1 : 2;
                r.need((long) samples.length * size);
                for (int i = 0; i < samples.length; i++) {
                    int at = r.at + i * size;
                    samples[i] = size == 1 ? b[at] & 0xff : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        if (colour) {
            int[] rgb = new int[w * h];
            for (int p = 0; p < rgb.length; p++) {
                rgb[p] = level(samples[3 * p], max) << 16 | level(samples[3 * p + 1], max) << 8 | level(samples[3 * p + 2], max);
            }
            img.setRGB(0, 0, w, h, rgb, 0, w);
        } else {
            int[] grey = new int[w * h];
            for (int p = 0; p < grey.length; p++) {
                grey[p] = bits ? (samples[p] == 1 ? 0 : 255) : level(samples[p], max);
            }
            img.getRaster().setPixels(0, 0, w, h, grey);
        }
        return img;
    }

    /** A sample on 0–max as a level on 0–255, as PIL scales it. */
    private static int level(int v, int max) {
        if (v > max) {
            v = max;
        }
        return max == 255 ? v : (int) Math.round(v * 255.0 / max);
    }

    /** Reads the header's numbers and a plain raster's samples, whitespace and # comments between them. */
    private static final class Reader {
        private final Path file;
        private final byte[] b;
        int at;

        Reader(Path file, byte[] b) {
            this.file = file;
            this.b = b;
        }

        int number(String what) {
            skip();
            int start = at;
            long v = 0;
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                v = v * 10 + (b[at++] - '0');
                if (v > Integer.MAX_VALUE) {
                    throw bad("its " + what + " is too large");
                }
            }
            if (at == start) {
                throw bad(at >= b.length ? "it ends before its " + what : "its " + what + " is not a number");
            }
            return (int) v;
        }

        /** A plain PBM's pixel: one digit, with or without whitespace around it. */
        int bit() {
            skip();
            if (at >= b.length || (b[at] != '0' && b[at] != '1')) {
                throw bad(at >= b.length ? "it ends before its last pixel" : "a pixel is not 0 or 1");
            }
            return b[at++] - '0';
        }

        void need(long bytes) {
            if (b.length - (long) at < bytes) {
                throw bad("it ends before its last pixel (" + (b.length - at) + " of " + bytes + " bytes)");
            }
        }

        private void skip() {
            while (at < b.length) {
                if (b[at] == '#') {
                    while (at < b.length && b[at] != '\n' && b[at] != '\r') {
                        at++;
                    }
                } else if (Character.isWhitespace(b[at])) {
                    at++;
                } else {
                    return;
                }
            }
        }

        InputError bad(String why) {
            return new InputError(file.toString(), "not a readable netpbm image: " + why);
        }
    }
}
