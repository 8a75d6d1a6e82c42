package dev.kenning.engine;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * Runs max-pooling with libnd4j's own kernels instead of oneDNN's. On NCHW data the oneDNN
 * builds of ND4J 1.0.0-M2.1 pool through a slow generic path: on the free-fall model
 * (96 frames of 16×32×32) maxpool2d took ~30 ms and maxpool2d_bp ~47 ms on one thread against
 * ~7 and ~18 ms without the helper, half of every training step. Convolutions keep oneDNN,
 * which is ten times faster than the fallback for them (DESIGN.md). Max-pooling is exact, so
 * the forward pass is unchanged; only which of tied maxima receives the gradient may differ.
 */
public final class PoolingWithoutOneDnn extends BaseListener {
    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        String name = op.getOp().opName();
        if (name.equals("maxpool2d") || name.equals("maxpool2d_bp")) {
            opContext.allowHelpers(false);
        }
    }
}
