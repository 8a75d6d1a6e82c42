package dev.kenning.core.knowledge;

/** Levenshtein's edit distance, for "did you mean" hints on names a user typed. */
public final class EditDistance {
    private EditDistance() {
    }

    /** The fewest single-character insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    public static int of(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** Whether {@code distance} is small enough, for a name of {@code length} characters, to be a likely typo. */
    public static boolean likelyTypo(int distance, int length) {
        return distance <= Math.max(2, length / 3);
    }

    /**
     * The name among {@code known} closest to {@code name}, if it is a likely typo of it; empty when
     * none is that close, or when {@code name} itself is known.
     */
    public static java.util.Optional<String> nearest(String name, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = of(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance > 0 && likelyTypo(bestDistance, name.length())
                ? java.util.Optional.of(best) : java.util.Optional.empty();
    }
}
