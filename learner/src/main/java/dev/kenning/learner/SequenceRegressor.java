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

    public static SequenceRegressor create(ModelSpec spec, int channels, int height, int width, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, channels, height, width);
        ConvTrunk.Output trunk = ConvTrunk.build(sd, x, channels, height, width, spec.convChannels(), rnd);
        int flat = trunk.flat();
        x = trunk.features().reshape(-1, flat);
        // mmul + add rather than nn.linear: xw_plus_b gives wrong forward-only results on the
        // oneDNN builds (docs/architecture.md, Facts).
        SDVariable w1 = sd.var("dense/W", Weights.he(rnd, flat, flat, spec.dense()));
        SDVariable b1 = sd.var("dense/b", Nd4j.zeros(DataType.FLOAT, 1, spec.dense()));
        x = sd.nn().relu(x.mmul(w1).add(b1), 0);
        SDVariable w2 = sd.var("out/W", Weights.he(rnd, spec.dense(), spec.dense(), 1).muli(0.1));
        SDVariable b2 = sd.var("out/b", Nd4j.valueArrayOf(new long[]{1, 1}, (float) spec.outputInit()));
        x.mmul(w2).add(spec.output(), b2);
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

    /** Frames of the given sequences as one NCHW batch, sequence after sequence. */
    public INDArray batch(List<Video> videos) {
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
        }
        return Nd4j.create(data, new long[]{(long) videos.size() * frames, channels, height, width}, 'c');
    }

    /** The model's output for every frame of every sequence: [sequence][frame]. */
    public double[][] predict(List<Video> videos) {
        double[][] out = new double[videos.size()][];
        int perChunk = Math.max(1, PREDICT_CHUNK / videos.get(0).frames());
        for (int start = 0; start < videos.size(); start += perChunk) {
            List<Video> chunk = videos.subList(start, Math.min(videos.size(), start + perChunk));
            try (INDArray x = batch(chunk)) {
                INDArray y = sd.output(Map.of(INPUT, x), spec.output()).get(spec.output());
                int k = 0;
                for (int i = 0; i < chunk.size(); i++) {
                    double[] seq = new double[chunk.get(i).frames()];
                    for (int f = 0; f < seq.length; f++) {
                        seq[f] = y.getDouble(k++, 0);
                    }
                    out[start + i] = seq;
                }
                y.close();
            }
        }
        return out;
    }

    /** Saves the graph with its weights, without the updater's state (SameDiff's FlatBuffers format). */
    @Override
    public void save(Path file) {
        sd.save(file.toFile(), false);
    }
}
