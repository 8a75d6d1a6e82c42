package dev.kenning.learner.images;

import dev.kenning.datasets.LabelledImages;
import dev.kenning.engine.PoolingWithoutOneDnn;
import dev.kenning.learner.ConvTrunk;
import dev.kenning.learner.Network;
import dev.kenning.learner.Weights;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A CNN over images of one channel (grey) or more (RGB): conv 3×3 + ReLU + 2×2 max-pool blocks into an embedding
 * ({@value #EMBEDDING}, flattened), with an optional attribute head ({@value #ATTRIBUTES}:
 * one sigmoid per named attribute) and an optional class head ({@value #CLASS_LOGITS}).
 * Weights are drawn from the seed with our own generator, so a run is reproducible. Pooling runs
 * on libnd4j's kernels ({@link PoolingWithoutOneDnn}), as in the sequence regressor.
 */
public final class ImageNetwork implements Network {
    public static final String INPUT = "images";
    public static final String EMBEDDING = "embedding";
    public static final String ATTRIBUTE_LOGITS = "attribute_logits";
    public static final String ATTRIBUTES = "attributes";
    public static final String CLASS_LOGITS = "class_logits";
    private static final int CHUNK = 500;

    private final SameDiff sd;
    private final int channels;
    private final int rows;
    private final int cols;
    private final int embeddingSize;
    private final List<String> attributes;
    private final int classes;

    private ImageNetwork(SameDiff sd, int channels, int rows, int cols, int embeddingSize, List<String> attributes,
                         int classes) {
        this.sd = sd;
        this.channels = channels;
        this.rows = rows;
        this.cols = cols;
        this.embeddingSize = embeddingSize;
        this.attributes = List.copyOf(attributes);
        this.classes = classes;
    }

    /**
     * @param channels   input channels: 1 for grey images, 3 for RGB
     * @param attributes names of the attribute outputs ("attr:straps"), none for no attribute head
     * @param classes    size of the class head, 0 for none
     */
    /** How many weights {@link #create} makes for these shapes: the trunk and each head. */
    public static long parameters(List<Integer> convChannels, int channels, int rows, int cols, int attributes, int classes) {
        ConvTrunk.Size trunk = ConvTrunk.size(channels, rows, cols, convChannels, java.util.Collections.nCopies(convChannels.size(), 3));
        return trunk.parameters() + (trunk.flat() + 1) * attributes + (trunk.flat() + 1) * classes;
    }

    public static ImageNetwork create(List<Integer> convChannels, int channels, int rows, int cols, List<String> attributes,
                                      int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, channels, rows, cols);
        ConvTrunk.Output trunk = ConvTrunk.build(sd, x, channels, rows, cols, convChannels, rnd);
        int flat = trunk.flat();
        SDVariable embedding = trunk.features().reshape(-1, flat).add(EMBEDDING, 0.0);
        // heads as mmul + add: nn.linear (xw_plus_b) is wrong forward-only on the oneDNN builds (docs/architecture.md, Facts)
        if (!attributes.isEmpty()) {
            SDVariable wa = sd.var("attr/W", Weights.he(rnd, flat, flat, attributes.size()).muli(0.1));
            SDVariable ba = sd.var("attr/b", Nd4j.zeros(DataType.FLOAT, 1, attributes.size()));
            SDVariable logits = embedding.mmul(wa).add(ATTRIBUTE_LOGITS, ba);
            sd.nn().sigmoid(ATTRIBUTES, logits);
        }
        if (classes > 0) {
            SDVariable wc = sd.var("class/W", Weights.he(rnd, flat, flat, classes).muli(0.1));
            SDVariable bc = sd.var("class/b", Nd4j.zeros(DataType.FLOAT, 1, classes));
            embedding.mmul(wc).add(CLASS_LOGITS, bc);
        }
        sd.addListeners(new PoolingWithoutOneDnn());
        return new ImageNetwork(sd, channels, rows, cols, flat, attributes, classes);
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    /** Saves the graph with its weights and the updater's state (SameDiff's FlatBuffers format). */
    @Override
    public void save(Path file) {
        sd.save(file.toFile(), true);
    }

    /** Input channels: 1 for grey images, 3 for RGB. */
    public int channels() {
        return channels;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    public List<String> attributes() {
        return attributes;
    }

    public int classes() {
        return classes;
    }

    /** The images at {@code index} as one NCHW batch. */
    public INDArray batch(LabelledImages data, int[] index) {
        return batch(data, index, channels, rows, cols);
    }

    /** The images at {@code index} as one NCHW batch for a model taking {@code channels}×{@code rows}×{@code cols}. */
    static INDArray batch(LabelledImages data, int[] index, int channels, int rows, int cols) {
        int size = channels * rows * cols;
        if (data.channels() != channels || data.rows() != rows || data.cols() != cols) {
            throw new IllegalArgumentException("images are " + data.channels() + "x" + data.rows() + "x" + data.cols()
                    + ", the model takes " + channels + "x" + rows + "x" + cols);
        }
        float[] flat = new float[index.length * size];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(data.pixels()[index[i]], 0, flat, i * size, size);
        }
        return Nd4j.create(flat, new long[]{index.length, channels, rows, cols}, 'c');
    }

    /** The named outputs for the images at {@code index}, in chunks, as [images][values] arrays. */
    public Map<String, float[][]> outputs(LabelledImages data, int[] index, String... names) {
        Map<String, float[][]> out = new HashMap<>();
        for (String name : names) {
            out.put(name, new float[index.length][]);
        }
        for (int start = 0; start < index.length; start += CHUNK) {
            int[] chunk = java.util.Arrays.copyOfRange(index, start, Math.min(index.length, start + CHUNK));
            try (INDArray x = batch(data, chunk)) {
                Map<String, INDArray> result = sd.output(Map.of(INPUT, x), names);
                for (String name : names) {
                    INDArray y = result.get(name);
                    float[][] rowsOut = out.get(name);
                    for (int i = 0; i < chunk.length; i++) {
                        rowsOut[start + i] = y.getRow(i).toFloatVector();
                    }
                    y.close();
                }
            }
        }
        return out;
    }
}
