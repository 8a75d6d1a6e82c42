package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * Against the constant solution, in the form of Stewart &amp; Ermon's released code: minus the
 * standard deviation of every output in the batch pooled together, −std(h). A reward without a
 * cap, so it needs a bound on the outputs beside it ({@link RangeTerm} with the batch maximum):
 * unlike the per-sequence hinge of {@link SpreadTerm}, a window that barely moves may stay still
 * as long as the batch as a whole spreads over the range.
 */
public final class PooledSpreadTerm implements Constraint {
    private final String binding;

    public PooledSpreadTerm(String binding) {
        this.binding = binding;
    }

    @Override
    public String binding() {
        return binding;
    }

    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        SDVariable h = outputs.get(binding).reshape(-1);
        SDVariable centred = h.sub(h.mean());
        SDVariable std = sd.math().sqrt(centred.mul(centred).mean().add(1e-8));
        return std.neg(prefix + "/loss");
    }
}
