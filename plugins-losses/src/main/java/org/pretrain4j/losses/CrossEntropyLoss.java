package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * mmpretrain's {@code CrossEntropyLoss}: softmax cross-entropy against class indices or dense targets, or (with
 * {@code use_sigmoid}) binary cross-entropy with logits per class.
 *
 * <ul>
 *   <li>Class indices {@code (N)}: per-sample {@code -class_weight[y] · log_softmax(x)[y]}, as PyTorch's
 *       {@code F.cross_entropy(weight=class_weight, reduction='none')}.
 *   <li>Dense targets {@code (N, C)} (soft mode, or mixup scores): {@code -(t · log_softmax(x) · class_weight).sum(-1)};
 *       PyTorch's {@code F.cross_entropy} computes the same for probability targets, so the hard mode accepts them
 *       too.
 *   <li>Sigmoid: element-wise BCE with logits ({@code class_weight} per class, {@code pos_weight}); class indices
 *       become one-hot rows and a per-sample weight {@code (N)} scales whole rows.
 * </ul>
 *
 * <p>The result goes through {@link WeightReduce} and is multiplied by {@code loss_weight}.
 */
public class CrossEntropyLoss extends ConfiguredLoss<CrossEntropyLossConfig> {
    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public CrossEntropyLoss(CrossEntropyLossConfig config) {
        super(config);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        NDArray dense = Criteria.denseTarget(CrossEntropyLossFactory.NAME, prediction, target);
        NDArray classWeight =
                Criteria.perClass(prediction, CommonParams.CLASS_WEIGHT, config().classWeight(), false);
        NDArray elementwise;
        NDArray sampleWeight = weight;
        if (config().useSigmoid()) {
            NDArray posWeight = Criteria.perClass(prediction, CommonParams.POS_WEIGHT, config().posWeight(), true);
            elementwise = Criteria.binaryCrossEntropy(prediction, dense, classWeight, posWeight);
            sampleWeight = Criteria.sampleWeightForElementwise(prediction, weight);
        } else {
            elementwise = Criteria.softCrossEntropy(prediction, dense, classWeight);
        }
        return WeightReduce.weightReduce(elementwise, sampleWeight, config().reduction(), avgFactor,
                config().lossWeight());
    }

    /**
     * A scalar, unless {@code reduction = none}: then {@code (N)} per sample for softmax cross-entropy, or the
     * prediction's shape for the sigmoid loss.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     * @return the loss shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape prediction = inputShapes[0];
        return reducedShape(config().reduction(), config().useSigmoid() ? prediction : perSample(prediction));
    }
}
