package dev.kenning.learner;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The trainable weights of a SameDiff model, drawn from a seed with our own generator (so a run is
 * reproducible whatever ND4J's global random state is). Checkpoints of them are the engine's
 * ({@link dev.kenning.engine.Checkpoints}).
 */
public final class Weights {
    private Weights() {
    }

    /** He-normal initialisation, drawn from {@code rnd}. */
    public static INDArray he(SplittableRandom rnd, int fanIn, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < v.length; i++) {
            double u = Math.max(rnd.nextDouble(), 1e-12);
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return Nd4j.create(v, shape, 'c');
    }

    /**
     * Normal with standard deviation {@code std}, redrawn beyond two of them (TensorFlow's
     * truncated normal, the initialisation of Stewart &amp; Ermon's released code).
     */
    public static INDArray truncatedNormal(SplittableRandom rnd, double std, long... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            double z;
            do {
                double u = Math.max(rnd.nextDouble(), 1e-12);
                z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
            } while (Math.abs(z) > 2);
            v[i] = (float) (std * z);
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Uniform on [-bound, bound). */
    public static INDArray uniform(SplittableRandom rnd, double bound, long... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-bound, bound);
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static int count(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }
}
