package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code CrossCorrelationLoss}, the Barlow Twins objective on a cross-correlation matrix {@code C}
 * {@code (D, D)}: {@code Σ_i (C_ii - 1)² + λ · Σ_{i≠j} C_ij²}. Its only input is the matrix (the head computes it
 * from the two batch-normalised embeddings), so it takes no target ({@link #needsTarget()} is false) and, like
 * mmpretrain's, no weight or {@code avg_factor}. As a block its forward pass takes {@code (C)}.
 */
public class CrossCorrelationLoss extends ConfiguredLoss<CrossCorrelationLossConfig> {

    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    public CrossCorrelationLoss(CrossCorrelationLossConfig config) {
        super(config);
    }

    /**
     * Computes the loss of a cross-correlation matrix.
     *
     * @param prediction the cross-correlation matrix {@code (D, D)}
     * @param target must be null
     * @param weight must be null
     * @param avgFactor must be null
     * @return the scalar loss
     * @throws Pretrain4jException if the matrix is not square or a target, weight or avg_factor is given
     */
    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        requireNonNull(prediction, "prediction is null");
        if (target != null) {
            throw new Pretrain4jException(CrossCorrelationLossFactory.NAME + " takes only the cross-correlation "
                    + "matrix; call it with a null target (got a target of shape " + target.getShape() + ")");
        }
        Criteria.rejectWeighting(CrossCorrelationLossFactory.NAME, weight, avgFactor);
        Shape shape = prediction.getShape();
        if (shape.dimension() != 2 || shape.get(0) != shape.get(1)) {
            throw new Pretrain4jException(CrossCorrelationLossFactory.NAME + ": expected a square cross-correlation "
                    + "matrix (D, D), got " + shape);
        }
        NDArray diagonal = prediction.diagonal();
        NDArray onDiagonal = diagonal.sub(1f).square().sum();
        // The identity is made in the matrix's manager, so it lives as long as this step's arrays.
        NDArray offDiagonalMask = prediction.getManager().eye(Math.toIntExact(shape.get(0)))
                .toDevice(prediction.getDevice(), false).toType(prediction.getDataType(), false).neg().add(1f);
        NDArray offDiagonal = prediction.square().mul(offDiagonalMask).sum();
        return onDiagonal.add(offDiagonal.mul(Scalars.of(offDiagonal, config().lambd())));
    }

    /**
     * Always false: the loss is a function of the matrix alone.
     *
     * @return false
     */
    @Override
    public boolean needsTarget() {
        return false;
    }
}
