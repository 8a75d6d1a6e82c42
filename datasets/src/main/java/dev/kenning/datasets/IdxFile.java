package dev.kenning.datasets;

import dev.kenning.core.InputError;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files (LeCun's MNIST format, also Fashion-MNIST's), plain or gzipped: a magic number
 * 0x0000_08_NN (unsigned bytes, NN dimensions), the big-endian sizes, then the bytes.
 * Images come out as [count][rows·cols] floats in [0, 1], labels as ints.
 */
public final class IdxFile {
    private IdxFile() {
    }

    /** Images file: magic 0x00000803, dimensions count, rows, cols. */
    public static float[][] images(Path file, int[] shapeOut) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            int count = dims[0];
            long pixels = (long) dims[1] * dims[2];
            String what = count + " images of " + dims[1] + " × " + dims[2];
            // count × pixels can pass a long's range (found by fuzzing: it wrapped negative and passed the check)
            if (pixels > Integer.MAX_VALUE || (count > 0 && pixels > Long.MAX_VALUE / count)) {
                throw new InputError(file.toString(), "its header promises " + what + ", more than any IDX file Kenning"
                        + " reads can hold: truncated or not this IDX file");
            }
            checkClaim(file, 16, (long) count * pixels, what);
            int size = (int) pixels;
            shapeOut[0] = dims[1];
            shapeOut[1] = dims[2];
            float[][] images = new float[count][size];
            byte[] buffer = new byte[size];
            for (int i = 0; i < count; i++) {
                readFully(in, buffer, file, i);
                for (int p = 0; p < size; p++) {
                    images[i][p] = (buffer[p] & 0xFF) / 255f;
                }
            }
            return images;
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Labels file: magic 0x00000801, one dimension. */
    public static int[] labels(Path file) {
        try (DataInputStream in = open(file)) {
            int count = header(in, file, 1)[0];
            checkClaim(file, 8, count, count + " labels");
            byte[] buffer = new byte[count];
            readFully(in, buffer, file, 0);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = buffer[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /**
     * Writes {@code part}-images-idx3-ubyte and {@code part}-labels-idx1-ubyte (with ".gz" and
     * gzipped if {@code gzip}) into {@code folder}, the layout {@link FashionMnist} reads:
     * {@code pixels[i]} holds image i's rows·cols bytes (0–255), row by row.
     */
    public static void write(Path folder, String part, byte[][] pixels, int[] labels, int rows, int cols, boolean gzip)
            throws IOException {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException(pixels.length + " images but " + labels.length + " labels");
        }
        String suffix = gzip ? ".gz" : "";
        try (DataOutputStream im = create(folder.resolve(part + "-images-idx3-ubyte" + suffix), gzip)) {
            im.writeInt(0x803);
            im.writeInt(pixels.length);
            im.writeInt(rows);
            im.writeInt(cols);
            for (byte[] image : pixels) {
                if (image.length != rows * cols) {
                    throw new IllegalArgumentException("an image of " + image.length + " bytes, not " + rows + "x" + cols);
                }
                im.write(image);
            }
        }
        try (DataOutputStream lb = create(folder.resolve(part + "-labels-idx1-ubyte" + suffix), gzip)) {
            lb.writeInt(0x801);
            lb.writeInt(labels.length);
            for (int label : labels) {
                lb.writeByte(label);
            }
        }
    }

    private static DataOutputStream create(Path file, boolean gzip) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        return new DataOutputStream(gzip ? new GZIPOutputStream(out) : out);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new InputError(file.toString(), "IDX file not found");
        }
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        // gzip's magic bytes 1f 8b
        return new DataInputStream(b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static int[] header(DataInputStream in, Path file, int dimensions) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new InputError(file.toString(), "empty or truncated IDX file (no header)");
        }
        int expected = 0x0800 | dimensions;
        if (magic != expected) {
            throw new InputError(file.toString() + ":byte 0", String.format("not an IDX file of unsigned bytes with %d dimension(s):"
                    + " magic number 0x%08x, expected 0x%08x", dimensions, magic, expected));
        }
        int[] dims = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw new InputError(file.toString() + ":byte " + (4 + 4 * i), "dimension " + i + " is " + dims[i]);
            }
        }
        return dims;
    }

    /** Deflate packs at most 1032 bytes into one: a gzipped file cannot hold more than this many times its size. */
    private static final long GZIP_MAX_RATIO = 1032;

    /**
     * Refuses a header that promises more data than the file can hold, before anything is
     * allocated for it: a header claiming 2³¹−1 images would otherwise end in an OutOfMemoryError.
     */
    private static void checkClaim(Path file, long headerBytes, long dataBytes, String what) throws IOException {
        long onDisk = Files.size(file);
        boolean gzipped = isGzip(file);
        long room = gzipped ? onDisk * GZIP_MAX_RATIO : onDisk - headerBytes;
        if (dataBytes > room) {
            throw new InputError(file.toString(), "its header promises " + what + " (" + dataBytes + " bytes), more than a "
                    + (gzipped ? "gzipped " : "") + "file of " + onDisk + " bytes can hold: truncated or not this IDX file");
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static void readFully(DataInputStream in, byte[] buffer, Path file, int item) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new InputError(file.toString(), "truncated IDX file: the header promises more data than item " + item + " has");
        }
    }
}
