package dev.kenning.learner.images;

import dev.kenning.constraints.logic.Semantics;
import dev.kenning.core.ConstraintSpec;
import dev.kenning.core.ProgressListener;
import dev.kenning.datasets.LabelledImages;
import dev.kenning.engine.NativeBackend;
import dev.kenning.learner.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Knowledge alone teaches attributes that name classes never seen: shapes drawn from three
 * visual attributes (a horizontal bar, a vertical bar, a dot), six classes that are their
 * combinations, four seen in training, two recognised from their profiles only.
 */
class ZeroShotTest {
    private static final String[] ATTRS = {"attr:h-bar", "attr:v-bar", "attr:dot"};
    // class → which attributes it shows: {h}, {v}, {dot}, {h,v} seen; {h,dot}, {v,dot} unseen
    private static final boolean[][] PROFILE = {
            {true, false, false}, {false, true, false}, {false, false, true},
            {true, true, false}, {true, false, true}, {false, true, true}};

    @BeforeAll
    static void backend() {
        NativeBackend.select();
    }

    static LabelledImages shapes(int perClass, long seed) {
        Random rnd = new Random(seed);
        int n = PROFILE.length * perClass;
        float[][] pixels = new float[n][144];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % PROFILE.length;
            labels[i] = c;
            float[] p = pixels[i];
            for (int k = 0; k < p.length; k++) {
                p[k] = 0.15f * rnd.nextFloat();
            }
            if (PROFILE[c][0]) {
                int y = 1 + rnd.nextInt(4);
                for (int x = 1; x < 11; x++) {
                    p[y * 12 + x] = 1;
                }
            }
            if (PROFILE[c][1]) {
                int x = 6 + rnd.nextInt(5);
                for (int y = 1; y < 11; y++) {
                    p[y * 12 + x] = 1;
                }
            }
            if (PROFILE[c][2]) {
                int x = 1 + rnd.nextInt(4);
                int y = 7 + rnd.nextInt(4);
                p[y * 12 + x] = 1;
                p[y * 12 + x + 1] = 1;
                p[(y - 1) * 12 + x] = 1;
                p[(y - 1) * 12 + x + 1] = 1;
            }
        }
        return new LabelledImages(pixels, labels, 12, 12);
    }

    static List<ConstraintSpec> knowledge() {
        List<ConstraintSpec> specs = new ArrayList<>();
        ConstraintSpec.Builder one = ConstraintSpec.builder("exactly-one").rule("labels");
        for (int c = 0; c < PROFILE.length; c++) {
            one.bind("class:c" + c);
            for (int a = 0; a < ATTRS.length; a++) {
                specs.add(ConstraintSpec.builder(PROFILE[c][a] ? "class-implies-attribute" : "class-excludes-attribute")
                        .bind("class:c" + c).bind(ATTRS[a]).rule("attributes").build());
            }
        }
        specs.add(one.build());
        return specs;
    }

    @Test
    void profilesComeFromTheConstraints() {
        ClassKnowledge k = ClassKnowledge.of(knowledge(), Semantics.PRODUCT);
        assertEquals(List.of("attr:dot", "attr:h-bar", "attr:v-bar"), k.attributes());
        assertEquals(Boolean.TRUE, k.has(4, 0));
        assertEquals(Boolean.FALSE, k.has(4, 2));
        // seen {h}, {v}, {dot}, {h,v}: every attribute is shown by one and absent in another
        assertArrayEquals(new boolean[]{true, true, true}, k.learnableFrom(List.of(0, 1, 2, 3)));
        // seen {h} and {h,v}: the h-bar is never absent, the dot never shown
        assertArrayEquals(new boolean[]{false, false, true}, k.learnableFrom(List.of(0, 3)));
    }

    /** What a head that learnt nothing from the images scores: each attribute's more frequent state, for every image. */
    @Test
    void frequencyAgreementIsWhatEachAttributesMoreFrequentStateScores() {
        ClassKnowledge k = ClassKnowledge.of(knowledge(), Semantics.PRODUCT);
        int[] labels = {0, 0, 1, 3};
        // of the 4 images the dot is shown by none, the h-bar by 3, the v-bar by 2
        assertEquals(9 / 12.0, k.frequencyAgreement(labels, new boolean[]{true, true, true}), 1e-12);
        assertEquals(5 / 8.0, k.frequencyAgreement(labels, new boolean[]{false, true, true}), 1e-12);
        // a head giving every image those states scores exactly that; one that reads the images, more
        float[][] constant = {{0f, 1f, 0f}, {0f, 1f, 0f}, {0f, 1f, 0f}, {0f, 1f, 0f}};
        assertEquals(9 / 12.0, k.profileAgreement(constant, labels, new boolean[]{true, true, true}), 1e-12);
        float[][] right = {{0f, 1f, 0f}, {0f, 1f, 0f}, {0f, 0f, 1f}, {0f, 1f, 1f}};
        assertEquals(1.0, k.profileAgreement(right, labels, new boolean[]{true, true, true}), 1e-12);
    }

    @Test
    void aClassIsFoundByItsNameAsFoldersAndLabelsWriteIt() {
        ConstraintSpec one = ConstraintSpec.builder("exactly-one").rule("labels").bind("class:ankle-boot")
                .bind("class:outline-square").bind("class:ab").bind("class:a-b").build();
        ClassKnowledge k = ClassKnowledge.of(List.of(one), Semantics.PRODUCT);
        assertEquals(0, k.label("Ankle boot"));
        assertEquals(1, k.label("outline_square"));
        assertEquals(1, k.label("class:Outline Square"));
        assertEquals(2, k.label("ab"), "an exact output name wins");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> k.label("boots"));
        assertTrue(none.getMessage().startsWith("no class output 'class:boots'; the labels are [class:ankle-boot"), none.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> k.label("A B"));
        assertTrue(two.getMessage().startsWith("'A B' matches [class:ab, class:a-b] alike"), two.getMessage());
    }

    @Test
    void attributesTheSeenClassesShowTogetherAreNamedWithTheUnseenClassesTheySetApart() {
        ClassKnowledge k = ClassKnowledge.of(knowledge(), Semantics.PRODUCT);
        // seen {h} and {v}: the h-bar is there exactly where the v-bar is not (the dot never is: unusable)
        boolean[] usable = k.learnableFrom(List.of(0, 1));
        assertArrayEquals(new boolean[]{false, true, true}, usable);
        // {h,v} combines them otherwise; {h,dot} and {v,dot} show them as a seen class does
        assertEquals(Map.of(List.of("attr:h-bar", "attr:v-bar"), List.of(3)), k.entangled(List.of(0, 1), List.of(3, 4, 5), usable));
        assertEquals(Map.of(), k.entangled(List.of(0, 1), List.of(4, 5), usable));
        // seen {h}, {v}, {dot}, {h,v}: every two attributes vary apart
        assertEquals(Map.of(), k.entangled(List.of(0, 1, 2, 3), List.of(4, 5), k.learnableFrom(List.of(0, 1, 2, 3))));
    }

    /** Unseen classes that no learnable attribute tells apart (known on both, opposite) are found, pair by pair. */
    @Test
    void unseenClassesNoLearnableAttributeTellsApartArePaired() {
        ClassKnowledge k = ClassKnowledge.of(knowledge(), Semantics.PRODUCT);
        // only the v-bar learnable: {h} and {dot} both lack it; {v} has it
        assertEquals(List.of(List.of(0, 2)), k.alikeOn(List.of(0, 1, 2), new boolean[]{false, false, true}));
        assertEquals(List.of(), k.alikeOn(List.of(0, 1, 2), new boolean[]{true, true, true}));
    }

    @Test
    void groupsAboveClassesCountAsAttributes() {
        List<ConstraintSpec> specs = new ArrayList<>(knowledge());
        // the groups pack: c4 and c5 are "marked" (implies), c0 is not (either order); c1 and c2
        // excluding each other is between two labels and says nothing about a group
        specs.add(ConstraintSpec.builder("implies").bind("class:c4").bind("group:marked").rule("groups").build());
        specs.add(ConstraintSpec.builder("implies").bind("class:c5").bind("group:marked").rule("groups").build());
        specs.add(ConstraintSpec.builder("mutually-exclusive").bind("group:marked").bind("class:c0").rule("groups").build());
        specs.add(ConstraintSpec.builder("mutually-exclusive").bind("class:c1").bind("class:c2").rule("disjointness").build());

        ClassKnowledge k = ClassKnowledge.of(specs, Semantics.PRODUCT);

        assertEquals(List.of("attr:dot", "attr:h-bar", "attr:v-bar", "group:marked"), k.attributes());
        assertEquals(Boolean.TRUE, k.has(4, 3));
        assertEquals(Boolean.FALSE, k.has(0, 3));
        assertEquals(null, k.has(1, 3));
        assertTrue(k.learnableFrom(List.of(0, 4))[3], "c4 is marked, c0 not");
        assertFalse(k.learnableFrom(List.of(4, 5))[3], "both marked: never seen unmarked");
    }

    @Test
    void unseenClassesAreRecognisedFromTheirProfiles() {
        ClassKnowledge k = ClassKnowledge.of(knowledge(), Semantics.PRODUCT);
        LabelledImages train = shapes(60, 1);
        LabelledImages test = shapes(40, 2);
        List<Integer> seen = List.of(0, 1, 2, 3);
        List<Integer> unseen = List.of(4, 5);
        ImageNetwork net = ImageNetwork.create(List.of(8, 8), 1, 12, 12, k.attributes(), 0, 3);
        Trainer.Trained trained = ZeroShot.train("zs", net, train, seen, k, 32,
                new Trainer(new Trainer.Settings(150, 3e-3, 50, 50)), 3, ProgressListener.NONE);
        double first = trained.history().get(0).total();
        double last = trained.history().get(trained.history().size() - 1).total();
        assertTrue(last < first, "the knowledge loss falls: " + first + " -> " + last);
        ZeroShot.Result r = ZeroShot.evaluate(net, test, unseen, k, k.learnableFrom(seen));
        assertEquals(80, r.images());
        // chance is 0.5; a head that learned nothing, or the wrong profile, stays near it
        assertTrue(r.accuracy() > 0.85, "zero-shot accuracy " + r.accuracy());
    }
}
