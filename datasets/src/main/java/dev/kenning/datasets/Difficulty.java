package dev.kenning.datasets;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much a generated video looks like real footage. {@code EASY} is the clean scene every
 * generator drew first. {@code HARD} adds what a camera in the world adds (FootageEffects: a
 * moving distractor, occlusion, switched lights, jitter, noise, JPEG), sequences of varied length,
 * one fixed camera for all the videos of a seed (the same backdrop, as in footage of people
 * passing one camera: a model cannot tell videos apart by their background), and each generator's
 * own difficulty: a walker slow relative to the frame rate who may leave the
 * frame, a throw toward or away from the camera with motion blur whose arc may leave the top.
 */
public enum Difficulty {
    EASY, HARD;

    /** The spec's spelling ({@code easy}, {@code hard}); null if it is neither. */
    public static Difficulty parse(String name) {
        return Arrays.stream(values()).filter(d -> d.key().equals(name)).findFirst().orElse(null);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * How many frames video {@code rnd} gets: {@code frames} at the easy level; at the hard level
     * anything from {@code minFrames} to {@code frames}, like clips cut from real footage.
     */
    int length(java.util.SplittableRandom rnd, int frames, int minFrames) {
        return this == EASY || minFrames >= frames ? frames : rnd.nextInt(Math.max(3, minFrames), frames + 1);
    }

    /**
     * The backdrop of one video: its own at the easy level (drawn from {@code rnd}); at the hard level
     * the fixed camera's, the same for every video of {@code seed}.
     */
    ClutteredBackground backdrop(java.util.SplittableRandom rnd, long seed, int w, int h) {
        return this == EASY ? ClutteredBackground.sample(rnd, w, h)
                : ClutteredBackground.sample(new java.util.SplittableRandom(seed * 1_000_081L + 5), w, h);
    }
}
