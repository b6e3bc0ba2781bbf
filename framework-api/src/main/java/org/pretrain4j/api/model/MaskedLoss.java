package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;

/**
 * A loss that can be restricted to masked positions, as mmpretrain's {@code PixelReconstructionLoss} and
 * {@code CosineSimilarityLoss} are by their {@code forward(pred, target, mask)}: masked image modelling heads (MAE,
 * SimMIM, MaskFeat) score only the patches that were hidden. A head that needs a mask builds its loss as a
 * {@link Loss} and checks for this interface, so that plugins can use it without depending on the losses module.
 *
 * <p>The mask takes the place of mmpretrain's weighted-loss arguments: these losses have no {@code weight},
 * {@code reduction} or {@code avg_factor}.
 */
public interface MaskedLoss extends Loss {
    /**
     * Computes the loss, averaged over the positions the mask selects.
     *
     * @param prediction the prediction, e.g. reconstructed patches {@code (B, L, D)}
     * @param target the target, shaped like the prediction
     * @param mask weights of the per-position losses (1 = scored, 0 = ignored), broadcastable to them (e.g.
     *     {@code (B, L)} for patches); null averages over every position
     * @return a scalar: {@code Σ(loss · mask) / Σ mask}, or the plain mean without a mask (each loss documents its
     *     per-position loss and any extra divisor)
     * @throws org.pretrain4j.api.Pretrain4jException if the shapes do not fit
     */
    NDArray maskedLoss(NDArray prediction, NDArray target, NDArray mask);
}
