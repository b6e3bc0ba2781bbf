package org.pretrain4j.losses;

/**
 * Element-wise squared error {@code (prediction - target)²} through {@link WeightReduce}, times {@code loss_weight}.
 * mmpretrain registers no {@code MSELoss} (it uses {@code torch.nn.MSELoss} inside {@code PixelReconstructionLoss}
 * and {@code CAELoss}); this is MMDetection's {@code MSELoss}, the weighted-loss sibling of {@link L1Loss}, with the
 * same keys.
 */
public class MSELoss extends RegressionLoss {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public MSELoss(RegressionLossConfig config) {
        super(config, Penalty.L2, MSELossFactory.NAME);
    }
}
