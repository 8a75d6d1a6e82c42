package dev.kenning.constraints.logic;

import dev.kenning.core.ConstraintSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Constraints of two bindings [p, q] laid out as a grid: a row for each output that is some
 * constraint's first binding, a column for each that is some constraint's second, a constraint
 * at its (row, column). A kind's formula is then computed on every pair of the grid at once,
 * [examples, rows, columns], and summed with a constant [rows, columns] of weights that is 0
 * where no constraint pairs them. Its constants are at most outputs × outputs numbers, however
 * many constraints there are: on a table of SUN's shape (717 scenes, 102 attributes) the 29 413
 * class-excludes-attribute constraints as a selection of constraints × outputs are 24 million
 * numbers, and the 256 686 pairwise disjointness constraints were 1.7 GB, past what a saved graph
 * may hold.
 */
final class PairGrid {
    private final List<ConstraintSpec> group;
    private final int[] row;
    private final int[] col;
    private final int[] rowOutput;
    private final int[] colOutput;
    private final int outputs;

    private PairGrid(List<ConstraintSpec> group, int[] row, int[] col, int[] rowOutput, int[] colOutput, int outputs) {
        this.group = group;
        this.row = row;
        this.col = col;
        this.rowOutput = rowOutput;
        this.colOutput = colOutput;
        this.outputs = outputs;
    }

    /** The grid of {@code group}, each binding's output column in {@code column}, of {@code outputs} outputs. */
    static PairGrid of(List<ConstraintSpec> group, Map<String, Integer> column, int outputs) {
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        Map<Integer, Integer> cols = new LinkedHashMap<>();
        int[] row = new int[group.size()];
        int[] col = new int[group.size()];
        for (int k = 0; k < group.size(); k++) {
            List<String> bindings = group.get(k).bindings();
            row[k] = rows.computeIfAbsent(column.get(bindings.get(0)), x -> rows.size());
            col[k] = cols.computeIfAbsent(column.get(bindings.get(1)), x -> cols.size());
        }
        return new PairGrid(group, row, col, rows.keySet().stream().mapToInt(Integer::intValue).toArray(),
                cols.keySet().stream().mapToInt(Integer::intValue).toArray(), outputs);
    }

    /** [outputs, rows]: a 1 at each row's output. */
    INDArray firstSelection() {
        return selection(rowOutput);
    }

    /** [outputs, columns]: a 1 at each column's output. */
    INDArray secondSelection() {
        return selection(colOutput);
    }

    private INDArray selection(int[] of) {
        INDArray s = Nd4j.zeros(DataType.FLOAT, outputs, of.length);
        for (int i = 0; i < of.length; i++) {
            s.putScalar(of[i], i, 1);
        }
        return s;
    }

    /** [rows, columns]: the sum of {@code value} over the constraints at each place, 0 where there are none. */
    INDArray weights(ToDoubleFunction<ConstraintSpec> value) {
        INDArray w = Nd4j.zeros(DataType.FLOAT, rowOutput.length, colOutput.length);
        for (int k = 0; k < group.size(); k++) {
            w.putScalar(row[k], col[k], w.getDouble(row[k], col[k]) + value.applyAsDouble(group.get(k)));
        }
        return w;
    }

    /** The first binding's truth on every place of the grid, [examples, rows, columns]. */
    SDVariable firsts(SameDiff sd, SDVariable truth, String p) {
        return truth.mmul(LogicConstraints.typed(sd, p + "/first", firstSelection(), truth)).reshape(-1, rowOutput.length, 1)
                .mul(ones(sd, truth, p));
    }

    /** The second binding's truth on every place of the grid, [examples, rows, columns]. */
    SDVariable seconds(SameDiff sd, SDVariable truth, String p) {
        return truth.mmul(LogicConstraints.typed(sd, p + "/second", secondSelection(), truth)).reshape(-1, 1, colOutput.length)
                .mul(ones(sd, truth, p));
    }

    /**
     * Σ over constraints of weight × mean over examples of {@code losses} [examples, rows,
     * columns] at the constraint's place.
     */
    SDVariable weighted(SameDiff sd, SDVariable losses, String p) {
        INDArray w = weights(ConstraintSpec::weight).reshape(1, rowOutput.length, colOutput.length);
        // the mean over examples first: SameDiff M2.1 fails on a sum over an axis of length 1
        return losses.mul(LogicConstraints.typed(sd, p + "/weights", w, losses)).mean(0).sum();
    }

    /**
     * A full grid of ones: multiplying by it spreads a row or a column over the grid, where
     * SameDiff's broadcasting mul has a gradient that sums back (its min and max do not).
     */
    private SDVariable ones(SameDiff sd, SDVariable like, String p) {
        String name = p + "/ones";
        return sd.hasVariable(name) ? sd.getVariable(name)
                : LogicConstraints.typed(sd, name, Nd4j.ones(DataType.FLOAT, 1, rowOutput.length, colOutput.length), like);
    }
}
