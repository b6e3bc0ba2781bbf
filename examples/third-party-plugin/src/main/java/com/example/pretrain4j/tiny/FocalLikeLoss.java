package com.example.pretrain4j.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractLoss;

/**
 * A softmax focal loss: per sample {@code -Σ_c t_c (1 - p_c)^γ log p_c}, where {@code p} is the softmax of the logits
 * and {@code t} the one-hot (or mixed) target. With {@code γ = 0} it is the cross-entropy; a larger {@code γ} down-weights
 * samples the model already gets right. Weighting and reduction follow mmpretrain's {@code weight_reduce_loss}: an
 * optional per-sample {@code weight}, then {@code none}, {@code mean} or {@code sum}, where {@code mean} with an
 * {@code avg_factor} is {@code sum / avg_factor} and {@code sum} with one is an error; finally times
 * {@code loss_weight}.
 */
// tag::loss[]
public final class FocalLikeLoss extends AbstractLoss {
    private final FocalLikeLossFactory.Config config;

    /**
     * Creates the loss.
     *
     * @param config the validated config
     */
    public FocalLikeLoss(FocalLikeLossFactory.Config config) {
        this.config = config;
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        NDArray logp = prediction.logSoftmax(-1);
        NDArray dense = target.getShape().dimension() == 1
                ? target.toType(DataType.INT64, false).oneHot((int) prediction.getShape().getLastDimension(),
                        prediction.getDataType())
                : target.toType(prediction.getDataType(), false);
        // (1 - p)^gamma, computed from the log-probabilities so the two stay consistent.
        NDArray focal = logp.exp().neg().add(1f).pow((float) config.gamma());
        NDArray perSample = logp.mul(focal).mul(dense).sum(new int[] {-1}).neg();
        if (weight != null) {
            perSample = perSample.mul(weight.toType(perSample.getDataType(), false));
        }
        NDArray reduced = switch (config.reduction()) {
            case "none" -> perSample;
            case "sum" -> {
                if (avgFactor != null) {
                    throw new Pretrain4jException("avg_factor can not be used with reduction=sum");
                }
                yield perSample.sum();
            }
            default -> avgFactor == null ? perSample.mean() : perSample.sum().div(avgFactor);
        };
        return reduced.mul((float) config.lossWeight());
    }

    /**
     * A scalar, or one value per sample with {@code reduction = none}.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     * @return the loss shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return config.reduction().equals("none") ? new Shape[] {new Shape(inputShapes[0].get(0))}
                : super.getOutputShapes(inputShapes);
    }
}
// end::loss[]
