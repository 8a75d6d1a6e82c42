package dev.kenning.learner;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a training starts, written for a reference implementation to start from the same place:
 * the model's weights before the first step and the {@link BatchPlan} of every step. With both, the
 * two engines' trainings differ only by their arithmetic, so their difference measures the
 * implementation and not the luck of a seed.
 * <p>
 * Files: {@code weights.txt} (one line per weight: its name, then its shape), each weight as
 * little-endian float32 in row-major order in {@code <name with / as _>.f32} (convolutions as
 * [kernel height, kernel width, in, out], dense layers as [in, out]), and {@code plan.txt}: one line
 * per step, each window as its index among the training windows or, with augmentation, as
 * {@code index:dx:mirror:add:scale}.
 */
public final class TrainingStart {
    private TrainingStart() {
    }

    /** Writes {@code model}'s weights as they are and the first {@code steps} steps of {@code plan} into {@code dir}. */
    public static void write(SequenceRegressor model, BatchPlan plan, int steps, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder names = new StringBuilder();
        for (SDVariable v : model.graph().variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            INDArray a = v.getArr();
            float[] values = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            Files.write(dir.resolve(v.name().replace('/', '_') + ".f32"), b.array());
            names.append(v.name()).append(' ')
                    .append(Arrays.stream(a.shape()).mapToObj(Long::toString).collect(Collectors.joining(" "))).append('\n');
        }
        Files.writeString(dir.resolve("weights.txt"), names);
        StringBuilder lines = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            BatchPlan.Step step = plan.next();
            for (int i = 0; i < step.windows().length; i++) {
                if (i > 0) {
                    lines.append(' ');
                }
                lines.append(step.windows()[i]);
                if (step.changes() != null) {
                    Augmentation.Change c = step.changes()[i];
                    lines.append(String.format(Locale.ROOT, ":%d:%d:%s:%s", c.dx(), c.mirror() ? 1 : 0,
                            Double.toString(c.add()), Double.toString(c.scale())));
                }
            }
            lines.append('\n');
        }
        Files.writeString(dir.resolve("plan.txt"), lines);
    }
}
