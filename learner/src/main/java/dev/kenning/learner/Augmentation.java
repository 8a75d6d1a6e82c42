package dev.kenning.learner;

import dev.kenning.datasets.Video;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random changes to a training window, one draw for all of its frames: a horizontal shift by up
 * to {@code shift} of the width (the edge columns repeated into the gap), a left-right mirror with
 * probability 1/2 if {@code flip}, a brightness offset up to ±{@code brightness} and a contrast
 * factor within 1 ± {@code contrast} about the window's mean; pixels stay in [0, 1].
 *
 * <p>Because every frame of a window moves alike, the object's track in the window changes by a
 * constant offset (a shift) or a sign (a mirror) and nothing else, which every law in the catalogue
 * fits as well as before (their fits carry an offset; only free fall's curvature has a sign, and a
 * left-right mirror leaves heights alone; a range term on a sideways position is the exception, as
 * a shifted object may stand past its bounds). So the label-free loss stays what it was, while the
 * network sees the object at places and in light the training footage never showed it. The labels
 * would not survive a shift or a mirror, so the supervised baseline trains without.
 *
 * <p>With {@code testTime} the test frames are shown to the trained network in several of these
 * views too ({@link #testViews}), and the tracks it gives them are combined ({@link TrackEnsemble}).
 */
public record Augmentation(double shift, boolean flip, double brightness, double contrast, boolean testTime) {
    public static final Augmentation NONE = new Augmentation(0, false, 0, 0);
    /** The frames as they are. */
    public static final Change AS_IS = new Change(0, false, 0, 1);

    public Augmentation {
        if (!(shift >= 0 && shift <= 1) || !(brightness >= 0 && brightness <= 1) || !(contrast >= 0 && contrast <= 1)) {
            throw new IllegalArgumentException("augmentation's shift, brightness and contrast must be in [0, 1], got "
                    + shift + ", " + brightness + ", " + contrast);
        }
    }

    /** Changes to the training windows only. */
    public Augmentation(double shift, boolean flip, double brightness, double contrast) {
        this(shift, flip, brightness, contrast, false);
    }

    /** True when no training window is changed (test views need a shift or a mirror, so there are none either). */
    public boolean isNone() {
        return shift == 0 && !flip && brightness == 0 && contrast == 0;
    }

    /**
     * The views of frames {@code width} pixels wide a trained network is shown at test time: the
     * frames as they are first; with {@code testTime}, also mirrored if {@code flip}, and shifted
     * either way by half the largest training shift (at least a pixel) if {@code shift}, each
     * shifted view mirrored too if {@code flip}. Only changes the network met in training, and only
     * geometric ones: each moves the object's track by an offset or a sign, which the combination
     * of the views' tracks takes out. Without {@code testTime}, or with neither change, the one
     * view as it is.
     */
    public List<Change> testViews(int width) {
        List<Change> views = new ArrayList<>(List.of(AS_IS));
        if (!testTime) {
            return views;
        }
        if (flip) {
            views.add(new Change(0, true, 0, 1));
        }
        int dx = shift == 0 ? 0 : Math.max(1, (int) Math.round(shift / 2 * width));
        if (dx > 0) {
            for (int sign : new int[]{-1, 1}) {
                views.add(new Change(sign * dx, false, 0, 1));
                if (flip) {
                    views.add(new Change(sign * dx, true, 0, 1));
                }
            }
        }
        return views;
    }

    /** A copy of {@code video} with all its frames changed as {@code change} says; its labels as they were. */
    public static Video view(Video video, Change change) {
        if (change.equals(AS_IS)) {
            return video;
        }
        float[] pixels = video.pixels().clone();
        apply(pixels, 0, video.frames(), video.channels(), video.height(), video.width(), change);
        return new Video(video.id(), video.frames(), video.channels(), video.height(), video.width(), pixels, video.truth(),
                video.step());
    }

    /**
     * One window's draw: a shift of {@code dx} pixels, a mirror, a brightness offset and a contrast
     * factor. Its numbers are what a reference implementation needs to change a window exactly alike.
     */
    public record Change(int dx, boolean mirror, double add, double scale) {
    }

    /**
     * The next window's change for frames {@code width} pixels wide. Draws the same four numbers from
     * {@code rnd} whatever is switched on, so turning one change on leaves the others' draws as they were.
     */
    public Change draw(SplittableRandom rnd, int width) {
        int dx = (int) Math.round((rnd.nextDouble() * 2 - 1) * shift * width);
        boolean mirror = rnd.nextBoolean() && flip;
        double add = (rnd.nextDouble() * 2 - 1) * brightness;
        double scale = 1 + (rnd.nextDouble() * 2 - 1) * contrast;
        return new Change(dx, mirror, add, scale);
    }

    /** As {@link #apply(float[], int, int, int, int, int, Change)} with the next draw from {@code rnd}. */
    void apply(float[] pixels, int offset, int frames, int channels, int height, int width, SplittableRandom rnd) {
        apply(pixels, offset, frames, channels, height, width, draw(rnd, width));
    }

    /**
     * Changes the {@code frames} frames of [channels][height][width] floats that start at
     * {@code offset} in {@code pixels}, in place, as {@code change} says.
     */
    static void apply(float[] pixels, int offset, int frames, int channels, int height, int width, Change change) {
        int dx = change.dx();
        boolean mirror = change.mirror();
        double add = change.add();
        double scale = change.scale();
        int size = frames * channels * height * width;
        if (dx != 0 || mirror) {
            float[] row = new float[width];
            for (int r = offset; r < offset + size; r += width) {
                System.arraycopy(pixels, r, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int from = Math.min(width - 1, Math.max(0, x - dx));
                    pixels[r + (mirror ? width - 1 - x : x)] = row[from];
                }
            }
        }
        if (add != 0 || scale != 1) {
            double mean = 0;
            for (int i = offset; i < offset + size; i++) {
                mean += pixels[i];
            }
            mean /= size;
            for (int i = offset; i < offset + size; i++) {
                double v = mean + (pixels[i] - mean) * scale + add;
                pixels[i] = (float) Math.min(1, Math.max(0, v));
            }
        }
    }
}
