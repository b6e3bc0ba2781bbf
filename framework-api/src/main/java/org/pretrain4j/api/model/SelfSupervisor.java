package org.pretrain4j.api.model;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A self-supervised pre-training algorithm (MAE, SimCLR, BYOL, ...). Its {@link #loss} takes the views of a batch
 * and no targets; {@link #extractFeat} gives the backbone features that later feed a linear probe or fine-tune.
 */
public interface SelfSupervisor extends TaskModel {
    /**
     * Computes the backbone features of an image batch, without masking or augmentation.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @return the backbone's stage outputs
     */
    NDList extractFeat(ParameterStore parameterStore, NDList inputs);
}
