package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * WebP images, decoded by libwebp's own {@code dwebp} (Debian's {@code webp} package), the library
 * PIL decodes them with for torchvision: the same values to the last one (a lossy photo of 320 × 256
 * measured identical, fancy chroma upsampling and all). Java's image readers have no WebP; the one
 * Java decoder on Maven Central (TwelveMonkeys 3.14.0) drifts in colour down a lossy frame (its
 * mean red 4.9 levels off PIL's by the last rows), so it is not used. The canvas size is read from
 * the file's own header before anything is decoded, so a header claiming more than {@link
 * ImageFolder#MAX_PIXELS} is refused as for the other kinds.
 */
final class WebpImages {
    /** The decoder Debian's {@code webp} package installs. */
    static final String DECODER = "dwebp";

    private WebpImages() {
    }

    /** The ending read here. */
    static final String ENDING = "webp";

    static boolean isWebp(Path file) {
        return ImageSequenceFolder.ending(file).equals(ENDING);
    }

    /** The image, opaque as {@code TYPE_INT_RGB}, with transparency as {@code TYPE_4BYTE_ABGR} (as a PNG with alpha decodes). */
    static BufferedImage read(Path file) {
        long[] size = canvas(file);
        ImageFolder.checkSize(file, size[0], size[1]);
        Process p;
        try {
            p = new ProcessBuilder(DECODER, "-quiet", file.toString(), "-pam", "-o", "-").redirectErrorStream(false).start();
        } catch (IOException missing) {
            throw new InputError(file.toString(), "is a WebP image; reading it needs libwebp's dwebp, which this machine lacks:"
                    + " on Debian, apt-get install webp");
        }
        try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
            byte[] pam = out.readAllBytes();
            String said = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || pam.length == 0) {
                throw new InputError(file.toString(), "not a readable WebP image (dwebp: " + (said.isEmpty() ? "no image" : said)
                        + (animated(file) ? "; an animated WebP: save the frame to use as a still image" : "") + ")");
            }
            return fromPam(file, pam);
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read dwebp's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dwebp read " + file, e);
        } finally {
            p.destroy();
        }
    }

    /** A PAM of 8-bit RGBA samples, as dwebp writes it. */
    static BufferedImage fromPam(Path file, byte[] pam) {
        Map<String, String> header = new HashMap<>();
        int at = 0;
        while (true) {
            int end = indexOf(pam, (byte) '\n', at);
            if (end < 0) {
                throw new InputError(file.toString(), "dwebp wrote no PAM header");
            }
            String line = new String(pam, at, end - at, StandardCharsets.US_ASCII).strip();
            at = end + 1;
            if (line.equals("ENDHDR")) {
                break;
            }
            int space = line.indexOf(' ');
            if (space > 0) {
                header.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        int w = Integer.parseInt(header.getOrDefault("WIDTH", "0"));
        int h = Integer.parseInt(header.getOrDefault("HEIGHT", "0"));
        int depth = Integer.parseInt(header.getOrDefault("DEPTH", "0"));
        if (w <= 0 || h <= 0 || depth != 4 || !"255".equals(header.get("MAXVAL")) || pam.length - at < (long) w * h * 4) {
            throw new InputError(file.toString(), "dwebp wrote a PAM Kenning does not read: " + header);
        }
        boolean opaque = true;
        for (int i = at + 3; i < at + w * h * 4; i += 4) {
            if ((pam[i] & 0xff) != 255) {
                opaque = false;
                break;
            }
        }
        BufferedImage img = new BufferedImage(w, h, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_4BYTE_ABGR);
        if (opaque) {
            int[] rgb = new int[w * h];
            for (int k = 0, i = at; k < rgb.length; k++, i += 4) {
                rgb[k] = (pam[i] & 0xff) << 16 | (pam[i + 1] & 0xff) << 8 | (pam[i + 2] & 0xff);
            }
            img.setRGB(0, 0, w, h, rgb, 0, w);
        } else {
            int[] samples = new int[w * h * 4]; // R, G, B, A: the raster's bands
            for (int k = 0; k < samples.length; k++) {
                samples[k] = pam[at + k] & 0xff;
            }
            img.getRaster().setPixels(0, 0, w, h, samples);
        }
        return img;
    }

    /**
     * Width and height from the RIFF header (the VP8X canvas, or a simple file's VP8 or VP8L
     * frame), read before decoding; an unreadable header gives {0, 0} and dwebp says why.
     */
    static long[] canvas(Path file) {
        byte[] b = new byte[30];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, b.length);
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        }
        if (n < 30 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WEBP")) {
            return new long[]{0, 0};
        }
        if (ascii(b, 12, "VP8X")) {
            return new long[]{1 + u24(b, 24), 1 + u24(b, 27)};
        }
        if (ascii(b, 12, "VP8 ")) {
            return new long[]{u16(b, 26) & 0x3fff, u16(b, 28) & 0x3fff};
        }
        if (ascii(b, 12, "VP8L")) {
            long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
            return new long[]{1 + (bits & 0x3fff), 1 + (bits >> 14 & 0x3fff)};
        }
        return new long[]{0, 0};
    }

    private static boolean animated(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(21);
            return b.length == 21 && ascii(b, 12, "VP8X") && (b[20] & 0x02) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long u16(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8;
    }

    private static long u24(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
