package org.pretrain4j.backbones.layers;

/**
 * How a backbone builds its batch norms: mmcv's {@code norm_cfg=dict(type='BN', eps, momentum)} plus the backbone's
 * {@code norm_eval} flag, passed down as one value so that every block a backbone builds agrees.
 *
 * @param eps added to the variance
 * @param momentum PyTorch's convention: the weight of the new batch statistic
 * @param normEval run the batch norms in inference mode even when training (running statistics stay fixed; gamma
 *     and beta still train), mmpretrain's {@code norm_eval}
 */
public record BatchNormSpec(float eps, float momentum, boolean normEval) {
    /** PyTorch's {@code BatchNorm2d} defaults: eps 1e-5, momentum 0.1, statistics updated in training. */
    public static final BatchNormSpec PYTORCH = new BatchNormSpec(1e-5f, 0.1f, false);

    /**
     * Checks the values.
     *
     * @param eps the epsilon, positive
     * @param momentum the momentum, in [0, 1]
     * @param normEval whether the norms stay in inference mode
     */
    public BatchNormSpec {
        if (!(eps > 0f)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
    }

    /**
     * The same spec with another {@code norm_eval}.
     *
     * @param eval run the batch norms in inference mode
     * @return the spec
     */
    public BatchNormSpec withNormEval(boolean eval) {
        return new BatchNormSpec(eps, momentum, eval);
    }

    /**
     * Creates a batch norm with gamma starting at 1.
     *
     * @return the batch norm
     */
    public BatchNorm2d create() {
        return new BatchNorm2d(eps, momentum, false);
    }
}
