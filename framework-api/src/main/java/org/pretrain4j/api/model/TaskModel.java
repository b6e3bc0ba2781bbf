package org.pretrain4j.api.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A top-level model that a config names under {@code model}, the counterpart of mmpretrain's three forward modes:
 * the block's own forward pass is {@code mode='tensor'}, {@link #loss} is {@code mode='loss'} and {@link #predict}
 * is {@code mode='predict'}. Inputs are already normalised by the data preprocessor.
 */
public interface TaskModel extends Block {
    /**
     * Runs a training forward pass and computes the losses.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the batch inputs, e.g. one image batch {@code (N, C, H, W)} or several views
     * @param targets the batch targets (class indices, or dense one-hot, mixed or multi-hot rows); empty for
     *     self-supervised models
     * @return the named losses
     */
    LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets);

    /**
     * Runs inference.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the batch inputs
     * @return the predictions; for classifiers {@code (scores (N, classes), labels)} as
     *     {@link Head#predict} describes
     */
    NDList predict(ParameterStore parameterStore, NDList inputs);
}
