package dev.kenning.learner.images;

import dev.kenning.constraints.logic.Semantics;
import dev.kenning.core.ConstraintSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Few-shot attribute prototypes: the graph's profile counted as support images. */
class AttributePrototypeTest {
    // attributes in ClassKnowledge order: dot, h-bar, v-bar; class 4 is {h, dot}, class 5 is {v, dot}
    private final ClassKnowledge knowledge = ClassKnowledge.of(ZeroShotTest.knowledge(), Semantics.PRODUCT);
    private final boolean[] all = {true, true, true};

    @Test
    void theGraphCountsAsPriorImages() {
        float[][] support = {{0.2f, 0.9f, 0.6f}};
        // (prior·graph + Σ supports) / (prior + shots), clipped to [0.05, 0.95]
        assertArrayEquals(new double[]{0.6, 0.95, 0.3}, knowledge.attributePrototype(4, support, all, 1), 1e-6);
        assertArrayEquals(new double[]{(3 + 0.2) / 4, 0.95, 0.6 / 4}, knowledge.attributePrototype(4, support, all, 3), 1e-6);
        // no prior: the supports alone
        assertArrayEquals(new double[]{0.2, 0.9, 0.6}, knowledge.attributePrototype(4, support, all, 0), 1e-6);
        // more shots outweigh the same prior
        float[][] five = {{0f, 0f, 1f}, {0f, 0f, 1f}, {0f, 0f, 1f}, {0f, 0f, 1f}, {0f, 0f, 1f}};
        assertArrayEquals(new double[]{1 / 6.0, 1 / 6.0, 5 / 6.0}, knowledge.attributePrototype(4, five, all, 1), 1e-6);
    }

    @Test
    void unusableAttributesAreLeftOutAndSilentGraphLeavesTheSupports() {
        double[] p = knowledge.attributePrototype(4, new float[][]{{0.2f, 0.9f, 0.6f}}, new boolean[]{true, false, true}, 1);
        assertEquals(0.6, p[0], 1e-6);
        assertTrue(Double.isNaN(p[1]));
        // the graph says nothing about class 4's v-bar: its supports decide alone
        List<ConstraintSpec> silent = ZeroShotTest.knowledge().stream()
                .filter(c -> !(c.bindings().equals(List.of("class:c4", "attr:v-bar")))).toList();
        ClassKnowledge partial = ClassKnowledge.of(silent, Semantics.PRODUCT);
        assertEquals(null, partial.has(4, 2));
        assertEquals(0.6, partial.attributePrototype(4, new float[][]{{0.2f, 0.9f, 0.6f}}, all, 1)[2], 1e-6);
    }

    @Test
    void aDegreeIsTheProfileValueForPrototypesAndZeroShotScores() {
        // class 4 shows the v-bar to degree 0.3 instead of lacking it
        List<ConstraintSpec> soft = new java.util.ArrayList<>(ZeroShotTest.knowledge().stream()
                .filter(c -> !(c.bindings().equals(List.of("class:c4", "attr:v-bar")))).toList());
        soft.add(ConstraintSpec.builder("class-attribute-degree").bind("class:c4").bind("attr:v-bar").param("degree", 0.3, "")
                .weight(1).rule("test").build());
        ClassKnowledge k = ClassKnowledge.of(soft, Semantics.PRODUCT);
        assertEquals(0.3, k.degree(4, 2), 0);
        assertEquals(false, k.has(4, 2));
        assertEquals((0.3 + 0.6) / 2, k.attributePrototype(4, new float[][]{{0.2f, 0.9f, 0.6f}}, all, 1)[2], 1e-6);
        // the zero-shot score: mean over attributes of d log p + (1 − d) log(1 − p), p clipped to [0.05, 0.95]
        float[] p = {0.9f, 0.8f, 0.4f};
        double expected = (Math.log(0.9) + Math.log(0.8) + 0.3 * Math.log(0.4) + 0.7 * Math.log(0.6)) / 3;
        assertEquals(expected, k.profileLogLikelihood(p, new int[]{4}, all)[0], 1e-6);
        // 0 and 1 score as before: the same class without the degree is log(1 − 0.4) there
        assertEquals((Math.log(0.9) + Math.log(0.8) + Math.log(0.6f)) / 3, knowledge.profileLogLikelihood(p, new int[]{4}, all)[0], 1e-6);
    }

    @Test
    void aQueryScoresHighestUnderItsOwnClass() {
        float[][] noisySupport = {{0.5f, 0.5f, 0.5f}};
        double[] own = knowledge.attributePrototype(4, noisySupport, all, 1);
        double[] other = knowledge.attributePrototype(5, noisySupport, all, 1);
        float[] query = {0.9f, 0.8f, 0.1f}; // dot and h-bar: class 4
        assertTrue(ClassKnowledge.attributeLogLikelihood(query, own) > ClassKnowledge.attributeLogLikelihood(query, other));
        // Σ p log π + (1 − p) log(1 − π), NaN entries skipped
        double expected = 0.9 * Math.log(0.75) + 0.1 * Math.log(0.25) + 0.1 * Math.log(0.25) + 0.9 * Math.log(0.75);
        assertEquals(expected, ClassKnowledge.attributeLogLikelihood(query, new double[]{0.75, Double.NaN, 0.25}), 1e-6);
    }

    @Test
    void theShuffledControlMovesEveryClasssStatementsElsewhere() {
        ClassKnowledge shuffled = ClassKnowledge.shuffled(ZeroShotTest.knowledge(), Semantics.PRODUCT, 7);
        assertEquals(knowledge.classOutputs(), shuffled.classOutputs());
        assertEquals(knowledge.attributes(), shuffled.attributes());
        assertEquals(knowledge.logic().constraints().size(), shuffled.logic().constraints().size());
        // the profiles are the same set, but no class keeps its own
        List<List<Boolean>> real = new java.util.ArrayList<>();
        List<List<Boolean>> moved = new java.util.ArrayList<>();
        for (int c = 0; c < knowledge.classOutputs().size(); c++) {
            List<Boolean> own = profile(knowledge, c);
            List<Boolean> now = profile(shuffled, c);
            assertTrue(!own.equals(now), "class " + c + " kept its profile " + own);
            real.add(own);
            moved.add(now);
        }
        assertTrue(real.containsAll(moved) && moved.containsAll(real));
        // seeded: the same seed moves them the same way
        assertEquals(profile(shuffled, 0), profile(ClassKnowledge.shuffled(ZeroShotTest.knowledge(), Semantics.PRODUCT, 7), 0));
    }

    private static List<Boolean> profile(ClassKnowledge k, int label) {
        List<Boolean> p = new java.util.ArrayList<>();
        for (int a = 0; a < k.attributes().size(); a++) {
            p.add(k.has(label, a));
        }
        return p;
    }
}
