package dev.kenning.learner;

import dev.kenning.datasets.FreeFallVideoConfig;
import dev.kenning.datasets.FreeFallVideoGenerator;
import dev.kenning.datasets.Video;
import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchPrefetcherTest {
    @Test
    void everyPassDrawsEachSequenceOnceInTheSameOrderForTheSameSeed() {
        NativeBackend.select();
        FreeFallVideoConfig config = new FreeFallVideoConfig(4, 12, 16, 16, 3.0, 9.81);
        List<Video> videos = new FreeFallVideoGenerator(config).generate(5, 0, 6);
        SequenceRegressor model = SequenceRegressor.create(new ModelSpec(List.of(4), 8, "height", 1.5), 3, 16, 16, 1);
        List<Integer> first = drawn(model, videos, 9);
        assertEquals(first, drawn(model, videos, 9));
        for (int pass = 0; pass < 3; pass++) {
            Set<Integer> seen = new TreeSet<>(first.subList(pass * 6, pass * 6 + 6));
            assertEquals(Set.of(0, 1, 2, 3, 4, 5), seen, "pass " + pass + " of " + first);
        }
    }

    /** Which video each frame block of 9 batches of 2 came from, identified by its first truth value. */
    private static List<Integer> drawn(SequenceRegressor model, List<Video> videos, int steps) {
        List<Integer> ids = new ArrayList<>();
        try (BatchPrefetcher p = new BatchPrefetcher(model, videos, BatchPlan.of(42, videos.size(), 2, Augmentation.NONE, 16), true, null, steps, 2)) {
            for (int s = 0; s < steps; s++) {
                BatchPrefetcher.Batch b = p.next();
                INDArray truth = b.truth();
                for (int i = 0; i < 2; i++) {
                    double first = truth.getDouble(i, 0);
                    for (int v = 0; v < videos.size(); v++) {
                        if ((float) videos.get(v).truth()[0] == (float) first) {
                            ids.add(v);
                        }
                    }
                }
                b.close();
            }
            assertThrows(IllegalStateException.class, p::next, "asking past the last step is an error");
        }
        return ids;
    }
}
