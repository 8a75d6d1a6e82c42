package dev.kenning.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PoolingWithoutOneDnnTest {
    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    /** A pooled sum of squares, optionally with the listener; returns [output, gradient]. */
    private static INDArray[] poolAndGradient(INDArray input, boolean bypass) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", input.dup());
        SDVariable p = sd.cnn().maxPooling2d("pool", x, Pooling2DConfig.builder()
                .kH(2).kW(2).sH(2).sW(2).isNHWC(false).build());
        p.mul(p).sum("loss");
        sd.setLossVariables("loss");
        if (bypass) {
            sd.addListeners(new PoolingWithoutOneDnn());
        }
        INDArray out = sd.output(Map.of(), "pool").get("pool");
        INDArray grad = sd.calculateGradients(Map.of(), List.of("x")).get("x");
        return new INDArray[]{out, grad};
    }

    @Test
    void sameOutputAndGradientAsTheOneDnnKernel() {
        // Random floats have no tied maxima, so both kernels must agree exactly.
        INDArray input = Nd4j.rand(DataType.FLOAT, 6, 4, 10, 10).subi(0.5);
        INDArray[] onednn = poolAndGradient(input, false);
        INDArray[] own = poolAndGradient(input, true);
        assertEquals(onednn[0], own[0]);
        assertEquals(onednn[1], own[1]);
        assertEquals(6 * 4 * 5 * 5, own[1].neq(0).castTo(DataType.INT).sumNumber().intValue(),
                "one gradient per pooling window");
    }
}
