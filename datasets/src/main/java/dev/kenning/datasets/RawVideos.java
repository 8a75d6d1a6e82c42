package dev.kenning.datasets;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Videos as plain arrays another implementation can read without a decoder (NumPy's
 * {@code fromfile}): {@code frames.f32}, every frame of every video in order, channel-major,
 * little-endian float32; {@code truth.f32}, one value per frame (NaN when unlabelled);
 * {@code lengths.txt}, one video's frame count per line; {@code shape.txt}, "channels height width".
 */
public final class RawVideos {
    private RawVideos() {
    }

    /** Writes {@code videos} (all of one frame shape) into {@code dir}, created if missing. */
    public static void write(List<Video> videos, Path dir) throws IOException {
        if (videos.isEmpty()) {
            throw new IllegalArgumentException("no videos to write to " + dir);
        }
        Video first = videos.get(0);
        Files.createDirectories(dir);
        StringBuilder lengths = new StringBuilder();
        try (OutputStream f = new BufferedOutputStream(Files.newOutputStream(dir.resolve("frames.f32")));
             OutputStream t = new BufferedOutputStream(Files.newOutputStream(dir.resolve("truth.f32")))) {
            for (Video v : videos) {
                if (v.channels() != first.channels() || v.height() != first.height() || v.width() != first.width()) {
                    throw new IllegalArgumentException(v.id() + " has frames of another shape than " + first.id());
                }
                ByteBuffer b = ByteBuffer.allocate(v.pixels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v.pixels());
                f.write(b.array());
                ByteBuffer tb = ByteBuffer.allocate(v.frames() * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (double d : v.truth()) {
                    tb.putFloat((float) d);
                }
                t.write(tb.array());
                lengths.append(v.frames()).append('\n');
            }
        }
        Files.writeString(dir.resolve("lengths.txt"), lengths, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("shape.txt"), first.channels() + " " + first.height() + " " + first.width() + "\n",
                StandardCharsets.UTF_8);
    }
}
