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
        List<Layer> layers = layers(channels, convChannels, kernels);
        long parameters = layers.stream().mapToLong(Layer::parameters).sum();
        return new Size(parameters, (long) channelsOut(channels, layers) * pooled(height, layers) * pooled(width, layers));
    }

    /** One convolution block: its input and output channels and its kernel size. */
    private record Layer(int in, int out, int kernel) {
        long parameters() {
            return (long) kernel * kernel * in * out + out;
        }
    }

    /** The blocks {@link #build} makes, each 2×2-pooled, so the image shrinks by 2^(blocks). */
    private static List<Layer> layers(int channels, List<Integer> convChannels, List<Integer> kernels) {
        List<Layer> layers = new java.util.ArrayList<>();
        int in = channels;
        for (int i = 0; i < convChannels.size(); i++) {
            layers.add(new Layer(in, convChannels.get(i), kernels.get(i)));
            in = convChannels.get(i);
        }
        return layers;
    }

    /** The channels the last block gives ({@code channels} with no block). */
    private static int channelsOut(int channels, List<Layer> layers) {
        return layers.isEmpty() ? channels : layers.get(layers.size() - 1).out();
    }

    /** Pixels left of {@code px} after every block's 2×2 pooling (each halving rounds down). */
    private static int pooled(int px, List<Layer> layers) {
        return layers.size() >= Integer.SIZE - 1 ? 0 : px >> layers.size();
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
        List<Layer> layers = layers(channels, convChannels, kernels);
        int h = pooled(height, layers);
        int w = pooled(width, layers);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(convChannels.size() + " pooling blocks are too many for " + height + "x" + width
                    + " images");
        }
        SDVariable x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            int k = l.kernel();
            SDVariable kernel = sd.var("conv" + i + "/W", init.hidden(rnd, k * k * l.in(), k, k, l.in(), l.out()));
            SDVariable bias = sd.var("conv" + i + "/b", Nd4j.zeros(DataType.FLOAT, l.out()));
            x = sd.cnn().conv2d("conv" + i, x, kernel, bias, Conv2DConfig.builder()
                    .kH(k).kW(k).sH(1).sW(1).pH(k / 2).pW(k / 2).dataFormat("NCHW").build());
            x = sd.cnn().maxPooling2d("pool" + i, x, Pooling2DConfig.builder()
                    .kH(2).kW(2).sH(2).sW(2).isNHWC(false).build());
            x = sd.nn().relu(x, 0);
        }
        return new Output(x, channelsOut(channels, layers), h, w);
    }
}
