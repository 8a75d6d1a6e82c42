package dev.kenning.workbench;

import dev.kenning.core.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that completes but learned nothing (correlation about zero on its own training windows)
 * says so in metrics.json, report.html and what the command line prints; one that learned does not.
 */
class LearnedNothingTest {

    @Test
    void aModelThatLearnedNothingIsFlaggedAndOneThatLearnedIsNot(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path healthy = tmp.resolve("healthy");
        CliRun ok = CliRun.of("run", f.spec.toString(), "--out", healthy.toString(), "--workspace", "off");
        assertEquals(0, ok.code(), ok.err());
        Map<String, Double> learned = RunFolder.of(healthy).metrics().asMap();
        assertTrue(learned.get("label_free.train_corr") >= 0.1, learned.toString());
        assertEquals(0.0, learned.get("label_free.learned_nothing"));
        assertFalse(ok.out().contains("label_free learned nothing"), ok.out());

        // A step this large kills every unit of the network at once: it outputs one constant.
        f.replaceInSpec("log_every: 10", "log_every: 10\n  learning_rate: 0.1");
        Path stuck = tmp.resolve("stuck");
        CliRun nothing = CliRun.of("run", f.spec.toString(), "--out", stuck.toString(), "--workspace", "off");
        assertEquals(0, nothing.code(), "the run completes: " + nothing.err());
        Map<String, Double> metrics = RunFolder.of(stuck).metrics().asMap();
        assertEquals(1.0, metrics.get("label_free.learned_nothing"), metrics.toString());
        assertTrue(Math.abs(metrics.get("label_free.train_corr")) < 0.1, metrics.toString());
        assertTrue(nothing.out().contains("warning: label_free learned nothing: its correlation on its own training"
                + " windows is "), nothing.out());
        String report = Files.readString(stuck.resolve(RunFolder.REPORT));
        assertTrue(report.contains("<b>Warning:</b> label_free learned nothing"), "report.html says so");
    }

    /**
     * Free fall fixes the sign (height, up positive); a tracker's image rows grow downward. A model
     * that learned the throws then correlates negatively with such labels: it is said to run against
     * them, with what to do, not to have learned nothing.
     */
    @Test
    void aModelRunningAgainstLabelsThatGrowDownwardIsToldApartFromOneThatLearnedNothing(@TempDir Path tmp) throws Exception {
        ExperimentFixture f = new ExperimentFixture(tmp);
        Path throwsFolder = tmp.resolve("throws");
        CliRun videos = CliRun.of("videos", f.spec.toString(), "--out", throwsFolder.toString(), "--count", "12",
                "--frames", "15");
        assertEquals(0, videos.code(), videos.err());
        // an image row: 200 px at the floor, 40 px up per metre
        ExperimentFixture.relabel(throwsFolder.resolve("labels.csv"), height -> 200 - 40 * height);
        f.replaceInSpec("generator: free-fall\n  train_videos: 16\n  test_videos: 4\n  frames: 8",
                "generator: folder\n  path: " + throwsFolder + "\n  split: sequence");
        f.replaceInSpec("steps: 20", "steps: 150");
        f.replaceInSpec("image_size: 16", "image_size: 32");
        Path run = tmp.resolve("rows");
        CliRun r = CliRun.of("run", f.spec.toString(), "--out", run.toString(), "--workspace", "off");
        assertEquals(0, r.code(), r.err());
        Map<String, Double> m = RunFolder.of(run).metrics().asMap();
        assertTrue(m.get("label_free.train_corr") <= -0.5, m.toString());
        assertEquals(1.0, m.get("label_free.against_labels"), m.toString());
        assertEquals(0.0, m.get("label_free.learned_nothing"), m.toString());
        assertTrue(r.out().contains("warning: label_free runs against its labels") && r.out().contains("negate the values"),
                r.out());
        assertFalse(r.out().contains("learned nothing"), r.out());
        // in metres, its law's unit, the track spreads about a fortieth of these pixel rows: said, with both causes
        assertTrue(m.get("label_free.spread_per_label_spread") < 0.5, m.toString());
        assertTrue(r.err().contains("note: the label-free track spreads 0.0") && r.err().contains("may be in another unit")
                && r.err().contains("data.fps may not be the camera's frame rate"), r.err());
        assertFalse(m.containsKey("supervised.spread_per_label_spread"), m.toString());
        // the supervised baseline is taught the labels' own sign
        assertFalse(m.containsKey("supervised.against_labels"), m.toString());

        // an export of the model says so too, predicting the same throws with those labels
        Path bundle = tmp.resolve("bundle");
        CliRun export = CliRun.of("export", run.toString(), "--out", bundle.toString());
        assertEquals(0, export.code(), export.err());
        CliRun predict = CliRun.of("predict", bundle.toString(), "--input", throwsFolder.toString(), "--out",
                tmp.resolve("p.csv").toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("note: the predictions run against these labels (r -")
                && predict.out().contains("negate the values in labels.csv"), predict.out());
        assertTrue(predict.out().contains("note: the predictions spread 0.0") && predict.out().contains("(height in the law's unit"
                + " at the run's data.fps)"), predict.out());
    }
}
