package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * An element-wise {@link Penalty} between a prediction and a same-shaped target, through {@link WeightReduce} and
 * times {@code loss_weight}: the shared body of {@link L1Loss} and {@link MSELoss}, mmpretrain's {@code weighted_loss}
 * pattern. Targets are dense, so heads turn class indices into one-hot rows first ({@link #needsDenseTarget()}).
 */
public abstract class RegressionLoss extends ConfiguredLoss<RegressionLossConfig> {
    private final Penalty penalty;
    private final String typeName;

    /**
     * Creates the loss.
     *
     * @param config the typed config
     * @param penalty the element-wise penalty
     * @param typeName the registered type name, used in error messages
     */
    protected RegressionLoss(RegressionLossConfig config, Penalty penalty, String typeName) {
        super(config);
        this.penalty = requireNonNull(penalty, "penalty is null");
        this.typeName = requireNonNull(typeName, "typeName is null");
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        Criteria.requireSameShape(typeName, prediction, target);
        return WeightReduce.weightReduce(penalty.apply(prediction, target), weight, config().reduction(), avgFactor,
                config().lossWeight());
    }

    /**
     * Always true: the target must be shaped like the prediction.
     *
     * @return true
     */
    @Override
    public boolean needsDenseTarget() {
        return true;
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
