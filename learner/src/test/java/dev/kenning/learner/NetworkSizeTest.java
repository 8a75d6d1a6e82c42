package dev.kenning.learner;

import dev.kenning.learner.images.ImageNetwork;
import dev.kenning.learner.images.SumClassifier;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A network's size worked out from its shapes (a run's size on disk, before it starts) is the size the built graph has. */
class NetworkSizeTest {

    private static long weights(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .mapToLong(v -> v.getArr().length()).sum();
    }

    @Test
    void theSequenceRegressorsWeightsAreCountedFromItsSpec() {
        ModelSpec spec = new ModelSpec(List.of(16, 32, 32), List.of(3, 5, 3), 64, Init.HE, "position", 0.5);
        assertEquals(weights(SequenceRegressor.create(spec, 3, 32, 24, 1).graph()), SequenceRegressor.parameters(spec, 3, 32, 24));
        ModelSpec places = new ModelSpec(spec.convChannels(), spec.kernels(), 64, Init.HE, "position", 0.5, InputNorm.NONE,
                Head.SPATIAL_SOFTMAX);
        assertEquals(weights(SequenceRegressor.create(places, 3, 32, 24, 1).graph()), SequenceRegressor.parameters(places, 3, 32, 24));
        assertEquals(SequenceRegressor.parameters(spec, 3, 32, 24) - (32L * 4 * 3 - 2 * 32) * 64,
                SequenceRegressor.parameters(places, 3, 32, 24), "two numbers per channel where the map had 4 × 3 places");
    }

    @Test
    void theImageNetworksWeightsAreCountedFromItsShapes() {
        assertEquals(weights(ImageNetwork.create(List.of(8, 16), 1, 28, 28, List.of("attr:a", "attr:b", "attr:c"), 10, 1).graph()),
                ImageNetwork.parameters(List.of(8, 16), 1, 28, 28, 3, 10));
        assertEquals(weights(ImageNetwork.create(List.of(8), 3, 20, 20, List.of(), 4, 1).graph()),
                ImageNetwork.parameters(List.of(8), 3, 20, 20, 0, 4));
    }

    @Test
    void theSumClassifiersWeightsAreCountedFromItsShapes() {
        assertEquals(weights(SumClassifier.create(List.of(8, 16), 2, 28, 28, 1).graph()), SumClassifier.parameters(List.of(8, 16), 2, 28, 28));
    }
}
