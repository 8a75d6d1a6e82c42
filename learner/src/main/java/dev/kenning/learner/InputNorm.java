package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a regressor does to each frame before its first convolution ({@code model.normalise}).
 * {@link #NONE} reads the pixels as they are. {@link #FRAME} standardises each frame on its own:
 * its mean goes to 0.5 and its standard deviation to 0.25 (over all its channels and pixels), so
 * a change of the whole frame's brightness or contrast (a light switched, the camera's exposure)
 * reaches the network as nothing, and the values stay near the 0–1 range the initialisation
 * expects. It is part of the graph, so a saved or exported model does it too.
 */
public enum InputNorm {
    NONE, FRAME;

    /** The level a standardised frame's values are centred on, and their spread. */
    static final double CENTRE = 0.5;
    static final double SPREAD = 0.25;
    /** Added to the variance: a frame of one colour becomes a frame of {@link #CENTRE}, not NaN. */
    static final double EPSILON = 1e-6;

    /** The spec's name for it: {@code none}, {@code frame}. */
    public String key() {
        return SpecKeys.key(this);
    }

    /** @throws IllegalArgumentException naming the valid keys */
    public static InputNorm of(String key) {
        return SpecKeys.of(values(), key, "normalise");
    }

    /** {@code x} [n, c, h, w] as this norm gives it to the network. */
    SDVariable apply(SameDiff sd, SDVariable x) {
        if (this == NONE) {
            return x;
        }
        SDVariable mean = sd.mean("norm/mean", x, true, 1, 2, 3);
        SDVariable centred = x.sub("norm/centred", mean);
        SDVariable variance = sd.mean("norm/variance", centred.mul(centred), true, 1, 2, 3);
        SDVariable deviation = sd.math().sqrt("norm/std", variance.add(sd.constant("norm/epsilon", Nd4j.scalar((float) EPSILON))));
        return centred.div(deviation).mul(sd.constant("norm/spread", Nd4j.scalar((float) SPREAD)))
                .add("norm/frames", sd.constant("norm/centre", Nd4j.scalar((float) CENTRE)));
    }
}
