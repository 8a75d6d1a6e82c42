package dev.kenning.datasets;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One part of the {@link Difficulty#HARD} level that a spec may leave out ({@code data.without}),
 * to measure what each part costs: the camera's ({@code door} … {@code jpeg}, every generator) and
 * a scene's own ({@code second_person} for walking, {@code blur} and {@code depth} for free fall).
 * Leaving a part out draws the same random numbers, so every other part of every video stays as it
 * was: the walkers, throws and swings are the same, frame for frame, minus that part.
 */
public enum FootagePart {
    /** The door swinging behind the object. */
    DOOR,
    /** The bar in front of the object. */
    BAR,
    /** The lights switched during the clip, and the flicker. */
    LIGHTS,
    /** The hand-held camera's jitter. */
    JITTER,
    /** Pixel noise: the hard level's camera noise and the fixed backdrop's. */
    NOISE,
    /** JPEG compression. */
    JPEG,
    /** The second person pacing farther away (walking). */
    SECOND_PERSON("walking"),
    /** Motion blur (free fall). */
    BLUR("free-fall"),
    /** The throw's motion toward or away from the camera (free fall). */
    DEPTH("free-fall");

    private final List<String> generators;

    FootagePart(String... generators) {
        this.generators = List.of(generators);
    }

    /** The spec's spelling, e.g. {@code second_person}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether videos of {@code generator} have this part (the camera's parts: all of them). */
    public boolean appliesTo(String generator) {
        return generators.isEmpty() || generators.contains(generator);
    }

    /** The part spelt {@code key}; null if none is. */
    public static FootagePart parse(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst().orElse(null);
    }

    /** The parts {@code generator}'s videos have, spelt as a spec spells them, comma-separated. */
    public static String namesFor(String generator) {
        return String.join(", ", keys(Arrays.stream(values()).filter(p -> p.appliesTo(generator)).toList()));
    }

    /** {@code parts} spelt as a spec spells them, in this enum's order (the order of the spec reference). */
    public static List<String> keys(Collection<FootagePart> parts) {
        return parts.stream().sorted().map(FootagePart::key).toList();
    }
}
