package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;

/**
 * mmpretrain's {@code LabelSmoothLoss}: smooths one-hot (or mixed) targets, then applies soft softmax cross-entropy,
 * or binary cross-entropy with logits when the sigmoid loss is selected (the default of {@code multi_label} mode).
 *
 * <p>Accepts class indices {@code (N)} or {@code (N, 1)}, or dense targets {@code (N, C)}. Smoothing, with
 * {@code K} classes and ε the effective smoothing value:
 *
 * <ul>
 *   <li>{@code original}: {@code (1 - ε) · t + ε / K};
 *   <li>{@code classy_vision}: the same with {@code ε = label_smooth_val / (1 + label_smooth_val)};
 *   <li>{@code multi_label}: {@code 1 - ε} where {@code t > 0}, {@code ε} elsewhere.
 * </ul>
 *
 * <p>Unlike mmpretrain, which stores the class count seen on the first call, this loss is stateless: {@code K} comes
 * from {@code num_classes} when given (and must match the prediction), else from each prediction.
 */
public class LabelSmoothLoss extends ConfiguredLoss<LabelSmoothLossConfig> {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public LabelSmoothLoss(LabelSmoothLossConfig config) {
        super(config);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        requireNonNull(prediction, "prediction is null");
        requireNonNull(target, "target is null");
        long classes = prediction.getShape().getLastDimension();
        if (config().numClasses() != null && config().numClasses() != classes) {
            throw new Pretrain4jException(LabelSmoothLossFactory.NAME + ": num_classes = " + config().numClasses()
                    + " but the prediction " + prediction.getShape() + " has " + classes + " classes");
        }
        NDArray smoothed = smooth(Criteria.denseTarget(LabelSmoothLossFactory.NAME, prediction, target), classes);
        NDArray classWeight =
                Criteria.perClass(prediction, CommonParams.CLASS_WEIGHT, config().classWeight(), false);
        NDArray elementwise;
        NDArray sampleWeight = weight;
        if (config().sigmoid()) {
            NDArray posWeight = Criteria.perClass(prediction, CommonParams.POS_WEIGHT, config().posWeight(), true);
            elementwise = Criteria.binaryCrossEntropy(prediction, smoothed, classWeight, posWeight);
            sampleWeight = Criteria.sampleWeightForElementwise(prediction, weight);
        } else {
            elementwise = Criteria.softCrossEntropy(prediction, smoothed, classWeight);
        }
        return WeightReduce.weightReduce(elementwise, sampleWeight, config().reduction(), avgFactor,
                config().lossWeight());
    }

    /**
     * Smooths a dense target as the mode says.
     *
     * @param oneHotLike dense target in the prediction's data type
     * @param classes the number of classes {@code K}
     * @return the smoothed target
     */
    NDArray smooth(NDArray oneHotLike, long classes) {
        float eps = (float) config().effectiveEpsilon();
        if (config().mode() == LabelSmoothLossConfig.Mode.MULTI_LABEL) {
            // (t > 0) · (1 - 2ε) + ε gives 1 - ε for positives and ε for negatives, as masked_fill does.
            return oneHotLike.gt(0f).toType(oneHotLike.getDataType(), false).mul(1f - 2f * eps).add(eps);
        }
        return oneHotLike.mul(1f - eps).add(eps / classes);
    }

    /**
     * A scalar, unless {@code reduction = none}: then {@code (N)} for the softmax loss, or the prediction's shape for
     * the sigmoid loss.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     * @return the loss shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape prediction = inputShapes[0];
        return reducedShape(config().reduction(), config().sigmoid() ? prediction : perSample(prediction));
    }
}
