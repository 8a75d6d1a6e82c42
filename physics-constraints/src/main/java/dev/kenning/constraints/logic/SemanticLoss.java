package dev.kenning.constraints.logic;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The semantic loss of "exactly one of these outputs holds" (Xu, Zhang, Friedman, Liang &amp;
 * Van den Broeck, ICML 2018): minus the log-probability that independent Bernoulli outputs
 * p = σ(z) satisfy the formula, its exact weighted model count
 * <pre>  L = −log Σᵢ pᵢ Πⱼ≠ᵢ (1 − pⱼ).</pre>
 * Since σ(zᵢ)/σ(−zᵢ) = e^{zᵢ}, the sum is e^{LSE(z)} Πⱼ σ(−zⱼ), so
 * <pre>  L = Σⱼ softplus(zⱼ) − logsumexp(z),</pre>
 * which is computed from the logits without ever taking the log of a small product.
 * It is 0 only for a confident one-hot output and needs no label: on unlabelled images it
 * pushes the classifier to commit to exactly one class.
 */
public final class SemanticLoss {
    private SemanticLoss() {
    }

    /** Per-example loss, [examples, 1], from logits [examples, outputs]. */
    public static SDVariable exactlyOne(SameDiff sd, SDVariable logits) {
        SDVariable softplus = sd.nn().softplus(logits).sum(true, 1);
        // logsumexp by hand: M2.1's logSumExp back-propagates with a reshape error
        SDVariable max = logits.max(true, 1);
        SDVariable lse = sd.math().log(sd.math().exp(logits.sub(max)).sum(true, 1)).add(max);
        return softplus.sub(lse);
    }

    /** The same from probabilities p ∈ (0, 1), [examples, outputs], by the count itself; for checking. */
    public static double exactlyOne(double[] p) {
        double count = 0;
        for (int i = 0; i < p.length; i++) {
            double term = p[i];
            for (int j = 0; j < p.length; j++) {
                if (j != i) {
                    term *= 1 - p[j];
                }
            }
            count += term;
        }
        return -Math.log(count);
    }
}
