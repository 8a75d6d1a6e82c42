package dev.kenning.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kenning.core.KenningJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * run → export → predict as a user does it: the exported model, run by ONNX Runtime on the run's
 * own test videos read back from PNG, must score what the run scored; a damaged bundle is one
 * message and exit code 2.
 */
class ExportCommandLineTest {
    @TempDir
    static Path tmp;
    private static Path run;
    private static Path bundle;
    private static Path videos;



    @BeforeAll
    static void runAndExport() throws IOException {
        ExperimentFixture f = new ExperimentFixture(tmp);
        run = tmp.resolve("run");
        CliRun r = CliRun.of("run", f.spec.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        videos = tmp.resolve("videos");
        CliRun v = CliRun.of("videos", f.spec.toString(), "--out", videos.toString(), "--count", "4");
        assertEquals(0, v.code(), v.err());
        bundle = tmp.resolve("bundle");
        CliRun e = CliRun.of("export", run.toString(), "--out", bundle.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("bundle size"), e.out());
    }

    @Test
    void onnxPredictionsOnTheTestVideosReproduceTheRunsCorrelation() throws IOException {
        Path csv = tmp.resolve("onnx.csv");
        CliRun o = CliRun.of("predict", bundle.toString(), "--input", videos.toString(), "--engine", "onnx",
                "--out", csv.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("sequence,frame,prediction", rows.get(0));
        assertEquals(1 + 4 * 8, rows.size(), "one row per frame of 4 videos of 8 frames");
        assertTrue(rows.get(1).matches("[^,]+,frame_000\\.png,-?[0-9.eE+-]+"), rows.get(1));
        Matcher m = Pattern.compile("Pearson r vs labels.csv: (\\S+) over 4 .*test_corr: (\\S+)").matcher(o.out());
        assertTrue(m.find(), o.out());
        double predicted = Double.parseDouble(m.group(1));
        double recorded = KenningJson.mapper().readTree(run.resolve("metrics.json").toFile())
                .get("label_free.test_corr").asDouble();
        assertEquals(recorded, Double.parseDouble(m.group(2)), 1e-6);
        // The saved frames are 8-bit PNG, the run scored float frames: this tiny, barely trained model
        // (r ~ 0.15) moves by ~1e-3 under that rounding. The full free-fall run agrees to ~1e-5.
        assertEquals(recorded, predicted, 5e-3, "predict on the saved test videos vs the run's own score");
        Matcher w = Pattern.compile("window \\|r\\| .*: (\\S+) over (\\d+) window.*label_free.window_abs_r: (\\S+)").matcher(o.out());
        assertTrue(w.find(), o.out());
        assertEquals(Double.parseDouble(w.group(3)), Double.parseDouble(w.group(1)), 5e-3, "the window metric too");
        // the clock on the same frames, as the run scored it on its test videos
        Matcher c = Pattern.compile("a clock \\(each frame's index as the prediction, no image seen\\) scores window \\|r\\| (\\S+)")
                .matcher(o.out());
        assertTrue(c.find(), o.out());
        assertEquals(KenningJson.mapper().readTree(run.resolve("metrics.json").toFile()).get("clock.window_abs_r").asDouble(),
                Double.parseDouble(c.group(1)), 5e-4, "the clock's window |r| as the run had it");
    }

    /** A folder holding one sequence's frames itself is read as that sequence; predict names its frames too. */
    @Test
    void aFlatFolderOfFramesIsPredicted() throws IOException {
        Path one;
        try (var dirs = Files.list(videos)) {
            one = dirs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        Path csv = tmp.resolve("flat.csv");
        CliRun o = CliRun.of("predict", bundle.toString(), "--input", one.toString(), "--out", csv.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(csv);
        try (var frames = Files.list(one)) {
            assertEquals(1 + frames.filter(f -> f.toString().endsWith(".png")).count(), rows.size());
        }
        assertTrue(rows.get(1).startsWith(one.getFileName() + ",frame_000.png,"), rows.get(1));

        // beside its frames, a labels.csv without a sequence column is that sequence's, in a tracker's column
        Path own = tmp.resolve("flat-labelled");
        Files.createDirectories(own);
        StringBuilder labels = new StringBuilder("frame,x\n");
        for (String line : Files.readAllLines(videos.resolve("labels.csv"))) {
            String[] cells = line.split(",");
            if (cells[0].equals(one.getFileName().toString())) {
                Files.copy(one.resolve(cells[1]), own.resolve(cells[1]));
                labels.append(cells[1]).append(',').append(cells[2]).append('\n');
            }
        }
        Files.writeString(own.resolve("labels.csv"), labels);
        CliRun unnamed = CliRun.of("predict", bundle.toString(), "--input", own.toString(), "--out", tmp.resolve("own.csv").toString());
        assertEquals(2, unnamed.code(), unnamed.out());
        assertTrue(unnamed.err().contains("--label-column x for kenning footage and kenning predict"), unnamed.err());
        CliRun scored = CliRun.of("predict", bundle.toString(), "--input", own.toString(), "--out", tmp.resolve("own.csv").toString(),
                "--label-column", "x");
        assertEquals(0, scored.code(), scored.err());
        assertTrue(scored.out().contains("Pearson r vs labels.csv: ") && scored.out().contains(" over 1 "), scored.out());
    }

    /** predict reads footage through the decode cache runs use: a second prediction of a folder decodes nothing, and agrees. */
    @Test
    void aSecondPredictionReadsTheFramesFromTheDecodeCache() throws IOException {
        Path copy = tmp.resolve("videos-copy");
        try (var files = Files.walk(videos)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(videos.relativize(f).toString()));
            }
        }
        CliRun first = CliRun.of("predict", bundle.toString(), "--input", copy.toString(), "--out", tmp.resolve("c1.csv").toString());
        CliRun second = CliRun.of("predict", bundle.toString(), "--input", copy.toString(), "--out", tmp.resolve("c2.csv").toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, second.code(), second.err());
        assertFalse(first.out().contains("decode cache"), first.out());
        assertTrue(second.out().contains("(frames read from the decode cache)"), second.out());
        assertEquals(Files.readString(tmp.resolve("c1.csv")), Files.readString(tmp.resolve("c2.csv")));
    }

    @Test
    void bothEnginesWriteTheSamePredictions() throws IOException {
        Path a = tmp.resolve("samediff.csv");
        Path b = tmp.resolve("onnx2.csv");
        assertEquals(0, CliRun.of("predict", bundle.toString(), "--input", videos.toString(), "--out", a.toString()).code());
        assertEquals(0, CliRun.of("predict", bundle.toString(), "--input", videos.toString(), "--engine", "onnx",
                "--out", b.toString()).code());
        List<String> x = Files.readAllLines(a);
        List<String> y = Files.readAllLines(b);
        assertEquals(x.size(), y.size());
        for (int i = 1; i < x.size(); i++) {
            double p = Double.parseDouble(x.get(i).split(",")[2]);
            double q = Double.parseDouble(y.get(i).split(",")[2]);
            assertEquals(p, q, 1e-4, "row " + i);
        }
    }

    @Test
    void int8ExportReportsTheMetricChangeOnTheRunsTestSequences() throws IOException {
        CliRun o = CliRun.of("export", run.toString(), "--out", tmp.resolve("int8").toString(), "--int8");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().matches("(?s).*int8 ONNX weights on the run's 4 test sequences: test_corr -?[0-9.]+ \\(float32"
                + " SameDiff -?[0-9.]+, change [+-][0-9.]+\\).*"), o.out());
        assertTrue(Files.size(tmp.resolve("int8/model.onnx")) < Files.size(bundle.resolve("model.onnx")));
        assertTrue(Files.readString(tmp.resolve("int8/manifest.json")).contains("\"onnx_weights\" : \"int8"));
    }

    @Test
    void aTruncatedBundleIsOneMessageAndExitCodeTwo() throws IOException {
        Path b = dev.kenning.core.FileTree.copy(bundle, tmp.resolve("truncated"));
        byte[] sdz = Files.readAllBytes(b.resolve("model.sdz"));
        Files.write(b.resolve("model.sdz"), java.util.Arrays.copyOf(sdz, sdz.length - 100));
        CliRun o = CliRun.of("predict", b.toString(), "--input", videos.toString(), "--out", tmp.resolve("x.csv").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("error: ") && o.err().contains("model.sdz: is corrupted or truncated"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void predictionsToAFolderAreRefusedBeforeAnyImageIsRead() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("a-folder"));
        CliRun o = CliRun.of("predict", bundle.toString(), "--input", videos.toString(), "--out", folder.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("error: " + folder + ": is a folder; --out names the CSV file the predictions are written to, e.g. "
                + folder.resolve("predictions.csv"), o.err().strip());
    }

    @Test
    void aNewerManifestIsOneMessageAndExitCodeTwo() throws IOException {
        Path b = dev.kenning.core.FileTree.copy(bundle, tmp.resolve("newer"));
        ObjectNode m = (ObjectNode) KenningJson.mapper().readTree(b.resolve("manifest.json").toFile());
        m.put("format_version", 99);
        KenningJson.write(b.resolve("manifest.json"), m);
        CliRun o = CliRun.of("predict", b.toString(), "--input", videos.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("format version 99 is newer than this Kenning reads"), o.err());
    }

    @Test
    void aMissingFileIsOneMessageAndExitCodeTwo() throws IOException {
        Path b = dev.kenning.core.FileTree.copy(bundle, tmp.resolve("missing"));
        JsonNode m = KenningJson.mapper().readTree(b.resolve("manifest.json").toFile());
        String knowledgeCopy = m.path("knowledge").get(0).path("file").asText();
        Files.delete(b.resolve(knowledgeCopy));
        Files.delete(b.resolve("model.onnx"));
        // the engine that would not read model.onnx refuses the bundle too, saying what is missing and how to make it whole
        CliRun o = CliRun.of("predict", b.toString(), "--input", videos.toString(), "--engine", "samediff");
        assertEquals(2, o.code(), o.err());
        assertEquals("error: " + b + ": the bundle is incomplete: model.onnx, " + knowledgeCopy + " missing (its manifest lists"
                + " them with a SHA-256, and a bundle is used only whole, whichever engine runs it); export the run again to make"
                + " a whole bundle: kenning export " + run.toAbsolutePath() + " --phase label_free --out NEW_BUNDLE", o.err().strip());
        CliRun none = CliRun.of("predict", tmp.resolve("no-such-bundle").toString(), "--input", videos.toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("bundle folder not found"), none.err());
    }

    @Test
    void exportRefusesAnUnknownPhaseAndAnIncompleteRun() throws IOException {
        CliRun phase = CliRun.of("export", run.toString(), "--out", tmp.resolve("b2").toString(), "--phase", "fewshot");
        assertEquals(2, phase.code());
        assertTrue(phase.err().contains("--phase"), phase.err());
        Path incomplete = Files.createDirectories(tmp.resolve("incomplete"));
        CliRun o = CliRun.of("export", incomplete.toString(), "--out", tmp.resolve("b3").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("did not complete"), o.err());
    }
}
