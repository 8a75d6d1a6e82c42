package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a regressor's dense layer reads of its convolutional trunk ({@code model.head}).
 * {@link #DENSE} reads every feature at every place, flattened: a place the training frames never
 * showed the object in has weights that never learnt it. {@link #SPATIAL_SOFTMAX} reads where
 * each channel is active: a softmax over the channel's map weighs its pixels, and the weighted
 * mean of their x and y coordinates (−1 … 1) is the channel's place (Levine et al., "End-to-end
 * training of deep visuomotor policies", 2016). Convolutions move with the object, so the
 * places do too, wherever it goes: two numbers per channel instead of a map.
 */
public enum Head {
    DENSE, SPATIAL_SOFTMAX;

    /** The spec's name for it: {@code dense}, {@code spatial_softmax}. */
    public String key() {
        return SpecKeys.key(this);
    }

    /** @throws IllegalArgumentException naming the valid keys */
    public static Head of(String key) {
        return SpecKeys.of(values(), key, "head");
    }

    /** How many numbers the dense layer reads of a trunk whose flattened output is {@code flat}, from {@code channels} maps. */
    long features(long flat, int channels) {
        return this == DENSE ? flat : 2L * channels;
    }

    /** What the dense layer reads of {@code trunk}: [n, {@link #features}]. */
    SDVariable read(SameDiff sd, ConvTrunk.Output trunk) {
        if (this == DENSE) {
            return trunk.features().reshape(-1, trunk.flat());
        }
        int h = trunk.height();
        int w = trunk.width();
        // each pixel's x and y, −1 … 1 across the map's pixel centres (0 on a side one pixel long)
        float[] coords = new float[h * w * 2];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                coords[(r * w + c) * 2] = w == 1 ? 0 : 2f * c / (w - 1) - 1;
                coords[(r * w + c) * 2 + 1] = h == 1 ? 0 : 2f * r / (h - 1) - 1;
            }
        }
        // one row per frame and channel: its map's softmax, times the coordinates, is its place
        SDVariable maps = trunk.features().reshape(-1, (long) h * w);
        SDVariable weights = sd.nn().softmax("places/softmax", maps, 1);
        SDVariable places = weights.mmul(sd.constant("places/coords", Nd4j.create(coords, new long[]{(long) h * w, 2}, 'c')));
        return places.reshape(-1, 2L * trunk.channels());
    }
}
