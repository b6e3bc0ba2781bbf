package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code AsymmetricLoss} (ASL, Ridnik et al. 2021) for multi-label classification. With {@code p} the
 * sigmoid (or softmax) probability and {@code t} the dense target:
 *
 * <ul>
 *   <li>{@code pt = min(1 - p + clip, 1) · (1 - t) + p · t} (without the clip margin: {@code (1 - p)(1 - t) + p t});
 *   <li>loss {@code -log(max(pt, eps)) · (1 - pt)^(γ+ t + γ- (1 - t))}.
 * </ul>
 *
 * <p>Class indices {@code (N)} or {@code (N, 1)} become one-hot rows; a per-sample weight {@code (N)} scales whole
 * rows. The result goes through {@link WeightReduce} and is multiplied by {@code loss_weight}.
 */
public class AsymmetricLoss extends ConfiguredLoss<AsymmetricLossConfig> {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public AsymmetricLoss(AsymmetricLossConfig config) {
        super(config);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        NDArray positive = Criteria.denseTarget(AsymmetricLossFactory.NAME, prediction, target);
        NDArray negative = positive.neg().add(1f);
        NDArray probability = config().useSigmoid() ? Activation.sigmoid(prediction) : prediction.softmax(-1);
        NDArray negativeProbability = probability.neg().add(1f);
        if (config().clip() > 0) {
            NDArray shifted = negativeProbability.add((float) config().clip());
            negativeProbability = shifted.minimum(Scalars.of(shifted, 1));
        }
        NDArray pt = negativeProbability.mul(negative).add(probability.mul(positive));
        NDArray exponent = positive.mul((float) config().gammaPos()).add(negative.mul((float) config().gammaNeg()));
        NDArray elementwise =
                pt.maximum(Scalars.of(pt, config().eps())).log().neg().mul(pt.neg().add(1f).pow(exponent));
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
