package dev.kenning.workbench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trajectories plot's headings say each model's window |r| beside a clock's, and how its tracks were made. */
class RunPlotsTest {

    @Test
    void aTrackingPhaseHeadingGivesItsWindowMetricBesideTheClocksAndHowItsTracksWereMade() {
        Map<String, Double> metrics = Map.of("label_free.test_corr", 0.7023, "label_free.window_abs_r", 0.6807,
                "label_free.restarts_averaged", 2.0, "label_free.test_views", 6.0, "clock.window_abs_r", 1.0,
                "supervised.test_corr", 0.81);

        assertEquals(List.of("label-free: mean r = 0.702 (4 test videos)", "window |r| = 0.681; a clock (no image seen): 1.000",
                "2 trainings × 6 views of the test frames, averaged per sequence"), RunPlots.heading("label_free", metrics, 4));
        // a phase without a window score (too short a clip for a window) keeps its one line
        assertEquals(List.of("supervised: mean r = 0.810 (4 test videos)"), RunPlots.heading("supervised", metrics, 4));
    }

    /** Free fall's track shares its labels' axis in metres, and takes its own beside a tracker's pixel rows. */
    @Test
    void aTrackTakesAnAxisOfItsOwnOnlyBesideLabelsInOtherUnits() {
        double[] metres = {0.4, 1.0, 1.2, 1.0, 0.4};
        org.junit.jupiter.api.Assertions.assertFalse(RunPlots.otherUnits(new double[]{0.8, 1.3, 1.6, 1.2, 0.9}, metres));
        org.junit.jupiter.api.Assertions.assertTrue(RunPlots.otherUnits(metres, new double[]{180, 120, 100, 120, 180}));
        org.junit.jupiter.api.Assertions.assertTrue(RunPlots.otherUnits(new double[]{0.01, 0.02, 0.03, 0.02, 0.01}, metres));
    }

    /** The loss axis's ticks: three significant digits, plain or scientific, and read back as written. */
    @Test
    void tickLabelsAreValuesThatReadBack() throws Exception {
        for (double v : new double[]{0.0158489, 1.2345e-5, 794.3, 0}) {
            String text = RunPlots.SIGNIFICANT.format(v);
            org.junit.jupiter.api.Assertions.assertEquals(v, RunPlots.SIGNIFICANT.parse(text).doubleValue(), Math.abs(v) * 0.01, text);
        }
        org.junit.jupiter.api.Assertions.assertEquals("0.0158", RunPlots.SIGNIFICANT.format(0.0158489));
        org.junit.jupiter.api.Assertions.assertEquals("1.23e-05", RunPlots.SIGNIFICANT.format(1.2345e-5));
    }

    /**
     * A run of one logged step (steps: 1) with a large loss: the log axis had a range of zero length
     * and threw after both models trained, failing the run; now drawn, a factor of two each way.
     */
    @Test
    void aSingleLoggedStepIsDrawnWhateverItsLoss(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (double loss : new double[]{5.74e7, 0.0123}) {
            java.nio.file.Path file = dir.resolve("losses-" + loss + ".png");
            RunPlots.losses(file, Map.of("label_free", List.of(new dev.kenning.core.HistoryRow(1,
                    Map.of("free-fall", loss, "range", loss), loss, 10)), "supervised", List.of(new dev.kenning.core.HistoryRow(1,
                    Map.of("mse", loss), loss, 10))));
            assertEquals(1040, javax.imageio.ImageIO.read(file.toFile()).getWidth());
        }
    }

    /** A plot the chart library refuses is a warning in the run's log, not a failed run; a disk that refuses it still fails it. */
    @Test
    void aPlotThatCannotBeDrawnIsAWarning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        RunDirectory folder = RunDirectory.claim(dir.resolve("run"));
        List<String> said = new java.util.ArrayList<>();
        RunContext run = new RunContext(folder, new RunListener() {
            @Override
            public void onStage(String stage) {
                said.add(stage);
            }

            @Override
            public void onLog(String phase, dev.kenning.core.HistoryRow row, int totalSteps) {
            }
        });
        run.plot("odd.png", f -> {
            throw new IllegalArgumentException("A positive range length is required");
        });
        assertEquals(List.of("warning: odd.png could not be drawn (java.lang.IllegalArgumentException: A positive range length"
                + " is required); its numbers are in the run's tables and metrics.json"), said);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class, () -> run.plot("full.png", f -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
        }));
        folder.release();
    }
}
