package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kenning.core.KenningJson;
import dev.kenning.datasets.Video;
import dev.kenning.datasets.VideoFolderWriter;
import dev.kenning.datasets.WalkingVideoConfig;
import dev.kenning.datasets.WalkingVideoGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The footage path end to end: frames saved to disk, read back by experiments/footage-walking.yaml. */
class FootageTest {


    /**
     * The shipped footage spec, made small: fewer steps, smaller images, consecutive frames (the
     * test clips are short) and one label-free training instead of averaged restarts, same knowledge
     * and split.
     */
    private static Path smallFootageSpec(Path dir) throws Exception {
        Path root = ExperimentFixture.ROOT;
        String spec = Files.readString(root.resolve("experiments/footage-walking.yaml"))
                .replace("../kg/", root.resolve("kg") + "/")
                .replace("../rules/", root.resolve("rules") + "/")
                .replace("- walking-scene.ttl", "- " + root.resolve("experiments/walking-scene.ttl"))
                .replace("steps: 400", "steps: 10")
                .replaceAll("image_size: \\d+", "image_size: 16")
                .replaceAll("frame_step: (\\d+|auto)", "frame_step: 1")
                .replace("log_every: 25", "log_every: 5")
                .replaceAll("\n  restarts: \\d+ *(#[^\n]*)?", "")
                .replaceAll("\n  restarts_combine: \\w+ *(#[^\n]*)?", "")
                .replaceAll("\n    test_time: \\w+ *(#[^\n]*)?", "");
        assertFalse(spec.contains("\n  restarts"), "the small spec trains once");
        assertFalse(spec.contains("\n    test_time"), "and predicts the test frames as they are");
        Path file = dir.resolve("footage.yaml");
        Files.writeString(file, spec);
        return file;
    }

    /** The small spec with {@code lines} added to its training section. */
    private static Path smallFootageSpec(Path dir, String lines) throws Exception {
        Path file = smallFootageSpec(dir);
        Files.writeString(file, Files.readString(file).replace("  supervised_baseline: true",
                "  supervised_baseline: true\n" + lines));
        return file;
    }

