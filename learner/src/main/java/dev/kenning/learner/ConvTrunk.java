package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The convolutional trunk every Kenning CNN shares: per entry of {@code convChannels} a 3×3 (or
 * the given odd size) same-padded convolution ({@code conv<i>/W}, {@code conv<i>/b}, He-initialised from the given
 * generator), a 2×2 max-pool ({@code pool<i>}), then ReLU. Pool before ReLU gives the same values
 * and gradients as ReLU then pool (max commutes with a non-decreasing function) with ReLU on a
 * quarter of the elements; its backward (thresholdedrelu_bp) was ~15% of a free-fall training
 * step before pooling.
 */
public final class ConvTrunk {
    private ConvTrunk() {
    }

    /** The trunk's output and its shape [n, channels, height, width]. */
    public record Output(SDVariable features, int channels, int height, int width) {
        public int flat() {
            return channels * height * width;
        }
    }

    /**
     * How many weights the trunk {@link #build} makes holds, and the size of its flattened output,
     * worked out from the shapes alone (for a run's size on disk before any network is built).
     */
    public static Size size(int channels, int height, int width, List<Integer> convChannels, List<Integer> kernels) {
        long parameters = 0;
        int in = channels;
        int h = height;
        int w = width;
        for (int i = 0; i < convChannels.size(); i++) {
            int out = convChannels.get(i);
            int k = kernels.get(i);
            parameters += (long) k * k * in * out + out;
            in = out;
            h /= 2;
            w /= 2;
        }
        return new Size(parameters, (long) in * Math.max(h, 0) * Math.max(w, 0));
    }

    /** A trunk's weights and the length of its flattened output. */
    public record Size(long parameters, long flat) {
    }

    /**
     * @throws IllegalArgumentException if the pooling blocks halve the image below one pixel
     */
    public static Output build(SameDiff sd, SDVariable input, int channels, int height, int width, List<Integer> convChannels,
                               SplittableRandom rnd) {
        return build(sd, input, channels, height, width, convChannels, threes(convChannels.size()), Init.HE, rnd);
    }

    /** 3 per layer. */
    static List<Integer> threes(int layers) {
        return java.util.Collections.nCopies(layers, 3);
    }

    /** The trunk with each layer's kernel size from {@code kernels} and weights drawn by {@code init}. */
    public static Output build(SameDiff sd, SDVariable input, int channels, int height, int width, List<Integer> convChannels,
                               List<Integer> kernels, Init init, SplittableRandom rnd) {
        SDVariable x = input;
        int in = channels;
        int h = height;
        int w = width;
        for (int i = 0; i < convChannels.size(); i++) {
            int out = convChannels.get(i);
            int k = kernels.get(i);
            SDVariable kernel = sd.var("conv" + i + "/W", init.hidden(rnd, k * k * in, k, k, in, out));
            SDVariable bias = sd.var("conv" + i + "/b", Nd4j.zeros(DataType.FLOAT, out));
            x = sd.cnn().conv2d("conv" + i, x, kernel, bias, Conv2DConfig.builder()
                    .kH(k).kW(k).sH(1).sW(1).pH(k / 2).pW(k / 2).dataFormat("NCHW").build());
            x = sd.cnn().maxPooling2d("pool" + i, x, Pooling2DConfig.builder()
                    .kH(2).kW(2).sH(2).sW(2).isNHWC(false).build());
            x = sd.nn().relu(x, 0);
            in = out;
            h /= 2;
            w /= 2;
        }
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(convChannels.size() + " pooling blocks are too many for " + height + "x" + width
                    + " images");
        }
        return new Output(x, in, h, w);
    }
}
