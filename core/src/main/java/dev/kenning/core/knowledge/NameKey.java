package dev.kenning.core.knowledge;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How a name a user writes is matched to a class: case and punctuation ignored, so a folder
 * "T-shirt_top", the label "T-shirt/top" and the output "class:tshirt-top" (prefix dropped) meet;
 * and Unicode's forms of one text too, so a folder macOS wrote decomposed ("U" + "◌̈" + "berzieher")
 * is the label "Überzieher", and full-width "ＳＨＩＲＴ" is "shirt".
 */
public final class NameKey {
    private NameKey() {
    }

    /**
     * {@code name} in compatibility-composed form (NFKC: one form for composed and decomposed
     * letters, full-width and ligature forms read as their letters), in lower case, with everything
     * but letters, combining marks (an Indic vowel sign is part of its word) and digits removed.
     */
    public static String of(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}]", "");
    }
}
