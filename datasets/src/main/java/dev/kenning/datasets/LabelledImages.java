package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Images with one class label each, such as Fashion-MNIST: pixels [image][channels·rows·cols]
 * in [0, 1], channel by channel (the NCHW order the networks take: grey, or red, green, blue),
 * labels as class indices ({@link #NO_LABEL} for an image of no known class).
 */
public record LabelledImages(float[][] pixels, int[] labels, int channels, int rows, int cols) {
    /** The label of an image whose class is not known (an unlabelled image for semi-supervised learning). */
    public static final int NO_LABEL = -1;

    public LabelledImages {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException(pixels.length + " images but " + labels.length + " labels");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
    }

    /** Grey images: one channel. */
    public LabelledImages(float[][] pixels, int[] labels, int rows, int cols) {
        this(pixels, labels, 1, rows, cols);
    }

    /** Values per image: channels × rows × cols. */
    public int valuesPerImage() {
        return channels * rows * cols;
    }

    public int size() {
        return labels.length;
    }

    /** Indices of the images of each class, classes 0 … classes−1 (images of no label in none). */
    public List<List<Integer>> byClass(int classes) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && labels[i] < classes) {
                out.get(labels[i]).add(i);
            }
        }
        return out;
    }

    /** These images followed by {@code more}'s, which must have the same shape. */
    public LabelledImages concat(LabelledImages more) {
        if (more.channels != channels || more.rows != rows || more.cols != cols) {
            throw new IllegalArgumentException("images are " + channels + "x" + rows + "x" + cols + ", the others "
                    + more.channels + "x" + more.rows + "x" + more.cols);
        }
        float[][] p = java.util.Arrays.copyOf(pixels, pixels.length + more.pixels.length);
        System.arraycopy(more.pixels, 0, p, pixels.length, more.pixels.length);
        int[] y = java.util.Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, y, labels.length, more.labels.length);
        return new LabelledImages(p, y, channels, rows, cols);
    }

    /** The images of the given classes only, in their original order. */
    public LabelledImages only(List<Integer> classes) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (classes.contains(labels[i])) {
                keep.add(i);
            }
        }
        float[][] p = new float[keep.size()][];
        int[] y = new int[keep.size()];
        for (int i = 0; i < y.length; i++) {
            p[i] = pixels[keep.get(i)];
            y[i] = labels[keep.get(i)];
        }
        return new LabelledImages(p, y, channels, rows, cols);
    }
}
