package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * Keeps outputs inside the physically possible range [min, max] (e.g. the heights the camera
 * can see): mean of max(0, h − max) + max(0, min − h). Zero inside the range, so it only pins
 * the free offset of laws that fix shape but not position. With {@code worst}, the largest of
 * them over the batch instead of the mean (kind {@code range-max}, Stewart &amp; Ermon's code):
 * the bound that stops {@link PooledSpreadTerm} spreading the outputs without end.
 */
public final class RangeTerm implements Constraint {
    private final String binding;
    private final double min;
    private final double max;
    private final boolean worst;

    public RangeTerm(String binding, double min, double max) {
        this(binding, min, max, false);
    }

    public RangeTerm(String binding, double min, double max, boolean worst) {
        this.worst = worst;
        if (!(max > min)) {
            throw new IllegalArgumentException("range needs max > min, got [" + min + ", " + max + "]");
        }
        this.binding = binding;
        this.min = min;
        this.max = max;
    }

    @Override
    public String binding() {
        return binding;
    }

    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        SDVariable h = outputs.get(binding);
        SDVariable above = sd.nn().relu(h.sub(max), 0);
        SDVariable below = sd.nn().relu(h.rsub(min), 0);
        SDVariable outside = above.add(below);
        return worst ? outside.max(prefix + "/loss") : outside.mean(prefix + "/loss");
    }
}
