package dev.kenning.learner;

import java.util.Arrays;
import java.util.Locale;

/** How a model option's enum constants are named in a spec: lower case ({@code SPATIAL_SOFTMAX} is {@code spatial_softmax}). */
final class SpecKeys {
    private SpecKeys() {
    }

    static String key(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code values} named {@code key}.
     *
     * @throws IllegalArgumentException naming the option ({@code what}) and its valid keys
     */
    static <E extends Enum<E>> E of(E[] values, String key, String what) {
        return Arrays.stream(values).filter(v -> key(v).equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(what + " must be one of " + Arrays.stream(values).map(SpecKeys::key).toList()
                        + ", got '" + key + "'"));
    }
}
