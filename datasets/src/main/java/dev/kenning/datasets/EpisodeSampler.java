package dev.kenning.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded N-way K-shot episodes (Vinyals et al. 2016): pick {@code ways} of the given classes,
 * then {@code shots} support and {@code queries} query images of each, without overlap. The
 * same seed gives the same episodes, so two methods can be compared on identical tasks.
 */
public final class EpisodeSampler {
    private final List<List<Integer>> byClass;
    private final List<Integer> classes;
    private final int ways;
    private final int shots;
    private final int queries;
    private final Random random;

    /**
     * @param images  the pool, indexed by class label
     * @param classes labels episodes draw from (e.g. the held-out classes)
     */
    public EpisodeSampler(LabelledImages images, List<Integer> classes, int ways, int shots, int queries, long seed) {
        if (ways > classes.size()) {
            throw new IllegalArgumentException(ways + "-way episodes need " + ways + " classes, only " + classes.size() + " given");
        }
        int max = classes.stream().mapToInt(Integer::intValue).max().orElse(0);
        this.byClass = images.byClass(max + 1);
        for (int c : classes) {
            if (byClass.get(c).size() < shots + queries) {
                throw new IllegalArgumentException("class " + c + " has " + byClass.get(c).size() + " images; an episode needs "
                        + (shots + queries));
            }
        }
        this.classes = List.copyOf(classes);
        this.ways = ways;
        this.shots = shots;
        this.queries = queries;
        this.random = new Random(seed);
    }

    /**
     * One episode. Support images are listed class by class ({@code shots} each), then the
     * queries class by class; {@code classes[k]} is the label of episode class k.
     */
    public record Episode(int[] classes, int[] support, int[] query, int shots, int queries) {
        /** Episode class (0 … ways−1) of query {@code i}. */
        public int queryClass(int i) {
            return i / queries;
        }
    }

    public Episode next() {
        List<Integer> pool = new ArrayList<>(classes);
        Collections.shuffle(pool, random);
        int[] chosen = new int[ways];
        int[] support = new int[ways * shots];
        int[] query = new int[ways * queries];
        for (int k = 0; k < ways; k++) {
            chosen[k] = pool.get(k);
            List<Integer> images = byClass.get(chosen[k]);
            // a partial Fisher–Yates shuffle: the first shots + queries of a random permutation
            int[] picked = new int[shots + queries];
            List<Integer> copy = new ArrayList<>(images);
            for (int i = 0; i < picked.length; i++) {
                int j = i + random.nextInt(copy.size() - i);
                Collections.swap(copy, i, j);
                picked[i] = copy.get(i);
            }
            System.arraycopy(picked, 0, support, k * shots, shots);
            System.arraycopy(picked, shots, query, k * queries, queries);
        }
        return new Episode(chosen, support, query, shots, queries);
    }
}
