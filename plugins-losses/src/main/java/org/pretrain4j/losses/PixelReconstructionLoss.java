package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code PixelReconstructionLoss} for masked image modelling (MAE, SimMIM, MaskFeat):
 *
 * <ul>
 *   <li>the element-wise penalty ({@code L1}: absolute error, {@code L2}: squared error);
 *   <li>for a 3-D loss {@code (B, L, D)} (patches), the mean over the last axis, giving one loss per patch;
 *   <li>without a mask the mean of everything; with a mask {@code Σ(loss · mask) / Σ mask / channel}, the mask
 *       broadcasting to the loss: {@code (B, L)} for patches, {@code (B, 1, H, W)} for images with
 *       {@code channel = 3}.
 * </ul>
 */
public class PixelReconstructionLoss extends MaskedAverageLoss<PixelReconstructionLossConfig> {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public PixelReconstructionLoss(PixelReconstructionLossConfig config) {
        super(config, PixelReconstructionLossFactory.NAME);
    }

    /**
     * The masked loss, divided by {@code channel} when a mask is given (mmpretrain divides only then).
     *
     * @param prediction the reconstruction
     * @param target the target, same shape
     * @param mask broadcastable to the per-position loss, or null
     * @return the scalar loss
     */
    @Override
    public NDArray maskedLoss(NDArray prediction, NDArray target, NDArray mask) {
        NDArray loss = super.maskedLoss(prediction, target, mask);
        return mask == null ? loss : loss.div(Scalars.of(loss, config().channelDivisor()));
    }

    /**
     * The penalty per element, averaged over the last axis when the input is 3-D.
     *
     * @param prediction the reconstruction
     * @param target the target, same shape
     * @return {@code (B, L)} for 3-D inputs, else the input's shape
     */
    @Override
    protected NDArray perPosition(NDArray prediction, NDArray target) {
        NDArray loss = config().criterion().apply(prediction, target);
        return loss.getShape().dimension() == 3 ? loss.mean(new int[] {-1}) : loss;
    }
}
