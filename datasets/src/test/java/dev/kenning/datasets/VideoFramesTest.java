package dev.kenning.datasets;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Videos as footage, through a real ffmpeg (Debian's ffmpeg package, which .ci/run installs). */
class VideoFramesTest {
    /** Odd frame sizes on purpose: real cameras and crops give them. */
    private final WalkingVideoGenerator walking = new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 45, 33, 4));
    private final Path userCache = VideoFrames.cache(System.getenv());
    private Set<Path> cachedBefore;

    /** Encodes a sequence folder's PNG frames as a video, nearly lossless (MJPEG at the best quality). */
    private static Path encode(Path frames, Path video) throws Exception {
        ffmpeg("-framerate", "15", "-i", frames.resolve("frame_%03d.png").toString(), "-c:v", "mjpeg", "-q:v", "1",
                "-pix_fmt", "yuvj444p", video.toString());
        return video;
    }

    /** Runs ffmpeg quietly with {@code args}; what it says is the failure's message. */
    private static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
    }

    /** One generated walk of 12 frames (45x33, 15 fps) as an MJPEG video in {@code tmp}. */
    private Path oneWalk(Path tmp) throws Exception {
        Path frames = tmp.resolve("frames");
        VideoFolderWriter.write(walking.generate(4, 0, 1), frames);
        return encode(frames.resolve(walking.generate(4, 0).id()), tmp.resolve("walk.avi"));
    }

    private Set<Path> cached() throws IOException {
        if (!Files.isDirectory(userCache)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(userCache)) {
            return Set.copyOf(s.toList());
        }
    }

    @AfterEach
    void removeWhatTheTestCached() throws IOException {
        if (cachedBefore == null) {
            return;
        }
        for (Path p : cached()) {
            if (!cachedBefore.contains(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }

    @Test
    void aFolderOfVideosAndFrameFoldersIsReadWithItsLabels(@TempDir Path tmp) throws Exception {
        cachedBefore = cached();
        List<Video> videos = walking.generate(3, 0, 2);
        Path written = tmp.resolve("written");
        VideoFolderWriter.write(videos, written);
        ImageSequenceFolder.Loaded original = ImageSequenceFolder.load(written, 16, 5);
        Path footage = Files.createDirectories(tmp.resolve("footage"));
        // one sequence as a video, the other as its frames, labels naming the video's frames by number
        encode(written.resolve(videos.get(0).id()), footage.resolve("clip.avi"));
        Files.move(written.resolve(videos.get(1).id()), footage.resolve(videos.get(1).id()));
        List<String> rows = new ArrayList<>(List.of("sequence,frame,value"));
        for (int i = 0; i < 12; i++) {
            // a video named by its file too, as a user who sees the file may write it
            rows.add((i == 7 ? "clip.avi," : "clip,") + i + "," + videos.get(0).truth()[i]);
        }
        rows.add(videos.get(1).id() + ",frame_004.png,2.5");
        rows.add(videos.get(1).id() + ",frame_005,3.5"); // a frame file named without its ending
        Files.write(footage.resolve("labels.csv"), rows);

        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(footage, 16, 5);
        assertEquals(List.of(videos.get(1).id(), "clip"), loaded.sequences().stream().map(Video::id).toList(),
                "frame folders first, then videos, each in name order");
        Video clip = loaded.sequences().get(1);
        assertEquals(12, clip.frames(), "every frame of the video");
        assertEquals(14, loaded.labelledFrames());
        assertEquals(Map.of("clip", 15.0), loaded.videoFrameRates(), "the video's own frame rate; a frame folder has none");
        assertEquals(videos.get(0).truth()[7], clip.truth()[7], 1e-9);
        assertEquals(3.5, loaded.sequences().get(0).truth()[5], 1e-12);
        // a video's frames are named by number, as its labels name them; a folder's by file
        assertEquals(List.of("0", "1", "2"), loaded.frameNames().get(1).subList(0, 3));
        assertEquals("frame_004.png", loaded.frameNames().get(0).get(4));
        // the same pixels as the frames it was made from, up to the video's compression
        float[] a = original.sequences().get(0).pixels();
        float[] b = clip.pixels();
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            err += Math.abs(a[i] - b[i]);
        }
        assertTrue(err / a.length < 0.03, "mean pixel difference " + err / a.length);
    }

    @Test
    void framesAreWrittenOnceAndThenReadFromTheCache(@TempDir Path tmp) throws Exception {
        Path video = oneWalk(tmp);
        Path cache = tmp.resolve("cache");
        VideoFrames.Read read = VideoFrames.read(video, cache, "ffmpeg");
        List<Path> first = read.frames();
        assertEquals(12, first.size());
        assertEquals("0.jpg", first.get(0).getFileName().toString());
        assertEquals("11.jpg", first.get(11).getFileName().toString(), "in number order");
        assertEquals(15.0, read.frameRate(), 1e-9, "as encoded");
        // a second read needs no ffmpeg at all
        assertEquals(first, VideoFrames.read(video, cache, "no-such-ffmpeg").frames());
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(1, s.count(), "no side folder left behind");
        }
    }

    /**
     * A phone films upright by storing its frames turned and saying so in the file (display
     * rotation side data): ffmpeg turns the frames, and the frame rate is still read. ffprobe's CSV
     * output gave such a file's rate a trailing comma, "25/1,", which read as no rate at all.
     */
    @Test
    void aVideoFilmedUprightOnAPhoneKeepsItsFrameRateAndIsTurned(@TempDir Path tmp) throws Exception {
        Path phone = tmp.resolve("phone.mov");
        ffmpeg("-i", oneWalk(tmp).toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90", phone.toString());

        VideoFrames.Read read = VideoFrames.read(phone, tmp.resolve("cache"), "ffmpeg");

        assertEquals(15.0, read.frameRate(), 1e-9, "the rate the video was encoded at");
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(read.frames().get(0).toFile());
        // 45x33 frames stood upright: 33 wide, 45 tall (46: the extraction keeps a height even)
        assertTrue(first.getWidth() == 33 && Math.abs(first.getHeight() - 45) <= 1, first.getWidth() + "x" + first.getHeight());
        // a cache written without the rate (as before this was mended) is asked again, and keeps it
        Files.delete(read.frames().get(0).getParent().resolve("frame-rate.txt"));
        assertEquals(15.0, VideoFrames.read(phone, tmp.resolve("cache"), "no-such-ffmpeg").frameRate(), 1e-9);
        assertTrue(Files.exists(read.frames().get(0).getParent().resolve("frame-rate.txt")));
    }

    @Test
    void ffprobesRatesReadAsTheAverageElseTheBaseRate() {
        assertEquals(30000.0 / 1001, VideoFrames.rateOf("r_frame_rate=30000/1001\navg_frame_rate=30000/1001\n"), 1e-12);
        assertEquals(25.0, VideoFrames.rateOf("r_frame_rate=25/1\navg_frame_rate=0/0\n"), 1e-12, "no average known");
        assertTrue(Double.isNaN(VideoFrames.rateOf("r_frame_rate=0/0\navg_frame_rate=0/0\n")));
        assertTrue(Double.isNaN(VideoFrames.rateOf("")));
    }

    @Test
    void withoutFfmpegTheErrorSaysHowToGetIt(@TempDir Path tmp) throws Exception {
        Path video = Files.write(tmp.resolve("walk.mp4"), new byte[]{1, 2, 3});
        InputError e = assertThrows(InputError.class, () -> VideoFrames.read(video, tmp.resolve("cache"), "no-such-ffmpeg"));
        assertTrue(e.getMessage().contains("apt-get install ffmpeg"), e.getMessage());
        assertTrue(e.getMessage().contains(video.toString()), e.getMessage());
    }

    @Test
    void aBrokenVideoIsNamedAndLeavesNothingInTheCache(@TempDir Path tmp) throws Exception {
        Path video = Files.writeString(tmp.resolve("broken.mp4"), "not a video at all");
        Path cache = tmp.resolve("cache");
        InputError e = assertThrows(InputError.class, () -> VideoFrames.read(video, cache, "ffmpeg"));
        assertTrue(e.getMessage().contains("ffmpeg could not read this video"), e.getMessage());
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(0, s.count(), "nothing cached for a video that could not be read");
        }
    }

    @Test
    void aFileThatIsNoVideoIsRefusedNamingWhatIsRead(@TempDir Path tmp) throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "hello");
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(notes, 16, 5));
        assertTrue(e.getMessage().contains("neither a folder of frames nor a video") && e.getMessage().contains("mp4"),
                e.getMessage());
    }

    @Test
    void theCacheFollowsKenningCache() {
        assertEquals(Path.of("/somewhere/video-frames"), VideoFrames.cache(Map.of("KENNING_CACHE", "/somewhere")));
        assertEquals(Path.of("/home/u/.cache/kenning/video-frames"), VideoFrames.cache(Map.of("HOME", "/home/u")));
    }

    /** Frames evenly spaced, a camera's jitter aside, are one rate; a clip that drops from 15 to 7.5 fps is not. */
    @Test
    void aVariableFrameRateIsToldFromJitter() {
        double[] even = new double[60];
        java.util.Random jitter = new java.util.Random(3);
        for (int i = 0; i < even.length; i++) {
            even[i] = i / 30.0 + jitter.nextGaussian() * 0.002;
        }
        java.util.Arrays.sort(even);
        assertEquals("", VideoFrames.spacing(even));
        double[] dropping = new double[80];
        for (int i = 1; i < dropping.length; i++) {
            dropping[i] = dropping[i - 1] + (i <= 40 ? 1 / 15.0 : 2 / 15.0);
        }
        assertEquals("frames 0.067 to 0.133 s apart, 39 of 79 intervals more than a quarter off the median 0.067 s",
                VideoFrames.spacing(dropping));
    }
}