    /** Four walks of 24 frames at 32x32, labelled: halves of 12 frames, 8 windows of 5 in each. */
    private static Path fourWalks(Path dir) throws Exception {
        Path footage = dir.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(24, 15, 32, 32, 12)).generate(8, 0, 4), footage);
        return footage;
    }

    @Test
    void trainsOnSavedFramesAndEvaluatesAgainstLabels(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(14, 15, 40, 30, 3)).generate(8, 0, 4), footage);
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        int code = r.code();
        String log = r.err();
        assertEquals(0, code, log);
        assertTrue(log.contains("4 sequences from"), log);
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(4, m.get("test_sequences").asInt(), "one test half per sequence");
        assertEquals(4 * 7, m.get("labelled_test_frames").asInt(), "second halves of 14 frames are labelled");
        for (String key : List.of("label_free.test_corr", "label_free.window_abs_r", "label_free.global_r")) {
            assertTrue(m.has(key) && m.get(key).asDouble() >= -1 && m.get(key).asDouble() <= 1, key + " in " + m);
        }
        // walkers at constant speed: a clock (the frame's index) is as straight as their labels, and the run says so
        assertEquals(1.0, m.get("clock.window_abs_r").asDouble(), 1e-6, m.toString());
        assertEquals(1.0, m.get("clock.test_corr").asDouble(), 1e-6, m.toString());
        assertTrue(log.contains("a clock (each frame's index as the prediction, no image seen) scores window |r| 1.000"), log);
        assertEquals(log.contains("note: a clock"), m.get("label_free.window_abs_r").asDouble() <= 1.0 - 1e-9
                || m.get("supervised.window_abs_r").asDouble() <= 1.0 - 1e-9, "the note when a model scores no more than the clock");
    }

    /** A second run on the same footage reads its frames from the decode cache, and trains and scores to every digit alike. */
    @Test
    void aSecondRunReadsTheFramesFromTheDecodeCacheAndGivesTheSameRun(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        CliRun first = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", tmp.resolve("first").toString());
        CliRun second = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", tmp.resolve("second").toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, second.code(), second.err());
        assertFalse(first.err().contains("decode cache"), first.err());
        assertTrue(second.err().contains("every sequence's frames read from the decode cache"), second.err());
        JsonNode a = KenningJson.mapper().readTree(tmp.resolve("first/metrics.json").toFile());
        JsonNode b = KenningJson.mapper().readTree(tmp.resolve("second/metrics.json").toFile());
        for (String key : List.of("label_free.test_corr", "label_free.window_abs_r", "supervised.test_corr", "clock.test_corr")) {
            assertEquals(a.get(key).asDouble(), b.get(key).asDouble(), 0.0, key);
        }
        assertEquals(Files.readString(tmp.resolve("first/predictions.csv")), Files.readString(tmp.resolve("second/predictions.csv")));
    }

    /**
     * Footage as it comes: seven sequences of 5 to 90 frames, odd and even, in two frame sizes. The
     * two shorter than two windows are skipped for training with a message; the rest train, and
     * every test half is predicted and scored whatever its length.
     */
    @Test
    void sequencesOfDifferentLengthsAndFrameSizesRunEndToEnd(@TempDir Path tmp) throws Exception {
        int[] lengths = {5, 8, 13, 20, 31, 64, 90};
        List<Video> videos = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            boolean wide = i % 2 == 0;
            Video v = new WalkingVideoGenerator(new WalkingVideoConfig(lengths[i], 15, wide ? 40 : 24, wide ? 30 : 32, 30))
                    .generate(20 + i, 0);
            videos.add(new Video("seq" + i + "-" + lengths[i] + "frames", v.frames(), v.channels(), v.height(), v.width(),
                    v.pixels(), v.truth()));
        }
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(videos, footage);
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("5 sequences from") && r.err().contains("2 sequence(s) shorter than 10 frames skipped"),
                r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(5, m.get("test_sequences").asInt());
        int secondHalves = 0;
        for (int n : lengths) {
            secondHalves += n >= 10 ? n - n / 2 : 0;
        }
        assertEquals(secondHalves, m.get("labelled_test_frames").asInt(), "every frame of every test half is scored");
        for (String phase : List.of("label_free", "supervised")) {
            double r0 = m.get(phase + ".test_corr").asDouble();
            assertTrue(r0 >= -1 && r0 <= 1, phase + " in " + m);
        }
    }

    /** A window of 5 frames taken every 3rd frame spans 13: the time split then needs 26 frames. */
    @Test
    void aFrameStepSpacesTheWindowsFrames(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(30, 15, 32, 32, 12)).generate(8, 0, 3), footage);
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace("frame_step: 1", "frame_step: 3"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // each first half of 15 frames holds windows at 0, 1 and 2 (spanning frames 0-12, 1-13, 2-14)
        assertTrue(r.err().contains("9 training windows of 5 frames taken every 3 frames"), r.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("frame_step: 3"));
    }

    /**
     * {@code frame_step: auto} at 15 fps starts from 5 (a third of a second). Under a law that fixes
     * no time scale (constant velocity) each sequence takes it, lowered only where that sequence is
     * too short: halves of 30 frames every 5th, the short walk's half of 15 every 3rd. The run records
     * the largest step and the lowest, and the export carries the rule to {@code kenning predict}.
     * Under a law whose dt matters (free fall's g) one step serves the run, what the shortest half
     * holds. The spec as run still says auto. A fixed step no half can hold names the step that would fit.
     */
    @Test
    void frameStepAutoIsEachSequencesAndALawsDtFollowsIt(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        List<Video> videos = new ArrayList<>(new WalkingVideoGenerator(new WalkingVideoConfig(60, 15, 32, 32, 12)).generate(8, 0, 2));
        Video v = new WalkingVideoGenerator(new WalkingVideoConfig(30, 15, 32, 32, 12)).generate(9, 0);
        videos.add(new Video("short", v.frames(), v.channels(), v.height(), v.width(), v.pixels(), v.truth()));
        // halves of 4 frames hold no window of 5 at any step: skipped by name
        videos.add(new Video("tiny", 9, v.channels(), v.height(), v.width(),
                java.util.Arrays.copyOf(v.pixels(), 9 * v.channels() * v.height() * v.width()), java.util.Arrays.copyOf(v.truth(), 9)));
        VideoFolderWriter.write(videos, footage);
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace("frame_step: 1", "frame_step: auto"));
        Path out = tmp.resolve("run");
        runsAtFiveAndThree(spec, footage, out);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("frame_step: auto"));
        Path bundle = tmp.resolve("bundle");
        CliRun e = CliRun.of("export", out.toString(), "--out", bundle.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode manifest = KenningJson.mapper().readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(5, manifest.path("evaluation").path("frame_step").asInt(), manifest.toString());
        assertTrue(manifest.path("evaluation").path("frame_step_per_sequence").asBoolean(), manifest.toString());
        // predict scores whole sequences: the short one's 30 frames hold a window every 5th there too
        CliRun p = CliRun.of("predict", bundle.toString(), "--input", footage.toString(), "--out",
                tmp.resolve("predictions.csv").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("window |r|"), p.out());

        // free fall's g fixes the time scale: each window is fitted at its own frames' times, and the steps are as above
        Path scene = tmp.resolve("falling.ttl");
        Files.writeString(scene, """
                @prefix k: <https://kenning.dev/ns#> .
                @prefix ex: <https://kenning.dev/test#> .
                ex:walker a k:Observation ; k:governedBy k:EarthFreeFall ; k:modelOutput "position" .
                """);
        Path falling = tmp.resolve("falling.yaml");
        Files.writeString(falling, Files.readString(spec).replace(
                "- " + ExperimentFixture.ROOT.resolve("experiments/walking-scene.ttl"), "- " + scene));
        runsAtFiveAndThree(falling, footage, tmp.resolve("run-falling"));
        // the bench's reference reads each window's step beside its frames
        Path written = tmp.resolve("written");
        Workbench.create(WorkbenchConfig.notRecording()).writeSequenceData(dev.kenning.workbench.spec.ExperimentSpec.load(falling)
                .withDataFolder(footage), written);
        List<String> trainSteps = Files.readAllLines(written.resolve("train/steps.txt"));
        assertEquals(23, trainSteps.size());
        assertEquals(Map.of("5", 20L, "3", 3L), trainSteps.stream().collect(java.util.stream.Collectors.groupingBy(x -> x,
                java.util.stream.Collectors.counting())));
        assertEquals(List.of("3", "5", "5"), Files.readAllLines(written.resolve("test/steps.txt")), "in the folder's order");

        Files.writeString(spec, Files.readString(spec).replace("frame_step: auto", "frame_step: 8"));
        CliRun tooLong = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", tmp.resolve("run8").toString());
        assertEquals(2, tooLong.code(), tooLong.err());
        assertTrue(tooLong.err().contains("no sequence has halves long enough for a window of 5 frames taken every 8 frames"
                + " (33 frames): the longest half has 30; set data.frame_step to 7 or less, or to auto"), tooLong.err());
        assertFalse(Files.exists(tmp.resolve("run8")), "no run folder for footage too short");

        // only the tiny one: the 10 frames it lacks are said to be a window in each half
        Path onlyTiny = tmp.resolve("only-tiny");
        Files.createDirectories(onlyTiny);
        Files.move(footage.resolve("tiny"), onlyTiny.resolve("tiny"));
        CliRun none = CliRun.of("run", spec.toString(), "--data", onlyTiny.toString(), "--out", tmp.resolve("run-tiny").toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("all 1 sequences are shorter than 10 frames (data.split time: each half must hold a window"
                + " of 5 frames): tiny (9 frames)"), none.err());
    }

    /**
     * Runs {@code spec} on the footage of two 60-frame walks and one of 30 (named short) with
     * {@code frame_step: auto} at 15 fps: the walks' windows take every 5th frame, the short one's every 3rd.
     */
    private static void runsAtFiveAndThree(Path spec, Path footage, Path out) throws Exception {
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // first halves of 30, 30 and 15 frames hold 10, 10 (spanning 21 frames) and 3 windows (spanning 13)
        assertTrue(r.err().contains("23 training windows of 5 frames taken every 3 to 5 frames"), r.err());
        assertTrue(r.err().contains("frame step auto, per sequence: 5 (a third of a second at 15.0 fps) for 2 sequences;"
                + " 3 for 1 whose halves are too short for more (short: 15 frames)"), r.err());
        assertTrue(r.err().contains("; 1 sequence(s) shorter than 10 frames skipped (each half must hold a window of 5 frames):"
                + " tiny (9 frames)"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(5, m.get("frame_step").asInt());
        assertEquals(3, m.get("frame_step_min").asInt());
    }

    /**
     * The paper code's recipe as spec options: 5×5 kernels, truncated-normal weights (and each frame
     * standardised and the weights averaged, which the paper does not do, to carry those options
     * through a run), the footage
     * pack's pooled spread and worst range, and early stopping on held-out windows' label-free loss,
     * whose curve and chosen step the run folder keeps.
     */
    @Test
    void thePapersRecipeAndEarlyStoppingAreSpecOptions(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path root = ExperimentFixture.ROOT;
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec)
                .replace("- " + root.resolve("experiments/walking-scene.ttl"), "- " + root.resolve("experiments/footage-walking-scene.ttl"))
                .replace("physics.drl", "physics.drl\n    - " + root.resolve("rules/packs/footage.drl"))
                .replace("  dense: 64", "  dense: 64\n  kernel: [5, 3]\n  init: truncated_normal\n  init_std: 0.03\n  normalise: frame")
                .replace("conv_channels: [16, 32, 32]", "conv_channels: [8, 8]")
                .replace("  supervised_baseline: true", "  supervised_baseline: false\n  ema_decay: 0.9\n  lr_schedule: cosine\n"
                        + "  early_stopping:\n    every: 4\n    held_out: 0.2"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("held out for early stopping") && r.err().contains("early stopping kept step"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        int best = m.get("label_free.best_step").asInt();
        assertTrue(best >= 4 && best <= 10, "a measured step: " + best);
        List<String> curve = Files.readAllLines(out.resolve("early-stopping.csv"));
        assertEquals("step,held_out_loss,test_window_abs_r", curve.get(0));
        assertEquals(List.of("4", "8", "10"), curve.subList(1, curve.size()).stream().map(l -> l.split(",")[0]).toList());
        assertTrue(Files.size(out.resolve("early-stopping.png")) > 1000);
        JsonNode constraints = KenningJson.mapper().readTree(out.resolve("constraints.json").toFile());
        assertTrue(constraints.toString().contains("pooled-spread") && constraints.toString().contains("range-max")
                && !constraints.toString().contains("\"spread\""), constraints.toString());
        String resolved = Files.readString(out.resolve("spec.yaml"));
        assertTrue(resolved.contains("init: truncated_normal") && resolved.contains("kernel:")
                && resolved.contains("normalise: frame") && resolved.contains("ema_decay: 0.9")
                && resolved.contains("lr_schedule: cosine"), resolved);
    }

    /**
     * {@code early_stopping.windows: test}: the criterion is the label-free loss of the test
     * frames' windows, without their labels; no training window is held out, and none of the test
     * windows joins the supervised baseline's.
     */
    @Test
    void earlyStoppingOnTheTestFramesKeepsEveryTrainingWindow(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp, "  early_stopping:\n    every: 4\n    windows: test");
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // halves of 12 frames: 8 windows of 5 in each, 4 sequences
        assertTrue(r.err().contains("(32 training windows") && r.err().contains("early stopping measures the label-free loss"
                + " of the 32 windows of the test frames, without their labels (transductive)"), r.err());
        assertFalse(r.err().contains("held out"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(32, m.get("supervised_windows").asInt(), "the training windows, not the test frames'");
        assertTrue(m.has("label_free.best_step"), m.toString());
        assertFalse(m.has("label_free.test_frames_trained"), "measured on, not trained on: " + m);
        assertEquals("step,test_loss,test_window_abs_r", Files.readAllLines(out.resolve("early-stopping.csv")).get(0));
        String resolved = Files.readString(out.resolve("spec.yaml"));
        assertTrue(resolved.contains("windows: test") && !resolved.contains("held_out"), resolved);
        assertTrue(resolved.contains("early_stopping:\n    every: 4\n    patience: 0\n    windows: test"),
                "in the order the spec reference gives, the same in every run: " + resolved);
    }

    /**
     * {@code training.transductive}: the label-free model trains on the test frames' windows as well,
     * their labels removed before training sees them; the supervised baseline keeps to the training
     * windows, and the data a PyTorch reference is given is the same.
     */
    @Test
    void transductiveTrainingAddsTheTestFramesWithoutTheirLabels(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp, "  transductive: true");
        ExperimentData data = ExperimentData.prepare(dev.kenning.workbench.spec.ExperimentSpec.load(spec).withDataFolder(footage));
        // halves of 12 frames: 8 windows of 5 in each, 4 sequences
        assertEquals(64, data.train().size());
        assertEquals(32, data.windows(), "the training windows, not the test frames'");
        assertTrue(data.train().subList(0, 32).stream().allMatch(v -> v.labelledFrames() == 5));
        assertTrue(data.train().subList(32, 64).stream().allMatch(v -> v.labelledFrames() == 0), "no label of a test frame");
        assertEquals(32, data.labelledWindows().size());
        assertEquals(4, data.test().size());
        assertTrue(data.test().stream().allMatch(v -> v.labelledFrames() == 12), "scored against its labels");

        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("the label-free model also trains on the 32 windows of the test frames, without their"
                + " labels (transductive)"), r.err());
        assertFalse(r.err().contains("supervised baseline on the"), "every training window is labelled: " + r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(32, m.get("supervised_windows").asInt());
        assertTrue(m.has("label_free.window_abs_r") && m.has("label_free.train_corr"), m.toString());
        assertEquals(1, m.get("label_free.test_frames_trained").asInt(), "the run says its test frames were trained on");
        assertFalse(m.has("supervised.test_frames_trained"), m.toString());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("transductive: true"));
        // an export carries it, and predict says so beside the run's figure
        CliRun p = exportAndPredict(tmp, out, footage);
        assertTrue(p.out().contains("(on test frames it trained on, without their labels: training.transductive)"), p.out());
    }

    /**
     * {@code training.restarts}: the label-free model trains from several seeds and the run keeps
     * the one with the lowest loss on the held-out windows (no labels); the first restart is the run
     * without restarts, to the bit.
     */
    @Test
    void restartsKeepTheLowestHeldOutLoss(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        String once = Files.readString(spec).replace("  supervised_baseline: true",
                "  supervised_baseline: false\n  early_stopping:\n    every: 5\n    held_out: 0.2");
        Files.writeString(spec, once.replace("  steps: 10", "  steps: 10\n  restarts: 3"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("label-free restart 3 of 3") && r.err().contains("label-free: kept restart"), r.err());
        List<String> csv = Files.readAllLines(out.resolve("restarts.csv"));
        assertEquals("restart,seed,steps,criterion_windows,criterion,test_window_abs_r,chosen,constant-velocity_loss,spread_loss,prediction_std",
                csv.get(0));
        List<String[]> rows = csv.stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertEquals(3, rows.size());
        assertEquals("0", rows.get(0)[1], "restart 0 trains from the run's seed");
        assertEquals(3, rows.stream().map(row -> row[1]).distinct().count(), "each restart its own seed");
        assertTrue(rows.stream().allMatch(row -> Long.parseLong(row[1]) >= 0), "seeds --seed takes");
        assertTrue(rows.stream().allMatch(row -> row[3].equals("held_out")));
        double lowest = rows.stream().mapToDouble(row -> Double.parseDouble(row[4])).min().orElseThrow();
        List<String[]> chosen = rows.stream().filter(row -> row[6].equals("1")).toList();
        assertEquals(1, chosen.size());
        assertEquals(lowest, Double.parseDouble(chosen.get(0)[4]));
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(Integer.parseInt(chosen.get(0)[0]), m.get("label_free.chosen_restart").asInt());
        assertEquals(lowest, m.get("label_free.restart_criterion").asDouble());
        // the run's scores are the kept model's
        assertEquals(Double.parseDouble(chosen.get(0)[5]), m.get("label_free.window_abs_r").asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("restarts: 3"));

        Files.writeString(spec, once);
        Path plain = tmp.resolve("plain");
        CliRun p = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", plain.toString());
        assertEquals(0, p.code(), p.err());
        JsonNode pm = KenningJson.mapper().readTree(plain.resolve("metrics.json").toFile());
        assertEquals(Double.parseDouble(rows.get(0)[5]), pm.get("label_free.window_abs_r").asDouble(), 1e-12);
        assertFalse(Files.exists(plain.resolve("restarts.csv")));
    }

    /**
     * {@code training.restarts_combine: average}: every restart is kept and the run's tracks are
     * their average, sequence by sequence; the export carries every network, and both engines
     * predict the average.
     */
    @Test
    void averagedRestartsAreKeptScoredAndExportedTogether(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace("  supervised_baseline: true", "  supervised_baseline: false")
                .replace("  steps: 10", "  steps: 10\n  restarts: 3\n  restarts_combine: average"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("label-free: averaging the tracks of the 3 restarts, sequence by sequence"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(3, m.get("label_free.restarts_averaged").asInt());
        assertFalse(m.has("label_free.chosen_restart"), m.toString());
        List<String[]> rows = Files.readAllLines(out.resolve("restarts.csv")).stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertEquals(3, rows.size());
        assertTrue(rows.stream().allMatch(row -> row[6].equals("1")), "every restart kept");
        double mean = rows.stream().mapToDouble(row -> Double.parseDouble(row[5])).average().orElseThrow();
        assertEquals(mean, m.get("label_free.window_abs_r_restarts_mean").asDouble(), 1e-12);
        // the run's score is the average's, not any one restart's
        double score = m.get("label_free.window_abs_r").asDouble();
        assertTrue(rows.stream().noneMatch(row -> Double.parseDouble(row[5]) == score), score + " is one restart's");
        assertTrue(Files.isRegularFile(out.resolve("model/label_free.sdz")));
        assertTrue(Files.isRegularFile(out.resolve("model/members/label_free-1.sdz")));
        assertTrue(Files.isRegularFile(out.resolve("model/members/label_free-2.sdz")));
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("restarts_combine: average"));
        List<String> tracks = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("sequence,frame,label_free,label_free_restart_0,label_free_restart_1,label_free_restart_2,label", tracks.get(0));
        // restart 0's own track is the run without restarts
        Files.writeString(spec, Files.readString(spec).replace("\n  restarts: 3\n  restarts_combine: average", ""));
        Path plain = tmp.resolve("plain");
        assertEquals(0, CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", plain.toString()).code());
        List<String> plainTracks = Files.readAllLines(plain.resolve("predictions.csv"));
        for (int i = 1; i < tracks.size(); i++) {
            assertEquals(plainTracks.get(i).split(",")[2], tracks.get(i).split(",")[3], "frame row " + i);
        }

        CliRun predicted = exportAndPredict(tmp, out, footage);
        assertTrue(predicted.out().contains("with samediff (3 networks, their tracks averaged sequence by sequence)"),
                predicted.out());
        List<String> sameDiff = Files.readAllLines(tmp.resolve("p.csv"));
        assertEquals(1 + 4 * 24, sameDiff.size());
        JsonNode manifest = KenningJson.mapper().readTree(tmp.resolve("bundle/manifest.json").toFile());
        assertEquals(3, manifest.path("members").path("networks").asInt());
        assertEquals(List.of("members/model-1.onnx", "members/model-2.onnx"),
                KenningJson.mapper().convertValue(manifest.path("members").path("onnx"), List.class));
        CliRun onnx = CliRun.of("predict", tmp.resolve("bundle").toString(), "--input", footage.toString(), "--engine", "onnx",
                "--out", tmp.resolve("p-onnx.csv").toString());
        assertEquals(0, onnx.code(), onnx.err());
        List<String> onnxRows = Files.readAllLines(tmp.resolve("p-onnx.csv"));
        for (int i = 1; i < sameDiff.size(); i++) {
            String[] a = sameDiff.get(i).split(",");
            String[] b = onnxRows.get(i).split(",");
            assertEquals(Double.parseDouble(a[2]), Double.parseDouble(b[2]), 1e-4, "frame " + a[0] + "/" + a[1]);
        }
        // a member missing from the run folder is named, not silently left out
        Files.delete(out.resolve("model/members/label_free-2.sdz"));
        CliRun missing = CliRun.of("export", out.toString(), "--out", tmp.resolve("bundle2").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("label_free-2.sdz") && missing.err().contains("averaged 3 restarts"), missing.err());
    }

    /**
     * Averaged restarts with early stopping stop together: at the measured step where their mean
     * held-out loss is lowest, every restart back at its weights of that step. The curve is that
     * mean beside the combined track's test window |r|, and the run's score is the curve's at the step.
     * The same with the laws' loss per unit of spread as the criterion, named so in the file and messages.
     */
    @ParameterizedTest
    @ValueSource(strings = {"loss", "law_per_spread"})
    void averagedRestartsThatStopEarlyStopTogether(String criterion, @TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace("  supervised_baseline: true",
                        "  supervised_baseline: false\n  early_stopping:\n    every: 2\n    held_out: 0.2\n    criterion: " + criterion)
                .replace("  steps: 10", "  steps: 10\n  restarts: 3\n  restarts_combine: average"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("early-stopping.csv"));
        assertEquals("step,held_out_" + criterion + ",test_window_abs_r", lines.get(0));
        List<String[]> curve = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertTrue(curve.stream().allMatch(row -> Double.parseDouble(row[1]) > 0 && Double.isFinite(Double.parseDouble(row[1]))),
                lines.toString());
        assertEquals(List.of("2", "4", "6", "8", "10"), curve.stream().map(row -> row[0]).toList());
        String[] lowest = curve.stream().min(java.util.Comparator.comparingDouble(row -> Double.parseDouble(row[1]))).orElseThrow();
        assertTrue(r.err().contains("label-free: the 3 restarts stop together at step " + lowest[0]
                + " of 10, where their mean held-out " + (criterion.equals("loss") ? "loss" : "law loss per spread")
                + " was lowest"), r.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("criterion: " + criterion));
        assertFalse(r.err().contains("early stopping kept step"), "one step for all, not each restart's own");
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(Integer.parseInt(lowest[0]), m.get("label_free.best_step").asInt());
        assertEquals(1, m.get("label_free.restarts_stopped_together").asInt());
        assertEquals(3, m.get("label_free.restarts_averaged").asInt());
        // every restart is back at that step: the run's combined track is the curve's there, to the bit
        assertEquals(Double.parseDouble(lowest[2]), m.get("label_free.window_abs_r_at_best_step").asDouble());
        assertEquals(Double.parseDouble(lowest[2]), m.get("label_free.window_abs_r").asDouble(), 1e-12);
        double best = curve.stream().mapToDouble(row -> Double.parseDouble(row[2])).max().orElseThrow();
        assertEquals(best, m.get("label_free.window_abs_r_best_possible").asDouble());
        assertTrue(Files.isRegularFile(out.resolve("early-stopping.png")));
        assertTrue(Files.isRegularFile(out.resolve("model/members/label_free-2.sdz")));
    }

    /**
     * training.augment.test_time shows the test frames to the trained network mirrored and shifted
     * too and combines the tracks: the training is the same to the bit, the test tracks are not,
     * and the bundle carries the views so predict sees the frames as the run did.
     */
    @Test
    void testViewsChangeOnlyThePredictionsAndTravelWithTheBundle(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        String text = Files.readString(spec).replace("  supervised_baseline: true", "  supervised_baseline: false");
        assertTrue(text.contains("    shift: 0.1") && text.contains("    flip: true"), text);
        Files.writeString(spec, text);
        Path plain = tmp.resolve("plain");
        assertEquals(0, CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", plain.toString()).code());
        Files.writeString(spec, text.replace("    flip: true", "    flip: true\n    test_time: true"));
        Path viewed = tmp.resolve("viewed");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", viewed.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("label-free: the network sees the test frames in 6 views (as they are, and moved as training"), r.err());
        JsonNode m = KenningJson.mapper().readTree(viewed.resolve("metrics.json").toFile());
        assertEquals(6, m.get("label_free.test_views").asInt());
        assertFalse(KenningJson.mapper().readTree(plain.resolve("metrics.json").toFile()).has("label_free.test_views"));
        assertTrue(Files.readString(viewed.resolve("spec.yaml")).contains("test_time: true"));
        // every logged loss the same (steps_per_second, the last column, is the machine's)
        java.util.function.Function<Path, List<String>> losses = run -> {
            try {
                return Files.readAllLines(run.resolve("history.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(losses.apply(plain), losses.apply(viewed), "the views change no training step");
        List<String> a = Files.readAllLines(plain.resolve("predictions.csv"));
        List<String> b = Files.readAllLines(viewed.resolve("predictions.csv"));
        assertEquals(a.size(), b.size());
        assertTrue(java.util.stream.IntStream.range(1, a.size()).anyMatch(i -> !a.get(i).equals(b.get(i))), "the views changed no track");

        CliRun predicted = exportAndPredict(tmp, viewed, footage);
        assertTrue(predicted.out().contains("with samediff (6 views of the frames, their tracks averaged sequence by sequence)"),
                predicted.out());
        JsonNode manifest = KenningJson.mapper().readTree(tmp.resolve("bundle/manifest.json").toFile());
        assertEquals(6, manifest.path("test_views").path("views").size());

        // views need a change training made
        Files.writeString(spec, text.replace("    flip: true", "    flip: false\n    test_time: true")
                .replace("    shift: 0.1", "    shift: 0"));
        CliRun none = CliRun.of("constraints", spec.toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("training.augment.test_time") && none.err().contains("set shift (> 0) or flip: true"),
                none.err());
    }

    /**
     * A tracker's labels come in pixels, hundreds wide, not metres: the supervised baseline learns
     * them as it learns the same positions in metres (its output works in units of the labels'
     * spread), where it once stayed near its start and "learned nothing" on real footage.
     */
    @Test
    void theSupervisedBaselineLearnsLabelsInAnyUnit(@TempDir Path tmp) throws Exception {
        Path metres = fourWalks(tmp);
        Path pixels = tmp.resolve("pixels");
        dev.kenning.core.FileTree.copy(metres, pixels);
        ExperimentFixture.relabel(pixels.resolve("labels.csv"), metre -> 300 * metre - 100);
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace("steps: 10", "steps: 40"));
        List<JsonNode> runs = new ArrayList<>();
        for (Path footage : List.of(metres, pixels)) {
            Path out = tmp.resolve("run-" + footage.getFileName());
            CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            runs.add(KenningJson.mapper().readTree(out.resolve("metrics.json").toFile()));
        }
        for (String key : List.of("supervised.train_corr", "supervised.test_corr", "supervised.window_abs_r")) {
            assertEquals(runs.get(0).get(key).asDouble(), runs.get(1).get(key).asDouble(), 0.01, key + ": " + runs);
        }
        assertEquals(0, runs.get(1).get("supervised.learned_nothing").asInt(), runs.get(1).toString());
        // the label-free model never reads labels
        assertEquals(runs.get(0).get("label_free.train_corr").asDouble(), runs.get(1).get("label_free.train_corr").asDouble(), 1e-9);
    }

    /**
     * {@code training.augment} changes the label-free model's training windows (and so its result),
     * records itself in the resolved spec, and leaves the supervised baseline, whose labels a shift
     * would falsify, exactly as it was.
     */
    @Test
    void augmentationChangesOnlyTheLabelFreeTraining(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path spec = smallFootageSpec(tmp);
        String shipped = Files.readString(spec);
        String plain = shipped.replaceAll("(?m)^  augment:.*\\n(    .*\\n)*", "");
        assertTrue(shipped.contains("\n  augment:") && !plain.contains("\n  augment:"), "the shipped spec augments");
        Files.writeString(spec, plain);
        Path without = tmp.resolve("without");
        CliRun a = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", without.toString());
        assertEquals(0, a.code(), a.err());
        Files.writeString(spec, plain.replace("  steps: 10", "  steps: 10\n  augment:\n    shift: 0.25\n    flip: true\n    brightness: 0.1"));
        Path with = tmp.resolve("with");
        CliRun b = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", with.toString());
        assertEquals(0, b.code(), b.err());
        JsonNode m0 = KenningJson.mapper().readTree(without.resolve("metrics.json").toFile());
        JsonNode m1 = KenningJson.mapper().readTree(with.resolve("metrics.json").toFile());
        assertNotEquals(m0.get("label_free.train_corr").asDouble(), m1.get("label_free.train_corr").asDouble());
        assertEquals(m0.get("supervised.test_corr").asDouble(), m1.get("supervised.test_corr").asDouble(), 0.0);
        String resolved = Files.readString(with.resolve("spec.yaml"));
        assertTrue(resolved.contains("augment:") && resolved.contains("shift: 0.25") && resolved.contains("flip: true"), resolved);
        assertFalse(Files.readString(without.resolve("spec.yaml")).contains("augment"));
    }

    /** The free-fall footage spec, made small, on generated throws at 30 fps: whole throws held out, restarts averaged. */
    @Test
    void theFreeFallFootageSpecHoldsOutWholeThrows(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("throws");
        VideoFolderWriter.write(new dev.kenning.datasets.FreeFallVideoGenerator(new dev.kenning.datasets.FreeFallVideoConfig(
                20, 30, 32, 32, 3, 9.81), dev.kenning.datasets.Difficulty.HARD, 12).generate(3, 0, 6), footage);
        Path root = ExperimentFixture.ROOT;
        Path spec = tmp.resolve("fall.yaml");
        Files.writeString(spec, Files.readString(root.resolve("experiments/footage-free-fall.yaml"))
                .replace("../kg/", root.resolve("kg") + "/").replace("../rules/", root.resolve("rules") + "/")
                .replace("- footage-free-fall-scene.ttl", "- " + root.resolve("experiments/footage-free-fall-scene.ttl"))
                .replace("steps: 400", "steps: 10").replaceAll("image_size: \\d+", "image_size: 16").replace("log_every: 25", "log_every: 5"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("6 sequences from") && r.err().contains("3 test sequences"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(3, m.get("test_sequences").asInt());
        assertTrue(m.has("label_free.window_abs_r") && m.has("supervised.test_corr"), m.toString());
        // as shipped: four restarts, each seeing the test throws in 6 views, their heights averaged throw by
        // throw, the law fixing the sign
        assertEquals(4, m.get("label_free.restarts_averaged").asInt());
        assertEquals(6, m.get("label_free.test_views").asInt());
    }

    /**
     * {@code data.without} leaves named parts out of the hard level: the same walks, other frames,
     * said in the data's description and kept in the resolved spec; a part the generator lacks, or
     * the key at the easy level, is one message naming what is valid.
     */
    @Test
    void partsOfTheHardLevelAreLeftOutByName(@TempDir Path tmp) throws Exception {
        Path root = ExperimentFixture.ROOT;
        String walking = Files.readString(root.resolve("experiments/walking.yaml"))
                .replace("../kg/", root.resolve("kg") + "/").replace("../rules/", root.resolve("rules") + "/")
                .replace("- walking-scene.ttl", "- " + root.resolve("experiments/walking-scene.ttl"))
                .replace("train_videos: 128", "train_videos: 4").replace("batch_videos: 16", "batch_videos: 4").replace("test_videos: 48", "test_videos: 2");
        Path hard = tmp.resolve("hard.yaml");
        Files.writeString(hard, walking.replace("  generator: walking", "  generator: walking\n  difficulty: hard"));
        Path less = tmp.resolve("less.yaml");
        Files.writeString(less, walking.replace("  generator: walking",
                "  generator: walking\n  difficulty: hard\n  without: [second_person, jpeg, door]\n  objects: 1"));
        dev.kenning.workbench.spec.ExperimentSpec spec = dev.kenning.workbench.spec.ExperimentSpec.load(less);
        assertEquals(java.util.Set.of(dev.kenning.datasets.FootagePart.SECOND_PERSON, dev.kenning.datasets.FootagePart.JPEG,
                dev.kenning.datasets.FootagePart.DOOR), spec.data().without());
        List<Video> all = ExperimentData.generator(dev.kenning.workbench.spec.ExperimentSpec.load(hard)).generate(2, 0, 3);
        List<Video> fewer = ExperimentData.generator(spec).generate(2, 0, 3);
        for (int i = 0; i < all.size(); i++) {
            assertTrue(java.util.Arrays.equals(all.get(i).truth(), fewer.get(i).truth()), "the same walk");
            assertFalse(java.util.Arrays.equals(all.get(i).pixels(), fewer.get(i).pixels()), "other frames");
        }
        assertEquals(1, spec.data().objects());
        assertTrue(ExperimentData.prepare(spec).description().contains("without door, jpeg, second_person, 1 object in all"),
                ExperimentData.prepare(spec).description());

        for (String[] bad : List.of(new String[]{"objects: 1", "objects: -1", "data.objects"},
                new String[]{"without: [second_person, jpeg, door]", "without: [smoke]",
                        "valid: door, bar, lights, jitter, noise, jpeg, second_person"},
                new String[]{"difficulty: hard\n  without", "difficulty: easy\n  without", "set data.difficulty: hard"})) {
            Files.writeString(less, Files.readString(less).replace(bad[0], bad[1]));
            CliRun r = CliRun.of("constraints", less.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[2]) && !r.err().contains("Exception"),
                    bad[1] + ": " + r.err());
        }
    }

    /** Every shipped footage spec loads and its rules derive its law from the graph. */
    @Test
    void everyFootageSpecDerivesItsLaw() {
        for (String[] spec : List.of(new String[]{"footage-walking", "constant-velocity"},
                new String[]{"footage-free-fall", "free-fall"}, new String[]{"footage-pendulum", "harmonic"})) {
            CliRun r = CliRun.of("constraints", ExperimentFixture.ROOT.resolve("experiments/" + spec[0] + ".yaml").toString());
            assertEquals(0, r.code(), spec[0] + ": " + r.err());
            assertTrue(r.out().contains(spec[1]), spec[0] + ": " + r.out());
        }
    }

    @Test
    void recipeOptionsOutOfRangeAreNamed(@TempDir Path tmp) throws Exception {
        Path spec = smallFootageSpec(tmp);
        String text = Files.readString(spec);
        for (String[] bad : List.of(new String[]{"frame_step: 1", "frame_step: often", "must be a whole number or auto"},
                new String[]{"  dense: 64", "  dense: 64\n  kernel: 4", "model.kernel"},
                new String[]{"  dense: 64", "  dense: 64\n  kernel: [5, 5]", "one per conv layer (3)"},
                new String[]{"  dense: 64", "  dense: 64\n  init: xavier", "model.init"},
                new String[]{"  dense: 64", "  dense: 64\n  normalise: batch", "model.normalise"},
                new String[]{"  dense: 64", "  dense: 64\n  head: softargmax", "'model.head' must be dense"},
                new String[]{"generator: folder", "generator: folder\n  label_column: x;y", "'data.label_column' names"},
                new String[]{"  supervised_baseline: true", "  supervised_baseline: true\n  early_stopping:\n    held_out: 0.9",
                        "held_out"},
                new String[]{"  supervised_baseline: true", "  supervised_baseline: true\n  early_stopping:\n    windows: val",
                        "must be held_out (a share of the training windows"},
                new String[]{"  supervised_baseline: true", "  supervised_baseline: true\n  early_stopping:\n    criterion: ratio",
                        "'training.early_stopping.criterion' must be loss"},
                new String[]{"  supervised_baseline: true", "  supervised_baseline: true\n  early_stopping:\n    windows: test\n"
                        + "    held_out: 0.2", "with windows: test nothing is held out"},
                new String[]{"  steps: 10", "  steps: 10\n  restarts: 0", "training.restarts"},
                new String[]{"  steps: 10", "  steps: 10\n  restarts: 2\n  restarts_combine: mean",
                        "'training.restarts_combine' must be lowest_loss"},
                // restarts that stop together would hold 100 x 1 000 001 copies of the weights
                new String[]{"  steps: 10", "  steps: 1000000\n  restarts: 100\n  restarts_combine: average\n"
                        + "  early_stopping:\n    every: 1", "measure less often (training.early_stopping.every: "},
                new String[]{"  steps: 10", "  steps: 10\n  ema_decay: 1.5", "training.ema_decay"},
                new String[]{"  steps: 10", "  steps: 10\n  lr_schedule: step", "'training.lr_schedule' must be constant"},
                new String[]{"  steps: 10", "  steps: 10\n  transductive: sometimes", "training.transductive"},
                new String[]{"    shift: 0.1", "    shift: 1.5", "training.augment.shift"},
                new String[]{"    flip: true", "    flip: true\n    zoom: 0.1", "zoom"})) {
            Files.writeString(spec, text.replace(bad[0], bad[1]));
            CliRun r = CliRun.of("constraints", spec.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[2]) && !r.err().contains("Exception"), bad[1] + ": " + r.err());
        }
    }

    @Test
    void footageWithoutLabelsTrainsAndSaysSo(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Files.delete(footage.resolve("labels.csv"));
        // a folder name with a comma, as a camera's "walk, day 2" would be: quoted in predictions.csv
        String first;
        try (var dirs = Files.list(footage)) {
            first = dirs.map(d -> d.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        Files.move(footage.resolve(first), footage.resolve("walk, day 2"));
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(0, m.get("labelled_test_frames").asInt());
        assertFalse(m.has("supervised.test_corr"), "no supervised baseline without labels");
        assertTrue(r.out().matches("(?s).*label_free\\.window_abs_r +not measured\n.*")
                && r.out().contains("no test frame has a label, so nothing is scored; predictions.csv"), r.out());
        // the tracks are read without an export: every test frame (the second halves, frames 6 to 11), no label
        List<String> rows = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("sequence,frame,label_free,label", rows.get(0));
        assertEquals(1 + 2 * 6, rows.size(), rows.toString());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("\"walk, day 2\",frame_006.png,")), rows.toString());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.endsWith(",") && l.matches(".*,frame_0(0[6-9]|1[01])\\.png,-?[0-9.eE+-]+,")),
                rows.toString());
        // its int8 export compares the tracks with the float32 ones, having no labels to score them by
        CliRun int8 = CliRun.of("export", out.toString(), "--out", tmp.resolve("bundle").toString(), "--int8");
        assertEquals(0, int8.code(), int8.err());
        java.util.regex.Matcher agree = java.util.regex.Pattern.compile("which have no labels to score: the int8 tracks' r with the"
                + " float32 SameDiff ones, per sequence, ([0-9.]+)").matcher(int8.out());
        assertTrue(agree.find(), int8.out());
        assertTrue(Double.parseDouble(agree.group(1)) > 0.9, int8.out());
    }

    @Test
    void theSupervisedBaselineLearnsFromTheFullyLabelledWindows(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(14, 15, 40, 30, 3)).generate(8, 0, 4), footage);
        // a person labelling footage leaves the first frame of one walk unlabelled (say, he is not in view yet)
        Path labels = footage.resolve("labels.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(labels));
        assertTrue(rows.removeIf(row -> row.startsWith("walking-s8-0,frame_000.")), rows.toString());
        Files.write(labels, rows);
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher windows = java.util.regex.Pattern.compile("\\((\\d+) training windows").matcher(r.err());
        assertTrue(windows.find(), r.err());
        int n = Integer.parseInt(windows.group(1));
        // with stride 1, frame 0 lies in the first window of its walk only
        assertTrue(r.err().contains("supervised baseline on the " + (n - 1) + " of " + n + " training windows"), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(n - 1, m.get("supervised_windows").asInt());
        assertTrue(m.has("supervised.window_abs_r"), m.toString());
    }

    @Test
    void anEmptyFootageFolderIsOneClearError(@TempDir Path tmp) throws Exception {
        Path footage = Files.createDirectories(tmp.resolve("empty"));
        assertBadFootage(tmp, footage, "error: " + footage, "no sequences");
    }

    /** A video ffmpeg cannot read is one clear error, and no run starts. */
    @Test
    void aBrokenVideoIsOneClearError(@TempDir Path tmp) throws Exception {
        Path video = Files.write(tmp.resolve("walk.mp4"), new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p'});
        assertBadFootage(tmp, video, "error: " + video, "ffmpeg could not read this video");
    }

    @Test
    void anUnreadableFrameIsNamed(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Path broken = footage.resolve("walking-s9-1").resolve("frame_003.png");
        Files.writeString(broken, "truncated");
        assertBadFootage(tmp, footage, "error: " + broken, "not a readable image (PNG, JPEG, BMP, GIF, TIFF, WebP, HEIC/AVIF or PGM/PPM/PBM");
    }

    @Test
    void aFrameWhoseHeaderClaimsAHugeImageIsRefusedBeforeDecoding(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Path huge = footage.resolve("walking-s9-1").resolve("frame_004.png");
        Files.write(huge, ImageTasksTest.pngClaiming(50_000, 50_000));
        assertBadFootage(tmp, footage, "error: " + huge, "its header claims 50000 × 50000 pixels");
    }

    @Test
    void labelsForMissingFramesNameTheCsvLine(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        VideoFolderWriter.write(new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 32, 32, 3)).generate(9, 0, 2), footage);
        Files.writeString(footage.resolve("labels.csv"), "sequence,frame,value\nwalking-s9-0,frame_000.png,1.5\nwalking-s9-7,frame_000.png,2\n");
        assertBadFootage(tmp, footage, "error: " + footage.resolve("labels.csv") + ":3", "walking-s9-7");
    }

    /**
     * A tracker's table as labels: frame numbers, x and y, the sequence last. The spec names the
     * column (data.label_column); without it the run stops and says which to name. The exported
     * model scores the same column in kenning predict.
     */
    @Test
    void aTrackersTableLabelsTheRunByTheColumnTheSpecNames(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path csv = footage.resolve("labels.csv");
        List<String> rows = Files.readAllLines(csv);
        StringBuilder table = new StringBuilder("frame,x,y,sequence\n");
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            table.append(c[1].replaceAll("\\D", "").replaceFirst("^0+(?=\\d)", "")).append(',').append(c[2])
                    .append(",240,").append(c[0]).append('\n');
        }
        Files.writeString(csv, table);
        Path spec = smallFootageSpec(tmp);
        assertBadFootage(tmp, footage, "error: " + csv + ":1", "(columns here: x, y): data.label_column: x in the spec");

        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", out.toString(),
                "--set", "data.label_column=x");
        assertEquals(0, r.code(), r.err());
        JsonNode m = KenningJson.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(4 * 12, m.get("labelled_test_frames").asInt(), r.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("label_column: x"));

        CliRun p = exportAndPredict(tmp, out, footage);
        assertTrue(p.out().contains("Pearson r vs labels.csv"), p.out());
        CliRun f = CliRun.of("footage", footage.toString(), "--label-column", "x");
        assertTrue(f.out().contains("4 sequences of 24 to 24 frames, 96 frames (96 labelled)"), f.out() + f.err());
    }

    /**
     * The camera's frame rate set in one place: the shipped scene states none, so {@code --set
     * data.fps=30} gives the walker's law dt = 1/30 s, with the statement in the constraint's
     * provenance. A scene that states another rate is refused, naming the triple and its file.
     */
    @Test
    void theCameraFrameRateIsTheSpecsAndASceneThatStatesAnotherNamesTheTriple(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path out = tmp.resolve("at30");
        CliRun ok = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString(),
                "--set", "data.fps=30");
        assertEquals(0, ok.code(), ok.err());
        JsonNode law = null;
        for (JsonNode c : KenningJson.mapper().readTree(out.resolve("constraints.json").toFile()).get("constraints")) {
            if (c.get("kind").asText().equals("constant-velocity")) {
                law = c;
            }
        }
        assertNotNull(law);
        assertEquals(1 / 30.0, law.get("params").get("dt").get("value").asDouble(), 1e-12);
        List<String> rows = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("sequence,frame,label_free,supervised,label", rows.get(0));
        assertEquals(1 + 4 * 12, rows.size(), "every test frame: four second halves of 12 frames");
        assertTrue(rows.get(1).matches("[^,]+,frame_012\\.png,-?[0-9.eE+-]+,-?[0-9.eE+-]+,-?[0-9.eE+-]+"), rows.get(1));
        assertTrue(law.get("provenance").toString().contains("{\"subject\":\"ex:walker\",\"predicate\":\"k:frameRate\",\"object\":\"30.0\"}"),
                law.toString());

        Path scene = tmp.resolve("walking-scene.ttl");
        Files.writeString(scene, Files.readString(ExperimentFixture.ROOT.resolve("experiments/walking-scene.ttl"))
                .replace("k:modelOutput \"position\" ;", "k:modelOutput \"position\" ;\n    k:frameRate \"15.0\"^^xsd:double ;"));
        Path spec = smallFootageSpec(tmp);
        Files.writeString(spec, Files.readString(spec).replace(
                "- " + ExperimentFixture.ROOT.resolve("experiments/walking-scene.ttl"), "- " + scene));
        CliRun r = CliRun.of("run", spec.toString(), "--data", footage.toString(), "--out", tmp.resolve("run").toString(),
                "--set", "data.fps=30");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("data.fps is 30.0 but the knowledge graph's frame rate gives dt = ")
                && r.err().contains("k:frameRate 15.0], in one of physics.ttl, walking-scene.ttl); make them agree")
                && r.err().contains("or leave the frame rate out of the scene"), r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "a refused run leaves no folder");
    }

    /** The spatial-softmax head from the spec: trained, recorded in spec.yaml, exported and run by ONNX Runtime. */
    @Test
    void aNetworkReadingItsChannelsPlacesRunsExportsAndPredicts(@TempDir Path tmp) throws Exception {
        Path footage = fourWalks(tmp);
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", out.toString(),
                "--set", "model.head=spatial_softmax");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("head: spatial_softmax"));
        exportAndPredict(tmp, out, footage, "--engine", "onnx");
        assertEquals(1 + 4 * 24, Files.readAllLines(tmp.resolve("p.csv")).size());
    }

    /** Exports the run in {@code run} and predicts {@code footage} with it, to tmp/p.csv; the predict command, passed. */
    private static CliRun exportAndPredict(Path tmp, Path run, Path footage, String... options) {
        Path bundle = tmp.resolve("bundle");
        assertEquals(0, CliRun.of("export", run.toString(), "--out", bundle.toString()).code());
        List<String> args = new ArrayList<>(List.of("predict", bundle.toString(), "--input", footage.toString(), "--out",
                tmp.resolve("p.csv").toString()));
        args.addAll(List.of(options));
        CliRun p = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, p.code(), p.err());
        return p;
    }

    private static void assertBadFootage(Path tmp, Path footage, String where, String what) throws Exception {
        CliRun r = CliRun.of("run", smallFootageSpec(tmp).toString(), "--data", footage.toString(), "--out", tmp.resolve("run").toString());
        int code = r.code();
        String log = r.err();
        assertEquals(2, code, log);
        assertTrue(log.contains(where) && log.contains(what), log);
        assertFalse(Files.exists(tmp.resolve("run")), "no run folder for bad footage");
    }

    /** A user checks a folder of ffmpeg's unpadded frames before training: the order shown is the number order. */
    @Test
    void footageReportsLengthsAndTheOrderFramesAreReadIn(@TempDir Path tmp) throws Exception {
        Path footage = tmp.resolve("footage");
        List<Video> videos = new WalkingVideoGenerator(new WalkingVideoConfig(12, 15, 40, 30, 3)).generate(8, 0, 3);
        Video tooShort = videos.get(2).slice(0, 3);
        VideoFolderWriter.write(List.of(videos.get(0), videos.get(1).slice(0, 7), tooShort), footage);
        Path first = footage.resolve(videos.get(0).id());
        for (int f = 0; f < 12; f++) {
            Files.move(first.resolve(String.format("frame_%03d.png", f)), first.resolve((f + 1) + ".png"));
        }
        Files.delete(footage.resolve("labels.csv"));
        CliRun r = CliRun.of("footage", footage.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 sequences of 7 to 12 frames, 19 frames (0 labelled); 1 sequence(s) shorter than 5"
                + " frames skipped: " + tooShort.id() + " (3 frames)"), r.out());
        assertTrue(r.out().contains(videos.get(0).id() + ": 1.png, 2.png, 3.png, 4.png … 11.png, 12.png"), r.out());
    }
}
