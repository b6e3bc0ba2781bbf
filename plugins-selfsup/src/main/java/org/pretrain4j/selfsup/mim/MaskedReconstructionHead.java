package org.pretrain4j.selfsup.mim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.MaskedLoss;

/**
 * Base of the heads of masked image modelling ({@code MIMHead}, {@code MAEPretrainHead}): a loss, child
 * {@code loss_module} as mmpretrain names it, that scores a per-patch prediction against a target on the masked
 * patches only. mmpretrain's {@code head.loss(pred, target, mask)} is {@link #loss(NDArray, NDArray, NDArray)};
 * subclasses only say how the target is built from what the algorithm passes ({@link #constructTarget}).
 *
 * <p>As a {@link Head}, whose contract is made for classifiers, the block's forward pass takes
 * {@code (prediction (B, L, D), target source[, mask])} and returns {@code (prediction, target (B, L, D)[, mask
 * (B, L)])}; {@link #loss(NDList, NDArray)} scores such an output and ignores its {@code target} argument (these
 * heads have no class targets: target and mask travel with the prediction), and {@link #predict} returns the
 * prediction alone. The mask may come per patch {@code (B, L)} or as a patch grid {@code (B, h, w)}; 1 marks a
 * masked (scored) patch.
 */
public abstract class MaskedReconstructionHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;

    private final MaskedLoss lossModule;
    private final String typeName;

    /**
     * Registers the loss.
     *
     * @param loss the per-patch loss that can be restricted to masked patches
     * @param typeName the head's type name, for error messages
     */
    protected MaskedReconstructionHead(MaskedLoss loss, String typeName) {
        super(VERSION);
        this.lossModule = addChildBlock("loss_module", requireNonNull(loss, "loss is null"));
        this.typeName = requireNonNull(typeName, "typeName is null");
    }

    /**
     * Documents the {@code loss} key of these heads' configs.
     *
     * @return the documentation
     */
    public static ParamDoc lossParameter() {
        return ParamDoc.required("loss", "loss config", "A loss that can be restricted to the masked patches, e.g. "
                + "{ type = PixelReconstructionLoss, criterion = L2 }.");
    }

    /**
     * Builds the {@code loss} of a head's config through the context and checks that it takes a mask.
     *
     * @param context the build context
     * @param loss the {@code loss} object
     * @param typeName the head's type name, for the error message
     * @return the loss
     * @throws org.pretrain4j.api.config.ConfigException if the loss cannot be restricted to masked patches
     */
    public static MaskedLoss buildLoss(BuildContext context, ConfigView loss, String typeName) {
        Loss built = context.build(Kind.LOSS, loss);
        if (!(built instanceof MaskedLoss masked)) {
            throw loss.error("type", typeName + " scores masked patches only, so its loss must take a mask (as "
                    + "PixelReconstructionLoss does); " + built.getClass().getSimpleName() + " does not");
        }
        return masked;
    }

    /**
     * The loss.
     *
     * @return {@code loss_module}
     */
    public final MaskedLoss lossModule() {
        return lossModule;
    }

    /**
     * mmpretrain's {@code loss(pred, target, mask)}: builds the target, then averages the loss over the masked
     * patches.
     *
     * @param prediction the per-patch prediction {@code (B, L, D)}
     * @param target what {@link #constructTarget} turns into the {@code (B, L, D)} target
     * @param mask 1 for the patches to score, {@code (B, L)} or {@code (B, h, w)}; null scores every patch
     * @return the scalar loss
     * @throws Pretrain4jException if the shapes do not fit
     */
    public final NDArray loss(NDArray prediction, NDArray target, NDArray mask) {
        return lossModule.maskedLoss(prediction, constructTarget(target), patchMask(mask, prediction.getShape()));
    }

    /**
     * Builds the reconstruction target.
     *
     * @param target what the algorithm passes as the target
     * @return the target, shaped like the prediction
     */
    protected abstract NDArray constructTarget(NDArray target);

    /**
     * The shape {@link #constructTarget} gives.
     *
     * @param target the shape of what the algorithm passes
     * @return the target's shape
     */
    protected abstract Shape targetShape(Shape target);

    /** The mask per patch, {@code (B, L)}, or null. */
    private NDArray patchMask(NDArray mask, Shape prediction) {
        if (mask == null) {
            return null;
        }
        return mask.reshape(checkMask(mask.getShape(), prediction));
    }

    private Shape checkMask(Shape mask, Shape prediction) {
        Shape perPatch = new Shape(prediction.get(0), prediction.get(1));
        if (mask.dimension() < 2 || mask.get(0) != perPatch.get(0) || mask.size() != perPatch.size()) {
            throw new Pretrain4jException(typeName + ": the mask " + mask + " does not cover the " + perPatch.get(1)
                    + " patches of the prediction " + prediction + "; a mask generator's input_size must be the "
                    + "backbone's patch grid");
        }
        return perPatch;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkArity(inputs.size());
        NDArray prediction = inputs.get(0);
        NDList out = new NDList(prediction, constructTarget(inputs.get(1)));
        if (inputs.size() == 3) {
            out.add(patchMask(inputs.get(2), prediction.getShape()));
        }
        return out;
    }

    /**
     * Scores an output of the forward pass.
     *
     * @param predictions {@code (prediction, target[, mask])} from the forward pass
     * @param target unused: the target travels in {@code predictions}
     * @return {@code loss}
     */
    @Override
    public final LossDict loss(NDList predictions, NDArray target) {
        NDArray mask = predictions.size() > 2 ? predictions.get(2) : null;
        return new LossDict().put("loss", lossModule.maskedLoss(predictions.get(0), predictions.get(1), mask));
    }

    /**
     * The prediction itself: a reconstruction head predicts no classes.
     *
     * @param predictions the forward pass's output
     * @return {@code (prediction)}
     */
    @Override
    public final NDList predict(NDList predictions) {
        return new NDList(predictions.get(0));
    }

    /**
     * The forward pass's shapes.
     *
     * @param inputShapes {@code [prediction, target source[, mask]]}
     * @return {@code [prediction, target[, (B, L)]]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkArity(inputShapes.length);
        Shape prediction = inputShapes[0];
        Shape target = targetShape(inputShapes[1]);
        if (prediction.dimension() != 3 || !prediction.equals(target)) {
            throw new Pretrain4jException(typeName + " predicts (B, L, D) patches and needs a target of the same "
                    + "shape, got the prediction " + prediction + " and the target " + target);
        }
        return inputShapes.length == 2 ? new Shape[] {prediction, target}
                : new Shape[] {prediction, target, checkMask(inputShapes[2], prediction)};
    }

    private void checkArity(int count) {
        if (count != 2 && count != 3) {
            throw new Pretrain4jException(typeName + " takes (prediction, target[, mask]), got " + count
                    + " inputs");
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape prediction = getOutputShapes(inputShapes)[0];
        lossModule.initialize(manager, dataType, prediction, prediction);
    }
}
