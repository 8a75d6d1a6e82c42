package dev.kenning.engine;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * Runs max-pooling with libnd4j's own kernels instead of oneDNN's: on NCHW data the oneDNN
 * builds of ND4J 1.0.0-M2.1 pool through a slow generic path, several times slower than
 * libnd4j's own (docs/architecture.md, Facts). Convolutions keep oneDNN, which is much faster
 * for them. Max-pooling is exact, so the forward pass is unchanged; only which of tied maxima
 * receives the gradient may differ. Models add it to their graph as a listener.
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
