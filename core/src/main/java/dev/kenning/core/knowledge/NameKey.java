package dev.kenning.core.knowledge;

import java.util.Locale;

/**
 * How a name a user writes is matched to a class: case and punctuation ignored, so a folder
 * "T-shirt_top", the label "T-shirt/top" and the output "class:tshirt-top" (prefix dropped) meet.
 */
public final class NameKey {
    private NameKey() {
    }

    /** {@code name} in lower case with everything but letters and digits removed. */
    public static String of(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
