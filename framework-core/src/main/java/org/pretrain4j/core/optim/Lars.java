package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/**
 * Layer-wise adaptive rate scaling (You, Gitman and Ginsburg, 2017) with mmpretrain's {@code LARS} update rule. For
 * each parameter with learning rate {@code lr} (see {@link OptimParam#lr}) and weight decay
 * {@code wd = weight_decay * decayMult}:
 *
 * <pre>
 * local = eta * ||w|| / (||g|| + wd * ||w|| + eps)   if ||w|| &gt; 0 and ||g|| &gt; 0 and not lars_exclude
 *       = 1                                          otherwise
 * d = (g + wd * w) * local * lr
 * if momentum != 0:
 *     buf = d                                        (first step)
 *     buf = momentum * buf + (1 - dampening) * d     (later steps)
 *     d = nesterov ? d + momentum * buf : buf
 * w -= d
 * </pre>
 *
 * <p>Unlike SGD the momentum buffer holds learning-rate-scaled steps. The trust ratio is computed on the device
 * (mmpretrain reads the two norms back with {@code .item()}; the result differs only by float rounding), so a step
 * never waits for the device. State: {@code <param>.momentum_buffer} when momentum is non-zero.
 */
public final class Lars extends StatefulOptimizer {
    private final LarsConfig config;

    /**
     * Creates the optimizer.
     *
     * @param config the hyper-parameters
     */
    public Lars(LarsConfig config) {
        super(List.of(MOMENTUM_BUFFER), false, requireNonNull(config, "config is null").lr());
        this.config = config;
    }

    /**
     * The hyper-parameters.
     *
     * @return the config
     */
    public LarsConfig config() {
        return config;
    }

    @Override
    void update(OptimParam p, NDArray w, NDArray g, double lr, NDManager scratch) {
        double wd = config.weightDecay() * p.decayMult();
        // With weight decay d is this step's temporary and is scaled in place.
        NDArray d = decayed(g, w, wd, scratch);
        NDArray scale = p.larsExclude() ? scalar(lr, w, scratch) : trustRatio(w, g, wd, scratch).muli(lr);
        d = wd == 0 ? d.mul(scale) : d.muli(scale);
        if (config.momentum() != 0) {
            d = momentum(p.name(), d, w, config.momentum(), config.dampening(), config.nesterov(), scratch);
        }
        w.subi(d);
    }

    /** The local learning rate as a 0-d array in the scratch manager: the trust ratio, or 1 if a norm is zero. */
    private NDArray trustRatio(NDArray w, NDArray g, double wd, NDManager scratch) {
        NDArray wn = own(w.norm(), scratch);
        NDArray gn = g.norm();
        NDArray ratio = wn.mul(config.eta()).divi(gn.add(wn.mul(wd)).addi(config.eps()));
        NDArray bothPositive = wn.gt(0).logicalAnd(gn.gt(0));
        return NDArrays.where(bothPositive, ratio, ratio.onesLike());
    }
}
