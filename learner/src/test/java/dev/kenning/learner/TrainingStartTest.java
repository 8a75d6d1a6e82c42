package dev.kenning.learner;

import dev.kenning.engine.NativeBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStartTest {
    private static final Augmentation SHIFT_AND_FLIP = new Augmentation(0.1, true, 0, 0);

    @Test
    void writesTheModelsWeightsAsTheyAreAndTheBatchesOfEveryStep(@TempDir Path dir) throws IOException {
        NativeBackend.select();
        SequenceRegressor model = SequenceRegressor.create(new ModelSpec(List.of(4, 8), 16, "position", 0.5), 3, 16, 16, 7);
        TrainingStart.write(model, BatchPlan.forTraining(7, 10, 4, SHIFT_AND_FLIP, 16), 6, dir);

        List<String> weights = Files.readAllLines(dir.resolve("weights.txt"));
        assertEquals(List.of("conv0/W 3 3 3 4", "conv0/b 4", "conv1/W 3 3 4 8", "conv1/b 8", "dense/W 128 16", "dense/b 1 16",
                "out/W 16 1", "out/b 1 1"), weights);
        for (String line : weights) {
            String name = line.split(" ")[0];
            INDArray a = model.graph().getVariable(name).getArr();
            float[] written = floats(dir.resolve(name.replace('/', '_') + ".f32"));
            assertArrayEquals(a.dup('c').data().asFloat(), written, name + " is written as the model holds it, row after row");
        }
        assertEquals(0.5f, floats(dir.resolve("out_b.f32"))[0], "the output starts where the constraints said");

        // the lines are the plan a training from seed 7 follows: the same seed gives them again
        List<String> plan = Files.readAllLines(dir.resolve("plan.txt"));
        BatchPlan again = BatchPlan.forTraining(7, 10, 4, SHIFT_AND_FLIP, 16);
        assertEquals(6, plan.size());
        for (String line : plan) {
            BatchPlan.Step step = again.next();
            String[] cells = line.split(" ");
            assertEquals(4, cells.length);
            for (int i = 0; i < cells.length; i++) {
                String[] parts = cells[i].split(":");
                assertEquals(step.windows()[i], Integer.parseInt(parts[0]));
                assertEquals(step.changes()[i].dx(), Integer.parseInt(parts[1]));
                assertEquals(step.changes()[i].mirror(), parts[2].equals("1"));
                assertTrue(Math.abs(Integer.parseInt(parts[1])) <= 2, "a tenth of 16 pixels is at most 2: " + cells[i]);
            }
        }
    }

    @Test
    void everyPassTakesEachWindowOnceAndAugmentationLeavesTheOrderAlone() {
        BatchPlan plain = BatchPlan.forTraining(3, 10, 4, Augmentation.NONE, 16);
        BatchPlan changed = BatchPlan.forTraining(3, 10, 4, SHIFT_AND_FLIP, 16);
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            BatchPlan.Step p = plain.next();
            BatchPlan.Step c = changed.next();
            assertArrayEquals(p.windows(), c.windows(), "step " + s);
            assertEquals(null, p.changes(), "no augmentation, no changes");
            assertEquals(4, c.changes().length);
            Arrays.stream(p.windows()).forEach(order::add);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order.subList(0, 10).stream().sorted().toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order.subList(10, 20).stream().sorted().toList());
        assertNotEquals(order.subList(0, 10), order.subList(10, 20), "each pass is shuffled anew");
    }

    private static float[] floats(Path file) throws IOException {
        java.nio.FloatBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }
}
