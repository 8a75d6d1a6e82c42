package dev.kenning.learner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingScoresTest {
    private static final double NAN = Double.NaN;

    @Test
    void signFreeLawsScoreAbsoluteCorrelationAndGlobalRevealsFlips() {
        double[][] truth = {{0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}};
        double[][] predicted = {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}};
        TrackingScores free = TrackingScores.of(predicted, truth, 3, false);
        assertEquals(1.0, free.testCorr(), 1e-12);
        assertEquals(1.0, free.windowAbsR(), 1e-12);
        assertEquals(0.0, free.globalR(), 1e-12, "one sequence flipped: no shared coordinate");
        TrackingScores fixed = TrackingScores.of(predicted, truth, 3, true);
        assertEquals(0.0, fixed.testCorr(), 1e-12);
        assertEquals(-1.0, fixed.testCorrMin(), 1e-12);
    }

    /** The median over sequences of the predictions' spread per the labels', on labelled frames; sequences too short or flat left out. */
    @Test
    void spreadPerLabelSpreadIsTheMedianOverSequences() {
        double[][] truth = {{0, 1, 2, NAN}, {0, 1, 2, 3}, {0, 2, 4, 6}, {1, 1, 1, 1}, {0, 1, NAN, NAN}};
        double[][] predicted = {{0, 2, 4, 100}, {0, 3, 6, 9}, {0, 1, 2, 3}, {0, 5, 9, 2}, {0, 9, 9, 9}};
        // ratios 2 (the unlabelled frame's 100 not counted), 3, 0.5; a flat and a two-frame sequence left out
        assertEquals(2.0, TrackingScores.spreadPerLabelSpread(predicted, truth), 1e-12);
        assertEquals(2.5, TrackingScores.spreadPerLabelSpread(new double[][]{predicted[0], predicted[1]},
                new double[][]{truth[0], truth[1]}), 1e-12);
        assertTrue(Double.isNaN(TrackingScores.spreadPerLabelSpread(new double[][]{{1, 2, 3}}, new double[][]{{NAN, NAN, NAN}})));
    }

    @Test
    void onlyLabelledFramesCount() {
        double[][] truth = {{0, NAN, 2, 3, NAN, 5}};
        double[][] predicted = {{0, 99, 2, 3, -7, 5}};
        TrackingScores s = TrackingScores.of(predicted, truth, 6, true);
        assertEquals(1.0, s.testCorr(), 1e-12);
        assertEquals(4, s.labelledFrames());
        assertEquals(1, s.windowsScored());
    }

    @Test
    void withAFrameStepTheWindowsSkipFramesAsTrainingWindowsDo() {
        // frames 0, 2, 4 and 5, 7, 9 (the two windows' frames) track perfectly; the others are noise
        double[][] truth = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
        double[][] predicted = {{0, 9, 2, -4, 4, 5, -3, 7, 1, 9, -8}};
        TrackingScores stepped = TrackingScores.of(predicted, truth, 3, 2, false);
        assertEquals(1.0, stepped.windowAbsR(), 1e-12);
        assertEquals(2, stepped.windowsScored(), "frames 0-4 and 5-9 (span 5); frame 10 is left over");
        assertEquals(TrackingScores.of(predicted, truth, 3, false).windowAbsR(),
                TrackingScores.of(predicted, truth, 3, 1, false).windowAbsR(), 0, "step 1 is the consecutive windows");
    }
}
