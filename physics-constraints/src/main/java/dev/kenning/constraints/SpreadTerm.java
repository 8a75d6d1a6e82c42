package dev.kenning.constraints;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * Against the constant solution (Stewart &amp; Ermon 2017, section 3.2): a hinge on the standard
 * deviation of the outputs within each sequence, mean over sequences of max(0, min_std − std(h)).
 * Capped by the hinge so it cannot reward spreading the outputs without bound.
 */
public final class SpreadTerm implements Constraint {
    private final String binding;
    private final double minStd;

    public SpreadTerm(String binding, double minStd) {
        this.binding = binding;
        this.minStd = minStd;
    }

    @Override
    public String binding() {
        return binding;
    }

    @Override
    public SDVariable loss(SameDiff sd, Map<String, SDVariable> outputs, int frames, String prefix) {
        SDVariable h = outputs.get(binding);
        SDVariable centred = h.sub(h.mean(true, 1));
        SDVariable std = sd.math().sqrt(centred.mul(centred).mean(1).add(1e-8));
        SDVariable shortfall = sd.nn().relu(std.rsub(minStd), 0);
        return shortfall.mean(prefix + "/loss");
    }
}
