package dev.kenning.constraints;

import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two forms of the terms against trivial solutions: per window and pooled over the batch. */
class AntiTrivialTermsTest {
    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    @Test
    void thePooledSpreadIsMinusTheStdOfTheWholeBatchWhileTheHingeIsPerWindow() {
        // two still windows at different heights: each window is flat, the batch is spread
        double[][] still = {{0, 0, 0, 0}, {1, 1, 1, 1}};
        assertEquals(-0.5, FreeFallConstraintTest.lossOf(new PooledSpreadTerm("x"), still), 1e-6);
        assertEquals(0.05, FreeFallConstraintTest.lossOf(new SpreadTerm("x", 0.05), still), 1e-3,
                "the per-window hinge still asks each window to move");
        assertEquals(0, FreeFallConstraintTest.lossOf(new PooledSpreadTerm("x"), new double[][]{{2, 2}, {2, 2}}), 1e-3);
    }

    @Test
    void theRangeTermTakesTheMeanOrTheWorstViolation() {
        double[][] h = {{0.5, 1.4, 0.5, 0.5}, {-0.2, 0.5, 0.5, 0.5}};
        assertEquals((0.4 + 0.2) / 8, FreeFallConstraintTest.lossOf(new RangeTerm("x", 0, 1), h), 1e-9);
        assertEquals(0.4, FreeFallConstraintTest.lossOf(new RangeTerm("x", 0, 1, true), h), 1e-9);
    }
}
