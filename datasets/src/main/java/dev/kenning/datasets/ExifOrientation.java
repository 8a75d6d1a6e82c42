package dev.kenning.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The orientation a camera records in a JPEG's EXIF block (tag 0x0112): a phone stores the sensor's
 * pixels as they came and says how to turn them, so a photo taken upright is stored sideways with
 * orientation 6. Every viewer, OpenCV's {@code imread} and ffmpeg for videos apply it; PIL leaves it
 * to {@code ImageOps.exif_transpose}. Kenning applies it, so frames and photos are the pictures the
 * user sees, and a phone's frames stand as its videos do.
 */
final class ExifOrientation {
    /** Orientation 1: stored as it is to be seen. */
    static final int UPRIGHT = 1;
    /** How far into a JPEG the EXIF block is looked for: it comes right after the start. */
    private static final int SEARCHED = 1 << 16;

    private ExifOrientation() {
    }

    /**
     * The EXIF orientation of a JPEG (1 … 8), or {@link #UPRIGHT} when the file is not a JPEG, has
     * no EXIF block or no orientation tag, or the block cannot be read (the image is then taken as
     * stored, as a viewer would).
     */
    static int of(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] soi = in.readNBytes(2);
            if (soi.length < 2 || (soi[0] & 0xff) != 0xFF || (soi[1] & 0xff) != 0xD8) {
                return UPRIGHT; // not a JPEG: nothing more read
            }
            byte[] rest = in.readNBytes(SEARCHED - 2);
            head = new byte[2 + rest.length];
            System.arraycopy(soi, 0, head, 0, 2);
            System.arraycopy(rest, 0, head, 2, rest.length);
        } catch (IOException e) {
            return UPRIGHT;
        }
        if (head.length < 4) {
            return UPRIGHT;
        }
        int at = 2;
        while (at + 4 <= head.length && (head[at] & 0xff) == 0xFF) {
            int marker = head[at + 1] & 0xff;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return UPRIGHT; // the scan (or the end) begins: no EXIF block before it
            }
            int length = ((head[at + 2] & 0xff) << 8) | (head[at + 3] & 0xff);
            if (length < 2) {
                return UPRIGHT;
            }
            int body = at + 4;
            if (marker == 0xE1 && body + 6 <= head.length && head[body] == 'E' && head[body + 1] == 'x' && head[body + 2] == 'i'
                    && head[body + 3] == 'f' && head[body + 4] == 0 && head[body + 5] == 0) {
                return fromTiff(head, body + 6, Math.min(head.length, at + 2 + length));
            }
            at += 2 + length;
        }
        return UPRIGHT;
    }

    /** The orientation tag of the TIFF structure at {@code start} (up to {@code end}), else upright. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (start + 8 > end) {
            return UPRIGHT;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = u16(b, (int) (start + ifd), little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) (start + ifd + 2 + 12L * i);
            if (entry + 12 > end) {
                return UPRIGHT;
            }
            if (u16(b, entry, little) == 0x0112) {
                int value = u16(b, entry + 8, little); // a SHORT, left-justified in the value field
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at, boolean little) {
        return little ? ((long) u16(b, at + 2, true) << 16) | u16(b, at, true) : ((long) u16(b, at, false) << 16) | u16(b, at + 2, false);
    }

    /**
     * The image as it is to be seen: for orientation 2 mirrored, 3 turned half round, 4 flipped, 5
     * transposed, 6 turned a quarter clockwise, 7 transposed the other way, 8 a quarter
     * anticlockwise; orientation 1 (or any other) returns the image itself.
     */
    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swaps = orientation >= 5;
        boolean grey = src.getType() == BufferedImage.TYPE_BYTE_GRAY; // copied as stored: getRGB would brighten it
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        java.awt.image.Raster in = src.getRaster();
        java.awt.image.WritableRaster o = out.getRaster();
        for (int y2 = 0; y2 < out.getHeight(); y2++) {
            for (int x2 = 0; x2 < out.getWidth(); x2++) {
                // the stored pixel seen at (x2, y2)
                int x = switch (orientation) {
                    case 2, 3 -> w - 1 - x2;
                    case 4 -> x2;
                    case 5, 6 -> y2;
                    default -> w - 1 - y2; // 7, 8
                };
                int y = switch (orientation) {
                    case 2 -> y2;
                    case 3, 4 -> h - 1 - y2;
                    case 5, 8 -> x2;
                    default -> h - 1 - x2; // 6, 7
                };
                if (grey) {
                    o.setSample(x2, y2, 0, in.getSample(x, y, 0));
                } else {
                    out.setRGB(x2, y2, src.getRGB(x, y));
                }
            }
        }
        return out;
    }
}
