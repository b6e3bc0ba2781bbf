package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractLoss;

/**
 * Element-wise absolute error {@code |prediction - target|} through {@link WeightReduce}, times {@code loss_weight}
 * (the {@code l1_loss} of mmpretrain's {@code weighted_loss} docstring, registered as in MMDetection). Targets are
 * dense, so heads turn class indices into one-hot rows first ({@link #needsDenseTarget()}).
 */
public class L1Loss extends AbstractLoss {
    private final L1LossConfig config;

    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public L1Loss(L1LossConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * The config this loss was created with.
     *
     * @return the config
     */
    public L1LossConfig config() {
        return config;
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        requireNonNull(prediction, "prediction is null");
        requireNonNull(target, "target is null");
        if (!target.getShape().equals(prediction.getShape())) {
            throw new Pretrain4jException(L1LossFactory.NAME + ": expected a target shaped like the prediction "
                    + prediction.getShape() + ", got " + target.getShape());
        }
        NDArray elementwise = prediction.sub(target.toType(prediction.getDataType(), false)).abs();
        return WeightReduce.weightReduce(elementwise, weight, config.reduction(), avgFactor)
                .mul((float) config.lossWeight());
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
        return config.reduction() == Reduction.NONE ? new Shape[] {inputShapes[0]} : super.getOutputShapes(inputShapes);
    }
}
