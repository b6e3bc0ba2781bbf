package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code FocalLoss}: the sigmoid focal loss of RetinaNet, per class,
 * {@code BCE-with-logits(x, t) · (α t + (1 - α)(1 - t)) · pt^γ} with {@code pt = (1 - σ(x)) t + σ(x) (1 - t)}, the
 * probability given to the wrong answer. Class indices {@code (N)} or {@code (N, 1)} become one-hot rows; dense
 * (multi-label or mixed) targets are used as given. A per-sample weight {@code (N)} scales whole rows.
 *
 * <p>The result goes through {@link WeightReduce} and is multiplied by {@code loss_weight}; with the heads'
 * {@code avg_factor = N} it is summed over classes and averaged over samples.
 */
public class FocalLoss extends ConfiguredLoss<FocalLossConfig> {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public FocalLoss(FocalLossConfig config) {
        super(config);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        NDArray positive = Criteria.denseTarget(FocalLossFactory.NAME, prediction, target);
        NDArray negative = positive.neg().add(1f);
        NDArray probability = Activation.sigmoid(prediction);
        NDArray wrong = probability.neg().add(1f).mul(positive).add(probability.mul(negative));
        float alpha = (float) config().alpha();
        NDArray focalWeight = positive.mul(alpha).add(negative.mul(1f - alpha))
                .mul(wrong.pow(Scalars.of(wrong, config().gamma())));
        NDArray elementwise = Criteria.binaryCrossEntropy(prediction, positive, null, null).mul(focalWeight);
        return WeightReduce.weightReduce(elementwise, Criteria.sampleWeightForElementwise(prediction, weight),
                config().reduction(), avgFactor, config().lossWeight());
    }

    /**
     * A scalar, or the prediction's shape with {@code reduction = none}.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     * @return the loss shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return reducedShape(config().reduction(), inputShapes[0]);
    }
}
