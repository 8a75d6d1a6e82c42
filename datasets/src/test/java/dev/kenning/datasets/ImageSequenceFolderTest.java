package dev.kenning.datasets;

import dev.kenning.core.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageSequenceFolderTest {
    private final WalkingVideoGenerator walking = new WalkingVideoGenerator(new WalkingVideoConfig(10, 15, 32, 32, 4));

    @Test
    void readsWhatTheWriterSavedWithItsLabels(@TempDir Path dir) {
        List<Video> videos = walking.generate(1, 0, 2);
        VideoFolderWriter.write(videos, dir);
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 32, 5);
        assertEquals(2, loaded.sequences().size());
        assertEquals(20, loaded.labelledFrames());
        Video back = loaded.sequences().get(0);
        assertEquals(videos.get(0).id(), back.id());
        for (int i = 0; i < back.frames(); i++) {
            assertEquals(videos.get(0).truth()[i], back.truth()[i], 1e-5);
        }
        double err = 0;
        for (int i = 0; i < back.pixels().length; i++) {
            err = Math.max(err, Math.abs(back.pixels()[i] - videos.get(0).pixels()[i]));
        }
        assertTrue(err <= 1.0 / 255 + 1e-6, "PNG round trip should be lossless to 8 bits, max error " + err);
    }

    /**
     * Frames decoded once, per sequence, and then read from the decode cache to every bit; the labels
     * are read afresh each time, and a sequence with a frame changed is decoded again, alone.
     */
    @Test
    void aSecondReadTakesEachSequencesFramesFromTheDecodeCache(@TempDir Path dir) throws Exception {
        Path footage = dir.resolve("footage");
        List<Video> videos = walking.generate(1, 0, 2);
        VideoFolderWriter.write(videos, footage);
        DecodedImageCache cache = DecodedImageCache.in(dir.resolve("cache"));

        ImageSequenceFolder.Loaded first = ImageSequenceFolder.load(footage, 24, 5, ImageSequenceFolder.VALUE_COLUMN, cache);
        List<String> rows = Files.readAllLines(footage.resolve("labels.csv"));
        Files.write(footage.resolve("labels.csv"), rows.subList(0, 6));
        ImageSequenceFolder.Loaded second = ImageSequenceFolder.load(footage, 24, 5, ImageSequenceFolder.VALUE_COLUMN, cache);

        assertEquals(0, first.cachedSequences());
        assertEquals(2, second.cachedSequences());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(first.sequences().get(i).pixels(), second.sequences().get(i).pixels());
        }
        assertEquals(20, first.labelledFrames());
        assertEquals(5, second.labelledFrames(), "the labels as the file says now");
        try (var entries = Files.list(dir.resolve("cache"))) {
            assertEquals(2, entries.count(), "one entry per sequence");
        }
        // the second sequence's fourth frame becomes its first: that sequence alone is decoded again
        Path sequence = footage.resolve(videos.get(1).id());
        List<Path> frames;
        try (var files = Files.list(sequence)) {
            frames = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        Files.copy(frames.get(3), frames.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ImageSequenceFolder.Loaded third = ImageSequenceFolder.load(footage, 24, 5, ImageSequenceFolder.VALUE_COLUMN, cache);
        assertEquals(1, third.cachedSequences());
        float[] changed = third.sequences().get(1).pixels();
        int frame = 3 * 24 * 24;
        assertArrayEquals(java.util.Arrays.copyOfRange(changed, 3 * frame, 4 * frame), java.util.Arrays.copyOfRange(changed, 0, frame));
    }

    @Test
    void shortSequencesAreSkippedAndCounted(@TempDir Path dir) {
        Video shortOne = walking.generate(1, 1).slice(0, 3);
        VideoFolderWriter.write(List.of(walking.generate(1, 0), shortOne), dir);
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertEquals(1, loaded.sequences().size());
        assertEquals(1, loaded.tooShort().size());
        assertEquals(java.util.Map.of(shortOne.id(), 3), loaded.tooShort(), "named, with its length");
    }

    @Test
    void unlabelledFramesAreNaN(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
        Files.write(dir.resolve("labels.csv"), lines.subList(0, 4));
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertEquals(3, loaded.labelledFrames());
        assertTrue(Double.isNaN(loaded.sequences().get(0).truth()[5]));
    }

    @Test
    void aFlatFolderOfImagesIsOneSequence(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        Path seq = Files.list(dir).filter(Files::isDirectory).findFirst().orElseThrow();
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(seq, 16, 5);
        assertEquals(1, loaded.sequences().size());
        assertEquals(seq.getFileName().toString(), loaded.sequences().get(0).id());
        assertEquals(10, loaded.sequences().get(0).frames());
    }

    /** Frames of one folder in two shapes are said, since each is squashed to a square on its own; one shape is not. */
    @Test
    void framesOfDifferentSizesInOneSequenceAreSaid(@TempDir Path dir) throws Exception {
        Path seq = Files.createDirectories(dir.resolve("mixed"));
        for (int i = 0; i < 6; i++) {
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(i % 2 == 0 ? 40 : 64, 30,
                    java.awt.image.BufferedImage.TYPE_INT_RGB), "png", seq.resolve(i + ".png").toFile());
        }
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertEquals("1 sequence(s) with frames of different shapes, each frame resized to a square on its own, so what they"
                + " show stretches from frame to frame: mixed (40×30 ×3, 64×30 ×3); crop each sequence's frames to one shape",
                loaded.mixedSizesSaid());
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir.resolve("same"));
        ImageSequenceFolder.Loaded same = ImageSequenceFolder.load(dir.resolve("same"), 16, 5);
        assertEquals("", same.mixedSizesSaid());
        assertTrue(same.sizesSaid().matches("\\d+×\\d+ ×10"), same.sizesSaid());
    }

    @Test
    void anEmptyFolderIsAClearError(@TempDir Path dir) {
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("no sequences"), e.getMessage());
    }

    @Test
    void anUnreadableImageIsNamed(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        Path seq = Files.list(dir).filter(Files::isDirectory).findFirst().orElseThrow();
        Files.writeString(seq.resolve("frame_004.png"), "not an image");
        Exception e = assertThrows(RuntimeException.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("frame_004.png") && e.getMessage().contains("not a readable"), e.getMessage());
    }

    @Test
    void labelsNamingAMissingFrameGiveTheCsvLine(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\nwalking-s1-0,frame_099.png,1.0\n");
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("labels.csv:2") && e.getMessage().contains("frame_099.png"), e.getMessage());
    }

    /** ffmpeg's {@code -i clip.mp4 %d.png} numbers frames without padding: 10.png must follow 9.png. */
    @Test
    void unpaddedFrameNumbersAreReadInNumberOrder(@TempDir Path dir) throws Exception {
        Video original = walking.generate(1, 0, 1).get(0);
        VideoFolderWriter.write(List.of(original), dir);
        Path seq = dir.resolve(original.id());
        StringBuilder labels = new StringBuilder("sequence,frame,value\n");
        for (int f = 0; f < original.frames(); f++) {
            String name = (f + 1) + ".png";
            Files.move(seq.resolve(String.format("frame_%03d.png", f)), seq.resolve(name));
            labels.append(original.id()).append(',').append(name).append(',').append(original.truth()[f]).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), labels);
        Video back = ImageSequenceFolder.load(dir, 32, 5).sequences().get(0);
        for (int f = 0; f < original.frames(); f++) {
            assertEquals(original.truth()[f], back.truth()[f], 1e-9, "frame " + (f + 1));
        }
        assertEquals(List.of("1.png", "2.png", "9.png", "10.png"), ImageSequenceFolder.frames(seq).stream()
                .map(p -> p.getFileName().toString()).filter(n -> n.matches("(1|2|9|10)\\.png")).toList());
    }

    @Test
    void frameOrderComparesNumbersAsNumbersAndIsTotal() {
        List<String> names = new java.util.ArrayList<>(List.of("img10.jpg", "img9.jpg", "img010.jpg", "b1.png",
                "img9b.jpg", "a.png", "img_2.jpg", "img1.jpg", "a10.png", "a9.png", "frame_000.png", "frame_001.png"));
        names.sort(ImageSequenceFolder.FRAME_ORDER);
        assertEquals(List.of("a.png", "a9.png", "a10.png", "b1.png", "frame_000.png", "frame_001.png", "img1.jpg",
                "img9.jpg", "img9b.jpg", "img010.jpg", "img10.jpg", "img_2.jpg"), names);
    }

    /** Spreadsheet programs start UTF-8 CSV with a byte-order mark; the header is still the header. */
    @Test
    void aLabelsFileWithAByteOrderMarkIsRead(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        String csv = Files.readString(dir.resolve("labels.csv"));
        Files.writeString(dir.resolve("labels.csv"), "\uFEFF" + csv.replace("\n", "\r\n"));
        assertEquals(10, ImageSequenceFolder.load(dir, 16, 5).labelledFrames());
    }

    /** A labeller leaves frames with the object out of view empty or NaN; some writers quote every cell. */
    @Test
    void emptyAndNaNValuesAreUnlabelledFramesAndQuotesAreRead(@TempDir Path dir) throws Exception {
        Video v = walking.generate(1, 0);
        VideoFolderWriter.write(List.of(v), dir);
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n"
                + "\"" + v.id() + "\",\"frame_000.png\",\"0.5\"\n"
                + v.id() + ",frame_001.png,\n"
                + v.id() + ",frame_002.png,NaN\n");
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertEquals(1, loaded.labelledFrames());
        assertEquals(0.5, loaded.sequences().get(0).truth()[0]);
        assertTrue(Double.isNaN(loaded.sequences().get(0).truth()[1]) && Double.isNaN(loaded.sequences().get(0).truth()[2]));
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",frame_001.png,n/a\n");
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("labels.csv:2") && e.getMessage().contains("'n/a'"), e.getMessage());
    }

    /**
     * Footage sorted by camera: a folder holding no frames is looked into, its sequences named by
     * their path, as labels.csv names them; a hidden folder is not footage.
     */
    @Test
    void sequencesInFoldersOfFoldersAreReadAndNamedByTheirPath(@TempDir Path dir) throws Exception {
        List<Video> videos = walking.generate(1, 0, 3);
        VideoFolderWriter.write(videos.subList(0, 1), dir);
        VideoFolderWriter.write(videos.subList(1, 2), dir.resolve("camera-1"));
        VideoFolderWriter.write(videos.subList(2, 3), dir.resolve("camera-2").resolve("monday"));
        VideoFolderWriter.write(videos.subList(0, 1), dir.resolve(".trash"));
        Files.delete(dir.resolve("camera-1/labels.csv"));
        Files.delete(dir.resolve("camera-2/monday/labels.csv"));
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\ncamera-2/monday/" + videos.get(2).id() + ",frame_004.png,0.75\n");
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertEquals(List.of("camera-1/" + videos.get(1).id(), "camera-2/monday/" + videos.get(2).id(), videos.get(0).id()),
                loaded.sequences().stream().map(Video::id).toList());
        assertEquals(1, loaded.labelledFrames());
        assertEquals(0.75, loaded.sequences().get(1).truth()[4]);
    }

    /** A sequence folder may carry its own labels.csv, naming only the frame; one sequence labelled twice is refused. */
    @Test
    void aSequenceFolderMayCarryItsOwnLabels(@TempDir Path dir) throws Exception {
        List<Video> videos = walking.generate(1, 0, 2);
        VideoFolderWriter.write(videos, dir);
        Files.delete(dir.resolve("labels.csv"));
        Path own = dir.resolve(videos.get(1).id()).resolve("labels.csv");
        Files.writeString(own, "frame,value\nframe_002.png,0.5\n3,0.75\n");
        ImageSequenceFolder.Loaded loaded = ImageSequenceFolder.load(dir, 16, 5);
        assertTrue(loaded.hasLabels());
        assertEquals(2, loaded.labelledFrames());
        assertEquals(0.5, loaded.sequences().get(1).truth()[2]);
        assertEquals(0.75, loaded.sequences().get(1).truth()[3]);

        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + videos.get(1).id() + ",frame_000.png,1\n");
        InputError twice = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(twice.getMessage().startsWith(own + ": labels sequence '" + videos.get(1).id() + "', which the footage"
                + " folder's labels.csv labels too"), twice.getMessage());
        Files.delete(dir.resolve("labels.csv"));
        String header = refusal(dir, own, "sequence,frame,value\n");
        assertTrue(header.contains(own + ":1: has a sequence column, but a sequence folder's own labels.csv is about its"
                + " folder only"), header);
        header = refusal(dir, own, "frame,label\n");
        assertTrue(header.contains(own + ":1: expected a header naming the columns frame and value"), header);
    }

    /** The message loading {@code dir} fails with once {@code file} holds {@code text}. */
    private static String refusal(Path dir, Path file, String text) throws java.io.IOException {
        Files.writeString(file, text);
        return assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5)).getMessage();
    }

    /**
     * A tracker's table, as it writes it: columns in its order, an object's x and y and a confidence
     * beside the frame; the spec names the column to score against. A spreadsheet in a locale with
     * decimal commas separates cells by semicolons. A frame labelled twice (two objects' rows) is refused.
     */
    @Test
    void aTrackersTableIsReadByTheColumnNamed(@TempDir Path dir) throws Exception {
        Video v = walking.generate(1, 0);
        VideoFolderWriter.write(List.of(v), dir);
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "frame,x,y,confidence,sequence\n2,101.5,40,0.9," + v.id() + "\n3,104,41,0.8," + v.id() + "\n");
        Video read = ImageSequenceFolder.load(dir, 16, 5, "x").sequences().get(0);
        assertEquals(101.5, read.truth()[2]);
        assertEquals(104, read.truth()[3]);
        assertEquals(41, ImageSequenceFolder.load(dir, 16, 5, "Y").sequences().get(0).truth()[3]);
        InputError noValue = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(noValue.getMessage().startsWith(csv + ":1: expected a header naming the columns sequence, frame and"
                + " value") && noValue.getMessage().contains("(columns here: x, y, confidence): data.label_column: x in the spec"),
                noValue.getMessage());

        Files.writeString(csv, "sequence;frame;value\n" + v.id() + ";2;0,25\n" + v.id() + ";3;\n");
        read = ImageSequenceFolder.load(dir, 16, 5).sequences().get(0);
        assertEquals(0.25, read.truth()[2]);
        assertTrue(Double.isNaN(read.truth()[3]));

        String twice = refusal(dir, csv, "sequence\tframe\tvalue\n" + v.id() + "\t2\t1.5\n" + v.id() + "\tframe_002\t1.75\n");
        assertTrue(twice.startsWith(csv + ":3: labels frame 'frame_002' of sequence '" + v.id() + "' again (line 2 did)"),
                twice);
        String noSequence = refusal(dir, csv, "frame,value\n2,1.5\n");
        assertTrue(noSequence.contains("the footage folder's labels.csv names each row's sequence"), noSequence);
        String shortRow = refusal(dir, csv, "sequence,frame,value\n" + v.id() + ",2\n");
        assertTrue(shortRow.startsWith(csv + ":2: expected 3 cells, as the header names, got 2"), shortRow);
    }

    /** A writer that quotes every cell quotes the header too. */
    @Test
    void aQuotedHeaderIsTheHeader(@TempDir Path dir) throws Exception {
        Video v = walking.generate(1, 0);
        VideoFolderWriter.write(List.of(v), dir);
        Files.writeString(dir.resolve("labels.csv"), "\"sequence\",\"frame\",\"value\"\n\"" + v.id() + "\",\"frame_003.png\",\"0.25\"\n");
        assertEquals(0.25, ImageSequenceFolder.load(dir, 16, 5).sequences().get(0).truth()[3]);
    }

    /**
     * A tracker numbers frames from 0: where no file name is a number, a number is the frame's place
     * in the order read. Where file names are numbers (ffmpeg's 1.png, 2.png, …) a number is a name
     * only, so 0 is refused rather than read as the first frame.
     */
    @Test
    void framesMayBeNumberedByTheirPlaceUnlessFileNamesAreNumbers(@TempDir Path dir) throws Exception {
        Video v = walking.generate(1, 0);
        VideoFolderWriter.write(List.of(v), dir);
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",0,1.5\n" + v.id() + ",9,2.5\n");
        Video read = ImageSequenceFolder.load(dir, 16, 5).sequences().get(0);
        assertEquals(1.5, read.truth()[0]);
        assertEquals(2.5, read.truth()[9]);
        assertTrue(Double.isNaN(read.truth()[1]));

        Path seq = dir.resolve(v.id());
        try (var frames = Files.list(seq)) {
            for (Path f : frames.toList()) {
                int n = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
                Files.move(f, seq.resolve((n + 1) + ".png"));
            }
        }
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("labels.csv:2") && e.getMessage().contains("names frame '0'")
                && e.getMessage().contains("every name here is a number, so a number is a name's value (1 … "),
                e.getMessage());
        // there 1 is the file 1.png, the first frame read
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",1,1.5\n");
        assertEquals(1.5, ImageSequenceFolder.load(dir, 16, 5).sequences().get(0).truth()[0]);
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",1,1.5\nelsewhere,1,2\n");
        e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().contains("labels.csv:3") && e.getMessage().contains("names sequence 'elsewhere'"),
                e.getMessage());
    }

    /**
     * A number calls a frame as the table means it: a padded name by its value (MOT's 000001.jpg is
     * frame 1; pandas writes 1.0); names numbered from 1 (ffmpeg's frame_0001.png) by the number in
     * the name when the table uses the last one, by position from 0 when it uses 0; a table whose
     * numbers fit both, which would read every label one frame off either way, is refused.
     */
    @Test
    void aFrameNumberMeansWhatTheTablesNumbersShow(@TempDir Path dir) throws Exception {
        Video v = walking.generate(1, 0);
        VideoFolderWriter.write(List.of(v), dir);
        Path seq = dir.resolve(v.id());
        int count;
        try (var frames = Files.list(seq)) {
            List<Path> all = frames.toList();
            count = all.size();
            for (Path f : all) {
                int n = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
                Files.move(f, seq.resolve(String.format("%06d.png", n + 1)));
            }
        }
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",1,1.5\n" + v.id() + ",3.0,2.5\n");
        Video read = ImageSequenceFolder.load(dir, 16, 5).sequences().get(0);
        assertEquals(1.5, read.truth()[0]);
        assertEquals(2.5, read.truth()[2]);

        try (var frames = Files.list(seq)) {
            for (Path f : frames.toList()) {
                Files.move(f, seq.resolve("frame_" + f.getFileName()));
            }
        }
        // the last frame's number is a name's only: names
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",1,1.5\n" + v.id() + "," + count + ",2.5\n");
        read = ImageSequenceFolder.load(dir, 16, 5).sequences().get(0);
        assertEquals(1.5, read.truth()[0]);
        assertEquals(2.5, read.truth()[count - 1]);
        // 0 is a position's only: positions
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",0,1.5\n" + v.id() + ",1,2.5\n");
        read = ImageSequenceFolder.load(dir, 16, 5).sequences().get(0);
        assertEquals(1.5, read.truth()[0]);
        assertEquals(2.5, read.truth()[1]);
        // numbers that fit both
        Files.writeString(dir.resolve("labels.csv"), "sequence,frame,value\n" + v.id() + ",frame_000001.png,1\n" + v.id()
                + ",2,1.5\n" + v.id() + ",3,2.5\n");
        InputError e = assertThrows(InputError.class, () -> ImageSequenceFolder.load(dir, 16, 5));
        assertTrue(e.getMessage().startsWith(dir.resolve("labels.csv") + ":3: frame 2 of sequence '" + v.id() + "' may be"
                + " frame_000002.png (the number in its name) or frame_000003.png (its position from 0)"), e.getMessage());
    }

    /** A folder copied from a Mac holds "._frame_000.png" beside each frame: not an image, not a frame. */
    @Test
    void hiddenFilesAreNotFrames(@TempDir Path dir) throws Exception {
        VideoFolderWriter.write(walking.generate(1, 0, 1), dir);
        Path seq = Files.list(dir).filter(Files::isDirectory).findFirst().orElseThrow();
        Files.writeString(seq.resolve("._frame_000.png"), "Mac OS X resource fork");
        assertEquals(10, ImageSequenceFolder.load(dir, 16, 5).sequences().get(0).frames());
    }

    @Test
    void windowsCoverEachSequenceWithTheirStride() {
        Video v = walking.generate(2, 0);
        List<Video> w = Windows.of(List.of(v), 5, 2);
        assertEquals(3, w.size());
        assertEquals(v.truth()[4], w.get(2).truth()[0], 0);
        assertEquals(5, w.get(0).frames());
    }
}
