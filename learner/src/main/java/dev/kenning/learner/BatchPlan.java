package dev.kenning.learner;

import java.util.SplittableRandom;

/**
 * Which training windows each step takes, and how each is changed: the windows in a shuffled order
 * reshuffled at each pass, and each drawn window's {@link Augmentation.Change} from a stream of its
 * own (so the order is the same with or without augmentation). It follows from the training seed
 * alone, so a reference implementation given the same plan and the same starting weights sees the
 * very batches Kenning trained on ({@code bench/run --tracking --same-start}).
 */
public final class BatchPlan {
    /** One step's windows (indices into the training windows) and, with augmentation, each one's change (else null). */
    public record Step(int[] windows, Augmentation.Change[] changes) {
    }

    private final int windows;
    private final int batch;
    private final Augmentation augmentation;
    private final int width;
    private final SplittableRandom order;
    private final SplittableRandom changes;
    private int[] shuffled;
    private int cursor;

    private BatchPlan(long seed, int windows, int batch, Augmentation augmentation, int width) {
        if (windows < 1 || batch < 1) {
            throw new IllegalArgumentException("a plan needs windows and a batch of at least 1, got " + windows + " and " + batch);
        }
        this.windows = windows;
        this.batch = batch;
        this.augmentation = augmentation;
        this.width = width;
        this.order = new SplittableRandom(seed);
        this.changes = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        this.shuffled = shuffled(windows, order);
    }

    /**
     * The plan of a training from {@code seed} (the model's seed: the plan's streams are derived from
     * it) over {@code windows} training windows {@code width} pixels wide, {@code batch} per step.
     */
    public static BatchPlan forTraining(long seed, int windows, int batch, Augmentation augmentation, int width) {
        return new BatchPlan(seed ^ 0x5DEECE66DL, windows, batch, augmentation, width);
    }

    /** A plan drawn from {@code seed} as it is (tests). */
    static BatchPlan of(long seed, int windows, int batch, Augmentation augmentation, int width) {
        return new BatchPlan(seed, windows, batch, augmentation, width);
    }

    public Step next() {
        int[] taken = new int[batch];
        Augmentation.Change[] drawn = augmentation.isNone() ? null : new Augmentation.Change[batch];
        for (int b = 0; b < batch; b++) {
            if (cursor == shuffled.length) {
                shuffled = shuffled(windows, order);
                cursor = 0;
            }
            taken[b] = shuffled[cursor++];
            if (drawn != null) {
                drawn[b] = augmentation.draw(changes, width);
            }
        }
        return new Step(taken, drawn);
    }

    /** 0 … n − 1 in an order drawn from {@code rnd} (Fisher–Yates). */
    public static int[] shuffled(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
