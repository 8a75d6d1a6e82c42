package dev.kenning.learner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void onlyLabelledFramesCount() {
        double[][] truth = {{0, NAN, 2, 3, NAN, 5}};
        double[][] predicted = {{0, 99, 2, 3, -7, 5}};
        TrackingScores s = TrackingScores.of(predicted, truth, 6, true);
        assertEquals(1.0, s.testCorr(), 1e-12);
        assertEquals(4, s.labelledFrames());
        assertEquals(1, s.windowsScored());
    }
}
