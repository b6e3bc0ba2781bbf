package org.pretrain4j.selfsup.simsiam;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.Scalars;
import org.pretrain4j.selfsup.SiameseSelfSupervisor;
import org.pretrain4j.selfsup.heads.LatentPredictHead;

/**
 * mmpretrain's {@code SimSiam}: both views go through the same backbone and neck ({@code z1}, {@code z2}), and
 * {@code loss = 0.5 * (head.loss(z1, z2) + head.loss(z2, z1))}, where the head's predictor maps one embedding to a
 * prediction of the other and the target is detached (the stop-gradient that keeps SimSiam from collapsing).
 * mmpretrain's configs keep the predictor's learning rate fixed with {@code paramwise_cfg.custom_keys.predictor
 * { fix_lr = true }}, which here needs no {@code SimSiamHook}.
 */
public final class SimSiam extends SiameseSelfSupervisor<LatentPredictHead> {
    /**
     * Assembles the algorithm.
     *
     * @param backbone the network being pre-trained
     * @param neck the projection
     * @param head the predictor and its loss
     */
    public SimSiam(Backbone backbone, Neck neck, LatentPredictHead head) {
        super(SimSiamFactory.NAME, backbone, neck, head);
    }

    @Override
    protected LossDict loss(ParameterStore parameterStore, NDArray view1, NDArray view2) {
        NDArray z1 = project(parameterStore, view1);
        NDArray z2 = project(parameterStore, view2);
        return new LossDict().put("loss", symmetricLoss(head(), parameterStore, z1, z2));
    }

    /**
     * SimSiam's symmetric loss, {@code 0.5 * (head.loss(z1, z2) + head.loss(z2, z1))}.
     *
     * @param head the predictor and its loss
     * @param parameterStore where parameters are read from
     * @param z1 the embedding of view 1
     * @param z2 the embedding of view 2
     * @return the loss, a scalar
     */
    static NDArray symmetricLoss(LatentPredictHead head, ParameterStore parameterStore, NDArray z1, NDArray z2) {
        NDArray sum = head.loss(parameterStore, z1, z2).add(head.loss(parameterStore, z2, z1));
        return sum.mul(Scalars.of(sum, 0.5));
    }
}
