package org.pretrain4j.selfsup.barlowtwins;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.selfsup.SiameseSelfSupervisor;
import org.pretrain4j.selfsup.heads.LatentCrossCorrelationHead;

/**
 * mmpretrain's {@code BarlowTwins}: both views go through the same backbone and neck ({@code z1}, {@code z2}) and
 * {@code loss = head.loss(z1, z2)}, the {@code CrossCorrelationLoss} of their batch-normalised cross-correlation
 * matrix. Gradients flow through both views.
 */
public final class BarlowTwins extends SiameseSelfSupervisor<LatentCrossCorrelationHead> {
    /**
     * Assembles the algorithm.
     *
     * @param backbone the network being pre-trained
     * @param neck the projector
     * @param head the cross-correlation head
     */
    public BarlowTwins(Backbone backbone, Neck neck, LatentCrossCorrelationHead head) {
        super(BarlowTwinsFactory.NAME, backbone, neck, head);
    }

    @Override
    protected LossDict loss(ParameterStore parameterStore, NDArray view1, NDArray view2) {
        NDArray z1 = project(parameterStore, view1);
        NDArray z2 = project(parameterStore, view2);
        return new LossDict().put("loss", head().loss(parameterStore, z1, z2));
    }

    /** The head takes both views' embeddings. */
    @Override
    protected void initializeHead(NDManager manager, DataType dataType, Shape[] inputShapes, Shape[] featureShapes) {
        head().initialize(manager, dataType, featureShapes[0], featureShapes[0]);
    }
}
