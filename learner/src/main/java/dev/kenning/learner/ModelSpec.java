package dev.kenning.learner;

import java.util.List;

/**
 * A CNN regressor: convolutions (one entry of {@code convChannels} per block, each block conv +
 * ReLU + 2×2 max-pool; {@code kernels} gives each block's odd kernel size, 3 by default), then a
 * dense ReLU layer of {@code dense} units, then one linear unit named {@code output}, weights drawn
 * by {@code init}. {@code outputInit} is the initial bias of that unit (e.g. the middle of the
 * physical range), so training starts from a plausible constant. {@code normalise} says what
 * each frame goes through before the first convolution ({@link InputNorm}). {@code outputScale}
 * is the unit the output layer works in: the output is {@code outputScale} times the layer's
 * value, so a target with a spread of hundreds (pixels) is learnt as one of about 1, at the pace
 * the learning rate sets for the weights (1: the layer's value as it is). {@code head} is what the
 * dense layer reads of the convolutions' maps ({@link Head}).
 */
public record ModelSpec(List<Integer> convChannels, List<Integer> kernels, int dense, Init init, String output,
                        double outputInit, InputNorm normalise, double outputScale, Head head) {
    public ModelSpec {
        convChannels = List.copyOf(convChannels);
        kernels = List.copyOf(kernels);
        java.util.Objects.requireNonNull(normalise, "normalise");
        java.util.Objects.requireNonNull(head, "head");
        if (convChannels.isEmpty() || convChannels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("conv_channels must be a non-empty list of positive counts, got " + convChannels);
        }
        if (kernels.size() != convChannels.size() || kernels.stream().anyMatch(k -> k < 1 || k % 2 == 0 || k > 15)) {
            throw new IllegalArgumentException("kernel must give one odd size from 1 to 15 per conv layer ("
                    + convChannels.size() + "), got " + kernels);
        }
        if (dense < 1) {
            throw new IllegalArgumentException("dense must be >= 1, got " + dense);
        }
        if (!(outputScale > 0) || Double.isInfinite(outputScale)) {
            throw new IllegalArgumentException("outputScale must be a finite number > 0, got " + outputScale);
        }
    }

    /** The output in its own units. */
    public ModelSpec(List<Integer> convChannels, List<Integer> kernels, int dense, Init init, String output,
                     double outputInit, InputNorm normalise, Head head) {
        this(convChannels, kernels, dense, init, output, outputInit, normalise, 1, head);
    }

    /** The output in its own units, the dense layer reading every feature ({@link Head#DENSE}). */
    public ModelSpec(List<Integer> convChannels, List<Integer> kernels, int dense, Init init, String output,
                     double outputInit, InputNorm normalise) {
        this(convChannels, kernels, dense, init, output, outputInit, normalise, Head.DENSE);
    }

    /** Frames as they are. */
    public ModelSpec(List<Integer> convChannels, List<Integer> kernels, int dense, Init init, String output, double outputInit) {
        this(convChannels, kernels, dense, init, output, outputInit, InputNorm.NONE);
    }

    /** 3×3 kernels, He initialisation, frames as they are. */
    public ModelSpec(List<Integer> convChannels, int dense, String output, double outputInit) {
        this(convChannels, ConvTrunk.threes(convChannels.size()), dense, Init.HE, output, outputInit);
    }

    /**
     * The same network with its output starting at {@code start} and working in units of
     * {@code scale}: for a target of that mean and spread, e.g. the labels of a supervised model.
     */
    public ModelSpec withOutput(double start, double scale) {
        return new ModelSpec(convChannels, kernels, dense, init, output, start, normalise, scale, head);
    }

    public static ModelSpec defaults(String output, double outputInit) {
        return new ModelSpec(List.of(16, 32, 32), 64, output, outputInit);
    }
}
