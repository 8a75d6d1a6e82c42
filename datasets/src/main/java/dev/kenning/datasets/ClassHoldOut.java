package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded share of each class held out for testing: the first {@link #testCount} of a seeded
 * partial shuffle of each class's images, classes drawn in label order from one generator. Image
 * folders without train/ and test/ are split so, and so is a dataset written out as one.
 */
final class ClassHoldOut {
    private ClassHoldOut() {
    }

    /** How many of a class's {@code images} are held out: at least one. */
    static int testCount(int images, double testFraction) {
        return (int) Math.max(1, Math.round(images * testFraction));
    }

    /**
     * Which images are test images, given each image's label in {@code 0 … classes−1}; every class
     * must have more images than {@link #testCount} (the caller says where, if not).
     */
    static boolean[] testMask(int[] labels, int classes, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x1F0C7A2BL);
        boolean[] test = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            int nTest = testCount(ofClass.size(), testFraction);
            if (nTest >= ofClass.size()) {
                throw new IllegalArgumentException("class " + c + " has " + ofClass.size() + " image(s): too few to hold out"
                        + " a test share of " + testFraction + " and keep some for training");
            }
            for (int i = 0; i < nTest; i++) { // the first nTest of a seeded shuffle are the test images
                int j = i + rnd.nextInt(ofClass.size() - i);
                Integer t = ofClass.get(i);
                ofClass.set(i, ofClass.get(j));
                ofClass.set(j, t);
            }
            for (int i = 0; i < nTest; i++) {
                test[ofClass.get(i)] = true;
            }
        }
        return test;
    }
}
