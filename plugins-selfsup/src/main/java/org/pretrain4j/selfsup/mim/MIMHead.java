package org.pretrain4j.selfsup.mim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.model.MaskedLoss;

/**
 * mmpretrain's {@code MIMHead}, the plain head of masked image modelling (MaskFeat): its loss compares the
 * prediction with the target as given, e.g. HOG features from a target generator, on the masked patches only. See
 * {@link MaskedReconstructionHead} for its forward pass and losses.
 */
public final class MIMHead extends MaskedReconstructionHead {
    /**
     * Creates the head.
     *
     * @param loss the loss, restricted to masked patches
     */
    public MIMHead(MaskedLoss loss) {
        super(loss, MIMHeadFactory.NAME);
    }

    /**
     * The target as given.
     *
     * @param target the target {@code (B, L, D)}
     * @return {@code target}
     */
    @Override
    protected NDArray constructTarget(NDArray target) {
        return target;
    }

    /**
     * The target's shape as given.
     *
     * @param target {@code (B, L, D)}
     * @return {@code target}
     */
    @Override
    protected Shape targetShape(Shape target) {
        return target;
    }
}
