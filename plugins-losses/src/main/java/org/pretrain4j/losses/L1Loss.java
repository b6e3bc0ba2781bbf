package org.pretrain4j.losses;

/**
 * Element-wise absolute error {@code |prediction - target|} through {@link WeightReduce}, times {@code loss_weight}
 * (the {@code l1_loss} of mmpretrain's {@code weighted_loss} docstring, registered as in MMDetection).
 */
public class L1Loss extends RegressionLoss {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public L1Loss(RegressionLossConfig config) {
        super(config, Penalty.L1, L1LossFactory.NAME);
    }
}
