package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;

/**
 * An element-wise distance between a prediction and a same-shaped target: the criterion of {@link L1Loss},
 * {@link MSELoss} and {@link PixelReconstructionLoss}, spelled as the latter's {@code criterion} values.
 */
public enum Penalty {
    /** Absolute error {@code |x - y|}, PyTorch's {@code L1Loss(reduction='none')}. */
    L1,
    /** Squared error {@code (x - y)²}, PyTorch's {@code MSELoss(reduction='none')}. */
    L2;

    /** The values a config may give. */
    static final String[] CONFIG_VALUES = {"L1", "L2"};

    /**
     * Computes the element-wise penalty.
     *
     * @param prediction the prediction
     * @param target the target, same shape; cast to the prediction's data type
     * @return the penalty per element, shaped like the prediction
     */
    public NDArray apply(NDArray prediction, NDArray target) {
        NDArray difference = prediction.sub(target.toType(prediction.getDataType(), false));
        return this == L1 ? difference.abs() : difference.square();
    }
}
