package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Lets a component accept a checkpoint tensor whose shape differs from its parameter's for a known, lossless-enough
 * reason, e.g. a VisionTransformer resizing its position embedding to another patch grid (mmpretrain's
 * {@code _prepare_pos_embed} load hook). The weight loader asks the nearest enclosing block that implements this
 * interface before reporting a shape mismatch.
 */
public interface CheckpointAdapter {
    /**
     * Adapts one loaded tensor to the shape of the parameter it is meant for.
     *
     * @param name the parameter's dotted name relative to this block, e.g. {@code pos_embed}
     * @param loaded the tensor read from the checkpoint (the caller owns it and its manager)
     * @param expected the parameter's shape
     * @return a tensor of shape {@code expected}, attached to {@code loaded}'s manager; or null when this block does
     *     not adapt that parameter, so that the loader reports the mismatch
     */
    NDArray adaptCheckpointTensor(String name, NDArray loaded, Shape expected);
}
