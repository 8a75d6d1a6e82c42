package dev.kenning.learner;

import dev.kenning.datasets.Video;
import dev.kenning.engine.PoolingWithoutOneDnn;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A CNN that maps one frame to one number (e.g. the height of the tracked object), as a SameDiff
 * graph with input placeholder {@value #INPUT}. Weights are drawn from the seed with our own
 * generator, so a run is reproducible whatever ND4J's global random state is.
 */
public final class SequenceRegressor implements Network {
    public static final String INPUT = "frames";
    private static final int PREDICT_CHUNK = 512;

    private final SameDiff sd;
    private final ModelSpec spec;
    private final int channels;
    private final int height;
    private final int width;

    private SequenceRegressor(SameDiff sd, ModelSpec spec, int channels, int height, int width) {
        this.sd = sd;
        this.spec = spec;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** How many weights {@link #create} makes for these shapes: the trunk, the dense layer (on the head's features) and the output. */
    public static long parameters(ModelSpec spec, int channels, int height, int width) {
        ConvTrunk.Size trunk = ConvTrunk.size(channels, height, width, spec.convChannels(), spec.kernels());
        long read = spec.head().features(trunk.flat(), spec.convChannels().get(spec.convChannels().size() - 1));
        return trunk.parameters() + read * spec.dense() + spec.dense() + spec.dense() + 1;
    }

    public static SequenceRegressor create(ModelSpec spec, int channels, int height, int width, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = spec.normalise().apply(sd, sd.placeHolder(INPUT, DataType.FLOAT, -1, channels, height, width));
        ConvTrunk.Output trunk = ConvTrunk.build(sd, x, channels, height, width, spec.convChannels(), spec.kernels(),
                spec.init(), rnd);
        int flat = (int) spec.head().features(trunk.flat(), trunk.channels());
        x = spec.head().read(sd, trunk);
        // mmul + add rather than nn.linear: xw_plus_b gives wrong forward-only results on the
        // oneDNN builds (docs/architecture.md, Facts).
        SDVariable w1 = sd.var("dense/W", spec.init().hidden(rnd, flat, flat, spec.dense()));
        SDVariable b1 = sd.var("dense/b", Nd4j.zeros(DataType.FLOAT, 1, spec.dense()));
        x = sd.nn().relu(x.mmul(w1).add(b1), 0);
        SDVariable w2 = sd.var("out/W", spec.init().output(rnd, spec.dense(), spec.dense(), 1));
        double scale = spec.outputScale();
        SDVariable b2 = sd.var("out/b", Nd4j.valueArrayOf(new long[]{1, 1}, (float) (spec.outputInit() / scale)));
        if (scale == 1) {
            x.mmul(w2).add(spec.output(), b2);
        } else {
            // a constant, not a scalar op, so the ONNX export writes it as a Mul like any other
            x.mmul(w2).add(b2).mul(spec.output(), sd.constant("out/scale", Nd4j.valueArrayOf(new long[]{1, 1}, (float) scale)));
        }
        sd.addListeners(new PoolingWithoutOneDnn());
        return new SequenceRegressor(sd, spec, channels, height, width);
    }

    @Override
    public SameDiff graph() {
        return sd;
    }

    public ModelSpec spec() {
        return spec;
    }

    public String output() {
        return spec.output();
    }

    /** The frames' width in pixels the model takes. */
    public int width() {
        return width;
    }

    /** Frames of the given sequences as one NCHW batch, sequence after sequence. */
    public INDArray batch(List<Video> videos) {
        return batch(videos, null);
    }

    /** As {@link #batch(List)}, each sequence changed as {@code changes} says (null: none changed). */
    INDArray batch(List<Video> videos, Augmentation.Change[] changes) {
        int frames = videos.get(0).frames();
        int size = videos.get(0).frameSize();
        float[] data = new float[videos.size() * frames * size];
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            if (v.frames() != frames || v.frameSize() != size || v.channels() != channels
                    || v.height() != height || v.width() != width) {
                throw new IllegalArgumentException("sequence " + v.id() + " is " + v.frames() + "x" + v.channels()
                        + "x" + v.height() + "x" + v.width() + ", the model takes " + frames + "x" + channels
                        + "x" + height + "x" + width);
            }
            System.arraycopy(v.pixels(), 0, data, i * frames * size, frames * size);
            if (changes != null) {
                Augmentation.apply(data, i * frames * size, frames, channels, height, width, changes[i]);
            }
        }
        return Nd4j.create(data, new long[]{(long) videos.size() * frames, channels, height, width}, 'c');
    }

    /**
     * The model's output for every frame of every sequence: [sequence][frame]. The model reads one
     * frame at a time, so the sequences may have any lengths. Frames run in chunks of at most
     * {@value #PREDICT_CHUNK}: whole sequences while they fit, a longer sequence in pieces.
     */
    public double[][] predict(List<Video> videos) {
        // first[s]: the index of sequence s's first frame among all frames, in order
        int[] first = new int[videos.size() + 1];
        double[][] out = new double[videos.size()][];
        for (int i = 0; i < videos.size(); i++) {
            Video v = videos.get(i);
            if (v.channels() != channels || v.height() != height || v.width() != width) {
                throw new IllegalArgumentException("sequence " + v.id() + " has frames of " + v.channels() + "x"
                        + v.height() + "x" + v.width() + ", the model takes " + channels + "x" + height + "x" + width);
            }
            out[i] = new double[v.frames()];
            first[i + 1] = first[i] + v.frames();
        }
        int size = channels * height * width;
        int total = first[videos.size()];
        for (int from = 0, seq = 0; from < total; ) {
            int to = chunkEnd(first, from);
            float[] data = new float[(to - from) * size];
            for (int g = from, s = seq; g < to; g++) {
                while (g >= first[s + 1]) {
                    s++;
                }
                System.arraycopy(videos.get(s).pixels(), (g - first[s]) * size, data, (g - from) * size, size);
            }
            try (INDArray x = Nd4j.create(data, new long[]{to - from, channels, height, width}, 'c')) {
                INDArray y = sd.output(Map.of(INPUT, x), spec.output()).get(spec.output());
                for (int g = from; g < to; g++) {
                    while (g >= first[seq + 1]) {
                        seq++;
                    }
                    out[seq][g - first[seq]] = y.getDouble(g - from, 0);
                }
                y.close();
            }
            from = to;
        }
        return out;
    }

    /**
     * Where the chunk that starts at frame {@code from} ends: at the last sequence boundary within
     * {@value #PREDICT_CHUNK} frames, or after {@value #PREDICT_CHUNK} frames of a longer sequence.
     */
    private static int chunkEnd(int[] first, int from) {
        int limit = from + PREDICT_CHUNK;
        int end = from;
        for (int boundary : first) {
            if (boundary > from && boundary <= limit) {
                end = boundary;
            }
        }
        return end > from ? end : Math.min(limit, first[first.length - 1]);
    }

    /** Saves the graph with its weights, without the updater's state (SameDiff's FlatBuffers format). */
    @Override
    public void save(Path file) {
        sd.save(file.toFile(), false);
    }
}
