package org.pretrain4j.selfsup.byol;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.CosineEMA;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.Scalars;
import org.pretrain4j.selfsup.SiameseSelfSupervisor;
import org.pretrain4j.selfsup.heads.LatentPredictHead;

/**
 * mmpretrain's {@code BYOL}: the online backbone and neck embed both views, a {@link CosineEMA} copy of them
 * ({@code target_net}) embeds them too, and the head's predictor must predict the target embedding of the other
 * view. One step, in mmpretrain's order: online embeddings {@code p1}, {@code p2}; update of {@code target_net}
 * (its momentum anneals from {@code base_momentum} to 0 with a cosine over the run, mmengine's convention:
 * {@code 0.004} is the paper's 0.996); target embeddings {@code t1}, {@code t2} without gradient; then
 * {@code loss = 2 * (head.loss(p1, t2) + head.loss(p2, t1))}.
 *
 * <p>{@code CosineEMA} needs the run's total iterations before its second update: {@link #targetNet()} gives it to
 * whoever runs the training ({@code targetNet().setMaxIters(maxIters)}).
 */
public final class BYOL extends SiameseSelfSupervisor<LatentPredictHead> {
    private final CosineEMA targetNet;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the online backbone
     * @param neck the online projection
     * @param head the predictor and its loss
     * @param targetNet the target network, wrapping a {@code Sequential(backbone, neck)} of the same architecture;
     *     becomes the child {@code target_net}
     */
    public BYOL(Backbone backbone, Neck neck, LatentPredictHead head, CosineEMA targetNet) {
        super(BYOLFactory.NAME, backbone, neck, head, "target_net", targetNet);
        this.targetNet = targetNet;
    }

    /**
     * The target network, whose momentum schedule needs the run's length.
     *
     * @return the {@code target_net} child
     */
    public CosineEMA targetNet() {
        return targetNet;
    }

    @Override
    protected LossDict loss(ParameterStore parameterStore, NDArray view1, NDArray view2) {
        NDArray online1 = project(parameterStore, view1);
        NDArray online2 = project(parameterStore, view2);
        updateTarget();
        NDArray target1 = projectTarget(parameterStore, view1);
        NDArray target2 = projectTarget(parameterStore, view2);
        return new LossDict().put("loss", symmetricLoss(head(), parameterStore, online1, online2, target1, target2));
    }

    /**
     * BYOL's symmetric loss, {@code 2 * (head.loss(p1, t2) + head.loss(p2, t1))}.
     *
     * @param head the predictor and its loss
     * @param parameterStore where parameters are read from
     * @param online1 the online embedding of view 1
     * @param online2 the online embedding of view 2
     * @param target1 the target embedding of view 1
     * @param target2 the target embedding of view 2
     * @return the loss, a scalar
     */
    static NDArray symmetricLoss(LatentPredictHead head, ParameterStore parameterStore, NDArray online1,
            NDArray online2, NDArray target1, NDArray target2) {
        NDArray loss1 = head.loss(parameterStore, online1, target2);
        NDArray loss2 = head.loss(parameterStore, online2, target1);
        NDArray sum = loss1.add(loss2);
        return sum.mul(Scalars.of(sum, 2));
    }
}
