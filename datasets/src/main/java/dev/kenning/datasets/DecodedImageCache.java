package dev.kenning.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Decoded and resized images kept on disk, so a second run on the same image folder skips
 * decoding. An entry is keyed by the SHA-256 of every file's path, size and modification time,
 * the image size and the channels: changing, adding or removing an image, or asking for another
 * size, misses. Values that are all whole 255ths (what PNG and JPEG decode to) are stored as
 * bytes, others as floats, so a cached image is the decoded one to every bit. Entries are written
 * whole to a temporary file and moved into place; one that does not read back whole is a miss.
 * The least recently used entries are deleted once the folder holds more than {@link #MAX_BYTES}.
 */
public final class DecodedImageCache {
    /** The most the cache folder holds before its least recently used entries are deleted. */
    public static final long MAX_BYTES = 2L << 30;
    private static final int MAGIC = 0x4B494D47; // "KIMG"
    /**
     * 2: grey images with alpha and CMYK JPEGs read as the values they store ({@code ImageFolder.plain});
     * 3: large images shrunk by halving first ({@code ImageFolder.resized});
     * 4: a truncated JPEG refused, where it was decoded with grey rows (so none is served from before);
     * 5: a JPEG turned as its EXIF orientation says.
     */
    private static final int VERSION = 5;
    private static final byte BYTES = 0;
    private static final byte FLOATS = 1;
    /** magic, version, images, values per image (ints), encoding (a byte) */
    private static final int HEADER = 17;

    private final Path folder;

    private DecodedImageCache(Path folder) {
        this.folder = folder;
    }

    /** A cache in {@code folder} (made when first written). */
    public static DecodedImageCache in(Path folder) {
        return new DecodedImageCache(folder);
    }

    /** No cache: every image is decoded. */
    public static final DecodedImageCache NONE = new DecodedImageCache(null);

    /** Images, and whether they came from the cache (else {@code note} says whether they were stored). */
    public record Images(float[][] pixels, boolean cached, String note) {
    }

    /**
     * The images of {@code files}, each {@code channels × size × size} values: the cache's entry
     * for them if there is one, else {@code decode}'s, stored for the next run.
     */
    public Images images(List<Path> files, int size, int channels, Supplier<float[][]> decode) {
        return images("", files, size, channels, decode);
    }

    /**
     * As above for images decoded another way, named by {@code kind} (footage frames: {@code
     * "footage"}), whose entries are kept apart from the image folders' even for the same files.
     */
    public Images images(String kind, List<Path> files, int size, int channels, Supplier<float[][]> decode) {
        if (folder == null || files.isEmpty()) {
            return new Images(decode.get(), false, "");
        }
        Path entry;
        try {
            entry = folder.resolve(key(kind, files, size, channels) + ".bin");
        } catch (IOException e) {
            return new Images(decode.get(), false, "");
        }
        float[][] hit = read(entry, files.size(), channels * size * size);
        if (hit != null) {
            try {
                Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // only the eviction order suffers
            }
            return new Images(hit, true, "");
        }
        float[][] pixels = decode.get();
        for (float[] image : pixels) {
            if (image.length != channels * size * size) {
                throw new IllegalArgumentException("decoded " + image.length + " values, expected " + channels + "x" + size + "x" + size);
            }
        }
        try {
            write(entry, pixels, size, channels);
            evict();
            return new Images(pixels, false, Files.exists(entry) ? "; kept in the decode cache " + folder
                    : "; too large for the decode cache (" + MAX_BYTES + " bytes at most)");
        } catch (IOException e) {
            return new Images(pixels, false, "; the decode cache " + folder + " could not be written (" + e.getMessage() + ")");
        }
    }

    /** The entry's name: SHA-256 over the format, the size and channels, and each file's path, length and time. */
    static String key(List<Path> files, int size, int channels) throws IOException {
        return key("", files, size, channels);
    }

    /** As above, with the way the images were decoded when it is not an image folder's ({@code kind} not empty). */
    private static String key(String kind, List<Path> files, int size, int channels) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        // an image folder's entries keep the keys they had before kinds were named
        sha.update(("kenning decoded images " + VERSION + (kind.isEmpty() ? "" : " " + kind) + " " + size + " " + channels
                + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            Path p = f.toAbsolutePath().normalize();
            sha.update((p + "\t" + Files.size(p) + "\t" + Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS)
                    + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static boolean wholeByteValues(float[][] pixels) {
        for (float[] image : pixels) {
            for (float v : image) {
                int b = Math.round(v * 255f);
                if (b < 0 || b > 255 || b / 255f != v) {
                    return false;
                }
            }
        }
        return true;
    }

    private void write(Path entry, float[][] pixels, int size, int channels) throws IOException {
        Files.createDirectories(folder);
        int values = channels * size * size;
        boolean bytes = wholeByteValues(pixels);
        Path tmp = Files.createTempFile(folder, "entry", ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(pixels.length).putInt(values).put(bytes ? BYTES : FLOATS).flip();
            writeFully(out, header);
            ByteBuffer buf = ByteBuffer.allocateDirect(values * (bytes ? 1 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] image : pixels) {
                buf.clear();
                for (float v : image) {
                    if (bytes) {
                        buf.put((byte) Math.round(v * 255f));
                    } else {
                        buf.putFloat(v);
                    }
                }
                buf.flip();
                writeFully(out, buf);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** The entry's images, or null if it is missing or not exactly {@code count} images of {@code values} values. */
    private static float[][] read(Path entry, int count, int values) {
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        try (FileChannel in = FileChannel.open(entry, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            if (!readFully(in, header)) {
                return null;
            }
            header.flip();
            if (header.getInt() != MAGIC || header.getInt() != VERSION || header.getInt() != count || header.getInt() != values) {
                return null;
            }
            byte encoding = header.get();
            int width = encoding == BYTES ? 1 : 4;
            if (in.size() != HEADER + (long) count * values * width) {
                return null;
            }
            float[][] pixels = new float[count][values];
            ByteBuffer buf = ByteBuffer.allocateDirect(values * width).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] image : pixels) {
                buf.clear();
                if (!readFully(in, buf)) {
                    return null;
                }
                buf.flip();
                for (int i = 0; i < values; i++) {
                    image[i] = encoding == BYTES ? (buf.get() & 0xff) / 255f : buf.getFloat();
                }
            }
            return pixels;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean readFully(FileChannel in, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes the least recently used entries while the folder holds more than {@link #MAX_BYTES}.
     * Another run may delete entries meanwhile: an entry gone already counts as nothing.
     */
    private void evict() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList());
        }
        entries.sort(Comparator.comparing(DecodedImageCache::lastUsed).reversed());
        long total = 0;
        for (Path e : entries) {
            try {
                total += Files.size(e);
            } catch (IOException gone) {
                continue;
            }
            if (total > MAX_BYTES) {
                Files.deleteIfExists(e);
            }
        }
    }

    private static FileTime lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
