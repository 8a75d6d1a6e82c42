package dev.kenning.datasets;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * How a generator renders the {@link Difficulty#HARD} level: clips of {@code minFrames} up to the
 * config's frames, without the parts in {@code without}, and showing {@code objects} different
 * objects (walkers, thrown objects, pendulums): clip {@code i} of a seed shows object
 * {@code i mod objects}, as footage of one person walking past a camera again and again shows one
 * person; 0 gives every clip an object of its own. Either way every clip makes the same random
 * draws, so choosing the objects changes nothing else in it.
 */
public record HardLevel(int minFrames, Set<FootagePart> without, int objects) {
    public HardLevel {
        without = Set.copyOf(without);
        if (objects < 0) {
            throw new IllegalArgumentException("objects must be 0 (one per clip) or more, got " + objects);
        }
    }

    /** Clips of {@code minFrames} or more frames, with every part, each clip its own object. */
    public static HardLevel of(int minFrames) {
        return new HardLevel(minFrames, Set.of(), 0);
    }

    boolean has(FootagePart part) {
        return !without.contains(part);
    }

    /**
     * The stream clip {@code index} of {@code seed} draws its object from when the clips share
     * {@link #objects()}; null when every clip has its own.
     */
    SplittableRandom objectStream(long seed, int index) {
        return objects == 0 ? null : new SplittableRandom(seed * 1_000_099L + 31 * (index % objects) + 7);
    }

    /**
     * Draws with {@code draw} from the clip's stream {@code rnd} (so its later draws are the same
     * either way), and returns that draw, or the same draw from {@code shared} when it is not null.
     */
    static <T> T draw(SplittableRandom rnd, SplittableRandom shared, Function<SplittableRandom, T> draw) {
        T own = draw.apply(rnd);
        return shared == null ? own : draw.apply(shared);
    }
}
