package dev.kenning.datasets;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Saves videos for a person to look at, in the image-sequence folder format: one subfolder
 * per video with {@code frame_000.png …}, and {@code labels.csv} with columns
 * {@code sequence,frame,value} (frame = the file name); a frame without a true value (NaN) has no row.
 */
public final class VideoFolderWriter {
    private VideoFolderWriter() {
    }

    public static void write(List<Video> videos, Path root) {
        write(videos, root, "png");
    }

    /** As {@link #write(List, Path)}, with frames as "png" (lossless) or "jpg" (as cameras save them). */
    public static void write(List<Video> videos, Path root, String format) {
        write(videos.size(), videos::get, root, format);
    }

    /**
     * As above, video {@code i} of {@code count} made by {@code video} only when it is written, so one
     * video's frames are held at a time (eight 80-frame clips at 1280×720 are 7 GB of floats together).
     */
    public static void write(int count, java.util.function.IntFunction<Video> video, Path root, String format) {
        if (!format.equals("png") && !format.equals("jpg")) {
            throw new IllegalArgumentException("frame format must be png or jpg, got " + format);
        }
        try {
            Files.createDirectories(root);
            try (Writer labels = Files.newBufferedWriter(root.resolve("labels.csv"))) {
                labels.write("sequence,frame,value\n");
                for (int i = 0; i < count; i++) {
                    Video v = video.apply(i);
                    Path dir = Files.createDirectories(root.resolve(v.id()));
                    for (int f = 0; f < v.frames(); f++) {
                        String name = String.format(Locale.ROOT, "frame_%03d.%s", f, format);
                        ImageIO.write(toImage(v, f), format, dir.resolve(name).toFile());
                        if (!Double.isNaN(v.truth()[f])) { // an unlabelled frame has no row
                            labels.write(String.format(Locale.ROOT, "%s,%s,%.6f%n", v.id(), name, v.truth()[f]));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write videos to " + root, e);
        }
    }

    /** Frame {@code f} of {@code v} as an RGB image (grey if the video has one channel). */
    public static BufferedImage toImage(Video v, int f) {
        int w = v.width();
        int h = v.height();
        int plane = w * h;
        int base = f * v.frameSize();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int ch = Math.min(c, v.channels() - 1);
                    int val = Math.round(v.pixels()[base + ch * plane + y * w + x] * 255f);
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, val));
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }
}
