package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/**
 * Gradient clipping by global L2 norm, as {@code torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=2)}
 * (mmengine's {@code optim_wrapper.clip_grad = dict(max_norm=...)}). DJL's own {@code optClipGrad} is one-sided
 * value clipping, not this.
 */
public final class GradientClipper {
    private GradientClipper() {}

    /**
     * Scales every gradient in place by {@code max_norm / (total + 1e-6)} when that factor is below 1, where
     * {@code total = sqrt(sum ||g||^2)} over all the parameters' gradients; the factor is computed in float32 as
     * PyTorch does. Reading the norm back is a sync with the device. A non-finite norm leaves the gradients as they
     * are and is returned as is.
     *
     * @param params the parameters whose gradients to clip
     * @param maxNorm the largest allowed global norm, &gt; 0
     * @param scratch a manager for temporaries, closed by the caller
     * @return the global norm before clipping (0 when there are no gradients)
     */
    public static float clipByGlobalNorm(List<OptimParam> params, double maxNorm, NDManager scratch) {
        requireNonNull(params, "params is null");
        requireNonNull(scratch, "scratch is null");
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max_norm must be > 0, got " + maxNorm);
        }
        NDList grads = new NDList(params.size());
        NDList norms = new NDList(params.size());
        for (OptimParam p : params) {
            NDArray g = StatefulOptimizer.gradient(p.parameter().getArray(), scratch);
            if (g != null) {
                grads.add(g);
                norms.add(StatefulOptimizer.own(g.norm(), scratch));
            }
        }
        if (grads.isEmpty()) {
            return 0f;
        }
        NDArray stacked = StatefulOptimizer.own(NDArrays.stack(norms), scratch);
        float total = StatefulOptimizer.own(stacked.norm(), scratch).getFloat();
        float coef = (float) maxNorm / (total + 1e-6f);
        if (coef < 1f) {
            for (NDArray g : grads) {
                g.muli(coef);
            }
        }
        return total;
    }
}
