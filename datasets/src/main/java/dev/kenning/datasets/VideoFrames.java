package dev.kenning.datasets;

import dev.kenning.core.FileTree;
import dev.kenning.core.InputError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Video files read as sequences of frames. ffmpeg (Debian's {@code ffmpeg} package) writes each
 * video's frames once into a cache, every decoded frame in order, as {@code 0.jpg}, {@code 1.jpg},
 * … at most {@link #MAX_WIDTH} pixels wide; later reads of the same file (same path, size and
 * modification time) take them from there. A frame's number from 0 is what {@code labels.csv}
 * names it by. The video's own frame rate, as ffprobe reads it, is kept beside the frames, so a
 * run can say when the spec assumes another.
 */
public final class VideoFrames {
    /** The file endings read as video. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "ogv");
    /** Frames wider than this are scaled down as they are written: runs read frames at 512 pixels at most. */
    static final int MAX_WIDTH = 512;
    /** The variable naming Kenning's cache folder; {@code ~/.cache/kenning} if unset. */
    static final String CACHE_VARIABLE = "KENNING_CACHE";

    private VideoFrames() {
    }

    /** A video file, by its ending, not hidden. */
    public static boolean isVideo(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(p) && !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** The sequence name of a video: its file name without the ending. */
    public static String sequenceName(Path video) {
        String n = video.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /**
     * A video's frame files in order, its frame rate (NaN when ffprobe could not tell) and, for a
     * video whose frames are not evenly spaced in time (a phone in low light, a screen recording),
     * how they are spaced, in a few words; "" when they are, or when ffprobe could not tell.
     */
    public record Read(List<Path> frames, double frameRate, String variableRate) {
    }

    /** The frames of {@code video}, written by ffmpeg into the cache the first time, and its frame rate. */
    public static Read read(Path video) {
        return read(video, cache(System.getenv()), "ffmpeg");
    }

    static Read read(Path video, Path cache, String ffmpeg) {
        Path dir = cache.resolve(key(video));
        if (!Files.isDirectory(dir)) {
            extract(video, dir, ffmpeg);
        }
        Path rate = dir.resolve(RATE_FILE);
        if (!Files.exists(rate)) {
            // frames cached before a probe kept its answer (one of a phone's videos lost its rate so) are asked once more
            keepRate(rate, probeRate(video));
        }
        double fps;
        try {
            fps = Double.parseDouble(Files.readString(rate).trim());
        } catch (IOException | NumberFormatException e) {
            fps = Double.NaN;
        }
        Path timing = dir.resolve(TIMING_FILE);
        if (!Files.exists(timing)) {
            try {
                Files.writeString(timing, spacing(probeTimes(video)) + "\n");
            } catch (IOException e) {
                // probed again next time
            }
        }
        String variable;
        try {
            variable = Files.readString(timing).trim();
        } catch (IOException e) {
            variable = "";
        }
        return new Read(ImageSequenceFolder.frames(dir), fps, variable);
    }

    /** Where how the frames are spaced in time is kept beside them ("" for evenly). */
    private static final String TIMING_FILE = "frame-timing.txt";

    /** The presentation times of the first video stream's packets, in seconds, in order; empty if ffprobe could not tell. */
    private static double[] probeTimes(Path video) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "packet=pts_time", "-of", "csv=p=0", video.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return new double[0];
            }
            List<Double> times = new java.util.ArrayList<>();
            for (String line : out.lines().toList()) {
                try {
                    times.add(Double.parseDouble(line.strip().replace(",", "")));
                } catch (NumberFormatException e) {
                    // a packet without a time
                }
            }
            return times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        } catch (IOException e) {
            return new double[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new double[0];
        }
    }

    /**
     * How frames at {@code times} (seconds, sorted) are spaced: "" when evenly, a camera's jitter
     * aside (fewer than one interval in 20 more than a quarter off the median); else the intervals'
     * range and median, and how many are off.
     */
    static String spacing(double[] times) {
        if (times.length < 3) {
            return "";
        }
        double[] gaps = new double[times.length - 1];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = times[i + 1] - times[i];
        }
        double[] sorted = gaps.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        if (!(median > 0)) {
            return "";
        }
        long off = java.util.Arrays.stream(gaps).filter(g -> Math.abs(g - median) > 0.25 * median).count();
        if (off < 2 || off * 20 < gaps.length) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "frames %.3f to %.3f s apart, %d of %d intervals more than a quarter"
                + " off the median %.3f s", sorted[0], sorted[sorted.length - 1], off, gaps.length, median);
    }

    /**
     * Writes the probe's answer beside the frames, "NaN" when ffprobe could not tell, so a video is
     * probed once; a cache that cannot be written is probed again next time.
     */
    private static void keepRate(Path file, double fps) {
        try {
            Files.writeString(file, Double.toString(fps));
        } catch (IOException e) {
            // the rate is probed again next time
        }
    }

    /** Where the frame rate is kept beside the frames. */
    private static final String RATE_FILE = "frame-rate.txt";

    /**
     * ffprobe's frame rate of the first video stream: its average ("30000/1001"), else its base
     * rate where the container gives no average, or NaN. Asked as one {@code key=value} line per
     * entry, so the side data a phone writes with its rotation adds nothing to parse.
     */
    private static double probeRate(Path video) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=avg_frame_rate,r_frame_rate", "-of", "default=noprint_wrappers=1", video.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return Double.NaN;
            }
            return rateOf(out);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The rate in ffprobe's {@code avg_frame_rate=…} and {@code r_frame_rate=…} lines: the average if it is one, else the base rate; NaN if neither. */
    static double rateOf(String probed) {
        Map<String, Double> rates = new java.util.HashMap<>();
        for (String line : probed.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                rates.putIfAbsent(line.substring(0, eq).strip(), fraction(line.substring(eq + 1).strip()));
            }
        }
        double average = rates.getOrDefault("avg_frame_rate", Double.NaN);
        return !Double.isNaN(average) ? average : rates.getOrDefault("r_frame_rate", Double.NaN);
    }

    /** "30000/1001" or "25" as a positive number, else NaN ("0/0" is what ffprobe says when it does not know). */
    private static double fraction(String text) {
        try {
            String[] parts = text.split("/");
            double rate = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])
                    : parts.length == 1 ? Double.parseDouble(parts[0]) : Double.NaN;
            return rate > 0 && Double.isFinite(rate) ? rate : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static Path cache(Map<String, String> environment) {
        String named = environment.get(CACHE_VARIABLE);
        Path root = named != null && !named.isBlank() ? Path.of(named)
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "kenning");
        return root.resolve("video-frames");
    }

    /** The file's absolute path, size and modification time, hashed: a changed or moved file is read again. */
    private static String key(Path video) {
        try {
            String id = video.toAbsolutePath().normalize() + "|" + Files.size(video) + "|" + Files.getLastModifiedTime(video).toMillis()
                    + "|" + MAX_WIDTH;
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return sequenceName(video).replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (IOException e) {
            throw new InputError(video.toString(), "cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** ffmpeg writes the frames into a side folder, moved in whole once complete: an interrupted run leaves nothing half written. */
    private static void extract(Path video, Path dir, String ffmpeg) {
        Path part = dir.resolveSibling(dir.getFileName() + ".part");
        try {
            FileTree.delete(part);
            Files.createDirectories(part);
        } catch (IOException e) {
            throw new InputError(part.toString(), "cannot write the video's frames here: " + e.getMessage());
        }
        List<String> cmd = List.of(ffmpeg, "-nostdin", "-v", "error", "-i", video.toString(), "-vsync", "passthrough",
                "-vf", "scale='min(" + MAX_WIDTH + ",iw)':-2", "-q:v", "2", "-start_number", "0",
                part.resolve("%d.jpg").toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new InputError(video.toString(), "is a video; reading it needs ffmpeg, which this machine lacks: on"
                    + " Debian, apt-get install ffmpeg (or give its frames instead: a folder of PNG or JPEG frames per"
                    + " sequence)");
        }
        String said;
        int code;
        try {
            said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            code = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("reading ffmpeg's output for " + video, e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ffmpeg read " + video, e);
        }
        try {
            if (code != 0) {
                FileTree.delete(part);
                String first = said.isEmpty() ? "exit code " + code : said.lines().reduce((a, b) -> b).orElse(said);
                throw new InputError(video.toString(), "ffmpeg could not read this video: " + first);
            }
            if (ImageSequenceFolder.frames(part).isEmpty()) {
                FileTree.delete(part);
                throw new InputError(video.toString(), "ffmpeg found no frames in this video");
            }
            keepRate(part.resolve(RATE_FILE), probeRate(video));
            Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InputError(dir.toString(), "cannot keep the video's frames here: " + e.getMessage());
        }
    }
}
