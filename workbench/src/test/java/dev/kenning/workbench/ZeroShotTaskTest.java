package dev.kenning.workbench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A zero-shot seed that names every unseen image alike is found from its confusion matrix. */
class ZeroShotTaskTest {
    @Test
    void aSeedNamingEveryUnseenImageAlikeIsFound() {
        // rows true class, columns predicted; classes 1 and 2 unseen
        long[][] collapsed = {{5, 0, 0}, {0, 0, 7}, {0, 0, 9}};
        assertEquals(2, ZeroShotTask.onlyAnswer(collapsed, List.of(1, 2)));
        long[][] varied = {{5, 0, 0}, {0, 6, 1}, {0, 2, 7}};
        assertNull(ZeroShotTask.onlyAnswer(varied, List.of(1, 2)));
        assertNull(ZeroShotTask.onlyAnswer(collapsed, List.of(2)), "one unseen class: one answer is all there is");
    }
}
