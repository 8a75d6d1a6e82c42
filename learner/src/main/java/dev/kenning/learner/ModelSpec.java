package dev.kenning.learner;

import java.util.List;

/**
 * A CNN regressor: 3×3 convolutions (one entry of {@code convChannels} per block, each block
 * conv + ReLU + 2×2 max-pool), then a dense ReLU layer of {@code dense} units, then one linear
 * unit named {@code output}. {@code outputInit} is the initial bias of that unit (e.g. the middle
 * of the physical range), so training starts from a plausible constant.
 */
public record ModelSpec(List<Integer> convChannels, int dense, String output, double outputInit) {
    public ModelSpec {
        convChannels = List.copyOf(convChannels);
        if (convChannels.isEmpty() || convChannels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("conv_channels must be a non-empty list of positive counts, got " + convChannels);
        }
        if (dense < 1) {
            throw new IllegalArgumentException("dense must be >= 1, got " + dense);
        }
    }

    public static ModelSpec defaults(String output, double outputInit) {
        return new ModelSpec(List.of(16, 32, 32), 64, output, outputInit);
    }
}
