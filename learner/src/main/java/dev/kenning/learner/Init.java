package dev.kenning.learner;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * How a regressor's weights start: {@code he} (He-normal, biases zero, the output layer's weights
 * scaled by 0.1: Kenning's default) or {@code truncated_normal} (every weight from a normal of
 * standard deviation {@code std} cut at two of them, biases zero, the output layer's weights
 * uniform on ±0.1: Stewart &amp; Ermon's released code, with std 0.03).
 */
public record Init(String scheme, double std) {
    public static final String TRUNCATED_NORMAL = "truncated_normal";
    /** The schemes, as a spec names them. */
    public static final java.util.List<String> SCHEMES = java.util.List.of("he", TRUNCATED_NORMAL);
    /** The range of {@code truncated_normal}'s standard deviation, both ends included. */
    public static final double MIN_STD = 1e-6;
    public static final double MAX_STD = 10;
    public static final Init HE = new Init("he", 0);

    public Init {
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("init must be he or " + TRUNCATED_NORMAL + ", got '" + scheme + "'");
        }
        if (scheme.equals(TRUNCATED_NORMAL) && !(std >= MIN_STD && std <= MAX_STD)) {
            throw new IllegalArgumentException("init_std must be between " + MIN_STD + " and " + MAX_STD + ", got " + std);
        }
    }

    /** A hidden layer's weights of {@code shape}, with {@code fanIn} inputs per unit. */
    INDArray hidden(SplittableRandom rnd, int fanIn, long... shape) {
        return scheme.equals("he") ? Weights.he(rnd, fanIn, shape) : Weights.truncatedNormal(rnd, std, shape);
    }

    /** The output layer's weights. */
    INDArray output(SplittableRandom rnd, int fanIn, long... shape) {
        return scheme.equals("he") ? Weights.he(rnd, fanIn, shape).muli(0.1) : Weights.uniform(rnd, 0.1, shape);
    }
}
