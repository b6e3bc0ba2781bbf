package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import org.pretrain4j.api.model.MaskedLoss;

/**
 * Base of the self-supervised losses that compare a prediction with a same-shaped target and average over an
 * optional mask ({@link CosineSimilarityLoss}, {@link PixelReconstructionLoss}). mmpretrain gives them no
 * {@code weight}, {@code reduction} or {@code avg_factor}, so {@link #loss} rejects those and is the unmasked
 * {@link #maskedLoss}.
 *
 * @param <C> the config record
 */
public abstract class MaskedAverageLoss<C> extends ConfiguredLoss<C> implements MaskedLoss {
    private final String typeName;

    /**
     * Creates the loss.
     *
     * @param config the typed config
     * @param typeName the registered type name, used in error messages
     */
    protected MaskedAverageLoss(C config, String typeName) {
        super(config);
        this.typeName = requireNonNull(typeName, "typeName is null");
    }

    /**
     * The unmasked loss.
     *
     * @param prediction the prediction
     * @param target the target, shaped like the prediction
     * @param weight must be null
     * @param avgFactor must be null
     * @return the scalar loss
     * @throws org.pretrain4j.api.Pretrain4jException if a weight or an avg_factor is given
     */
    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        Criteria.rejectWeighting(typeName, weight, avgFactor);
        return maskedLoss(prediction, target, null);
    }

    @Override
    public NDArray maskedLoss(NDArray prediction, NDArray target, NDArray mask) {
        Criteria.requireSameShape(typeName, prediction, target);
        return Criteria.maskedMean(typeName, perPosition(prediction, target), mask);
    }

    /**
     * The loss per position, before the (masked) average.
     *
     * @param prediction the prediction
     * @param target the target, same shape
     * @return the per-position loss, which the mask must broadcast to
     */
    protected abstract NDArray perPosition(NDArray prediction, NDArray target);

    /**
     * Always true: the target is shaped like the prediction.
     *
     * @return true
     */
    @Override
    public boolean needsDenseTarget() {
        return true;
    }
}
