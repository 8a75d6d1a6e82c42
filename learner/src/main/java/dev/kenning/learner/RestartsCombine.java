package dev.kenning.learner;

/**
 * What a run makes of its label-free restarts ({@code training.restarts_combine}): keep the one
 * whose label-free loss is lowest ({@code lowest_loss}), or keep them all and average their tracks
 * sequence by sequence ({@code average}, {@link TrackEnsemble}). Neither looks at a label.
 */
public enum RestartsCombine {
    LOWEST_LOSS, AVERAGE;

    public String key() {
        return SpecKeys.key(this);
    }

    /** The way named {@code key}, or an {@link IllegalArgumentException} listing those there are. */
    public static RestartsCombine of(String key) {
        return SpecKeys.of(values(), key, "training.restarts_combine");
    }
}
