package dev.kenning.core.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Names matched to classes as image folders, class maps and {@code data.held_out} match them. */
class ClassKeysTest {

    private static final String DECOMPOSED = "U\u0308berzieher"; // as macOS writes a folder name
    private static final String COMPOSED = "\u00DCberzieher";

    /** A folder name macOS wrote decomposed is the class the knowledge names composed, and the other way round. */
    @Test
    void aDecomposedNameIsTheComposedOne() {
        ClassKeys keys = ClassKeys.of(List.of("sandal", COMPOSED.toLowerCase()), Map.of("sandal", List.of("Sandälchen")));
        assertEquals(1, keys.label(DECOMPOSED, "img", "remedy"));
        assertEquals(0, keys.label("Sanda\u0308lchen", "img", "remedy"));
        ClassKeys decomposed = ClassKeys.of(List.of(DECOMPOSED.toLowerCase()), Map.of());
        assertEquals(0, decomposed.label(COMPOSED, "img", "remedy"));
        assertEquals(0, decomposed.label("ÜBERZIEHER", "img", "remedy"));
    }

    /** Full-width letters are their letters; vowel signs stay part of a word, so two words differing in one stay two. */
    @Test
    void fullWidthLettersAreLettersAndVowelSignsCount() {
        assertEquals("shirt", NameKey.of("ＳＨＩＲＴ"));
        assertEquals(NameKey.of(COMPOSED), NameKey.of(DECOMPOSED));
        assertNotEquals(NameKey.of("किताब"), NameKey.of("कताब"));
    }
}
