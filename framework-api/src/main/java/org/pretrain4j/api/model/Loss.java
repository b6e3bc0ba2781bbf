package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * A loss with mmpretrain's weighted-loss semantics. As a block its forward pass takes
 * {@code (prediction, target[, weight])} (just {@code (prediction)} when {@link #needsTarget()} is false) and
 * returns a scalar; {@link #loss} is the direct call. Losses that can be restricted to masked positions also
 * implement {@link MaskedLoss}.
 */
public interface Loss extends Block {
    /**
     * Computes the loss.
     *
     * @param prediction the model output, e.g. logits {@code (N, C)}
     * @param target class indices {@code (N,)} or dense targets shaped like the prediction; null for a loss whose
     *     {@link #needsTarget()} is false
     * @param weight per-sample or element-wise weights, or {@code null}
     * @param avgFactor divisor replacing the element count in {@code mean} reduction, or {@code null}; heads pass
     *     the batch size, as mmpretrain's do
     * @return the loss, a scalar unless the loss is configured with {@code reduction = none}
     * @throws org.pretrain4j.api.Pretrain4jException if the arguments contradict the configuration (e.g. an
     *     {@code avgFactor} with {@code reduction = sum})
     */
    NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor);

    /**
     * Tells whether targets must be dense; heads then turn class indices into one-hot rows before calling.
     *
     * @return true for losses such as {@code L1Loss} that compare a prediction with a same-shaped target
     */
    default boolean needsDenseTarget() {
        return false;
    }

    /**
     * Tells whether the loss compares the prediction with a target at all. A loss of one input, such as Barlow
     * Twins' {@code CrossCorrelationLoss} (the prediction is the cross-correlation matrix), returns false and is
     * called with a null target.
     *
     * @return true for every loss that takes a target
     */
    default boolean needsTarget() {
        return true;
    }
}
