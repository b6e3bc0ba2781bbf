package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A head with layers before its classifier (e.g. a ViT head's {@code pre_logits} projection), whose output is what
 * mmpretrain's {@code extract_feat(stage='pre_logits')} returns. Heads that do not implement this pass the last
 * feature straight to their classifier, so for them the pre-logits are the neck's last output.
 */
public interface PreLogitsHead extends Head {
    /**
     * Runs the head up to, not including, its final classifier.
     *
     * @param parameterStore where parameters are read from
     * @param features the neck's (or backbone's) outputs
     * @param training whether this is a training pass
     * @return the pre-logits, {@code (N, D)}
     */
    NDArray preLogits(ParameterStore parameterStore, NDList features, boolean training);
}
