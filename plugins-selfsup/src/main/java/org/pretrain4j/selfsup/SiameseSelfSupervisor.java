package org.pretrain4j.selfsup;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.ExponentialMovingAverage;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;

/**
 * Base of the algorithms that compare two views of each image through backbone and neck, view by view (MoCo, BYOL,
 * SimSiam, Barlow Twins), optionally against a momentum copy of backbone and neck (MoCo's {@code encoder_k},
 * BYOL's {@code target_net}). It takes the two views out of the batch and initialises every part on one view's
 * shape; a subclass writes only {@link #loss(ParameterStore, NDArray, NDArray)} with {@link #project},
 * {@link #updateTarget} and {@link #projectTarget}.
 *
 * <p>The momentum copy is an {@link ExponentialMovingAverage} around a {@code Sequential(backbone, neck)} built from
 * the same configs as the online parts, so its checkpoint keys read {@code <name>.module.0.*} (backbone),
 * {@code <name>.module.1.*} (neck) and {@code <name>.steps}, as mmengine's averaged model names them. mmpretrain
 * updates it inside {@code loss}, after the online forward pass of the step and before the copy's own, so the
 * update sees the weights of the previous optimizer step; the subclasses keep that order.
 *
 * @param <H> the head's type
 */
public abstract class SiameseSelfSupervisor<H extends Block> extends AbstractSelfSupervisor<H> {
    private final String typeName;
    private final ExponentialMovingAverage target;

    /**
     * Assembles an algorithm without a momentum copy.
     *
     * @param typeName the algorithm's type name, for errors
     * @param backbone the network being pre-trained
     * @param neck the projection, whose first output is the embedding {@code (N, C)}
     * @param head the head
     */
    protected SiameseSelfSupervisor(String typeName, Backbone backbone, Neck neck, H head) {
        this(typeName, backbone, neck, head, null, null);
    }

    /**
     * Assembles an algorithm with a momentum copy of backbone and neck.
     *
     * @param typeName the algorithm's type name, for errors
     * @param backbone the network being pre-trained
     * @param neck the projection, whose first output is the embedding {@code (N, C)}
     * @param head the head
     * @param targetName the copy's child name, mmpretrain's attribute name
     * @param target the copy, wrapping a {@code Sequential(backbone, neck)} of the same architecture; null for none
     */
    protected SiameseSelfSupervisor(String typeName, Backbone backbone, Neck neck, H head, String targetName,
            ExponentialMovingAverage target) {
        super(backbone, requirePart(typeName, neck, "neck"), requirePart(typeName, head, "head"));
        this.typeName = typeName;
        this.target = target == null ? null : addChildBlock(requireNonNull(targetName, "targetName is null"), target);
    }

    private static <T> T requirePart(String typeName, T part, String name) {
        if (part == null) {
            throw new Pretrain4jException(typeName + " needs a " + name);
        }
        return part;
    }

    /**
     * Runs the algorithm on a batch of two views.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the two views {@code (N, C, H, W)}, in the order the {@code MultiView} pipeline made them
     * @param targets ignored
     * @return the named losses
     * @throws Pretrain4jException if the batch does not have exactly two views
     */
    @Override
    public final LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        if (inputs.size() != 2) {
            throw new Pretrain4jException(typeName + " needs two views of each image, got " + inputs.size()
                    + "; put { type = MultiView, num_views = 2, transforms = [...] } in the train pipeline");
        }
        return loss(parameterStore, inputs.get(0), inputs.get(1));
    }

    /**
     * The algorithm's {@code loss} on the two views (mmpretrain's {@code img_v1} and {@code img_v2}, or MoCo's
     * {@code im_q} and {@code im_k}).
     *
     * @param parameterStore where parameters are read from
     * @param view1 the first view {@code (N, C, H, W)}
     * @param view2 the second view
     * @return the named losses
     */
    protected abstract LossDict loss(ParameterStore parameterStore, NDArray view1, NDArray view2);

    /**
     * {@code neck(backbone(view))[0]} in training mode: the online embedding.
     *
     * @param parameterStore where parameters are read from
     * @param view one view
     * @return the embedding {@code (N, C)}
     */
    protected final NDArray project(ParameterStore parameterStore, NDArray view) {
        return neckFeatures(parameterStore, new NDList(view), true).get(0);
    }

    /**
     * mmengine's {@code update_parameters(nn.Sequential(backbone, neck))}: the first call copies the online weights
     * into the momentum copy, later ones average them in.
     *
     * @throws IllegalStateException if the algorithm has no momentum copy
     */
    protected final void updateTarget() {
        momentumCopy().update(backbone(), neck());
    }

    /**
     * The momentum copy's embedding of a view, run in training mode as in mmpretrain (its batch norms use batch
     * statistics) and detached, as under mmpretrain's {@code torch.no_grad()}.
     *
     * @param parameterStore where parameters are read from
     * @param view one view
     * @return the embedding {@code (N, C)}, outside the gradient graph
     * @throws IllegalStateException if the algorithm has no momentum copy
     */
    protected final NDArray projectTarget(ParameterStore parameterStore, NDArray view) {
        return momentumCopy().forward(parameterStore, new NDList(view), true).get(0).stopGradient();
    }

    private ExponentialMovingAverage momentumCopy() {
        if (target == null) {
            throw new IllegalStateException(typeName + " has no momentum copy");
        }
        return target;
    }

    /**
     * Initialises backbone, neck, head and the momentum copy on the first view's shape: the views go through the
     * same parts one at a time.
     */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape view = inputShapes[0];
        super.initializeChildBlocks(manager, dataType, view);
        if (target != null) {
            target.initialize(manager, dataType, view);
        }
    }
}
