package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code weight_reduce_loss} ({@code models/losses/utils.py}), the one place that turns an element-wise
 * loss into what a loss returns. Every loss of this module goes through it, so that {@code weight},
 * {@code reduction} and {@code avg_factor} mean the same everywhere.
 *
 * <p>The {@code avg_factor} rule matters in practice: heads pass the batch size, so a batch loss is
 * {@code sum / N} rather than an element mean, e.g. a class-weighted cross-entropy is {@code Σ w_y·ce / N} (not
 * PyTorch's {@code / Σ w_y}) and sigmoid losses are summed over classes and averaged over samples.
 */
public final class WeightReduce {
    private WeightReduce() {}

    /**
     * {@link #weightReduce(NDArray, NDArray, Reduction, Float)}, then times the loss's {@code loss_weight}, which
     * multiplies in as a 0-d operand libtorch owns ({@link Scalars} says why a plain number is unsafe there).
     *
     * @param loss the element-wise or per-sample loss
     * @param weight the weight, broadcastable to {@code loss}, or null
     * @param reduction the reduction
     * @param avgFactor the divisor of a {@code mean} reduction, or null for the element count
     * @param lossWeight the loss's {@code loss_weight}
     * @return the weighted, reduced, scaled loss
     */
    public static NDArray weightReduce(NDArray loss, NDArray weight, Reduction reduction, Float avgFactor,
            double lossWeight) {
        NDArray reduced = weightReduce(loss, weight, reduction, avgFactor);
        return reduced.mul(Scalars.of(reduced, lossWeight));
    }

    /**
     * Applies an optional weight, then reduces.
     *
     * <ul>
     *   <li>{@code weight} multiplies the loss element-wise (with broadcasting) when not null;
     *   <li>without {@code avgFactor}: {@code none} keeps the loss, {@code mean} averages all elements, {@code sum}
     *       sums them;
     *   <li>with {@code avgFactor}: {@code mean} is {@code loss.sum() / avgFactor}, {@code none} keeps the loss, and
     *       {@code sum} is an error.
     * </ul>
     *
     * @param loss the element-wise or per-sample loss
     * @param weight the weight, broadcastable to {@code loss}, or null
     * @param reduction the reduction
     * @param avgFactor the divisor of a {@code mean} reduction, or null for the element count
     * @return the weighted, reduced loss (attached to the loss's manager)
     * @throws Pretrain4jException if {@code avgFactor} is given with {@link Reduction#SUM}
     */
    public static NDArray weightReduce(NDArray loss, NDArray weight, Reduction reduction, Float avgFactor) {
        requireNonNull(loss, "loss is null");
        requireNonNull(reduction, "reduction is null");
        // Loss first: the result belongs to the first operand's manager, and the loss lives in the step's manager.
        NDArray weighted = weight == null ? loss : loss.mul(weight.toType(loss.getDataType(), false));
        if (avgFactor == null) {
            return reduce(weighted, reduction);
        }
        return switch (reduction) {
            case MEAN -> weighted.sum().div(Scalars.of(weighted, avgFactor));
            case NONE -> weighted;
            case SUM -> throw new Pretrain4jException("avg_factor can not be used with reduction=sum");
        };
    }

    /**
     * mmpretrain's {@code reduce_loss}: reduces without weight or {@code avg_factor}.
     *
     * @param loss the loss
     * @param reduction the reduction
     * @return the loss itself, its mean or its sum
     */
    public static NDArray reduce(NDArray loss, Reduction reduction) {
        requireNonNull(loss, "loss is null");
        return switch (requireNonNull(reduction, "reduction is null")) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }
}
