package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import org.pretrain4j.api.Pretrain4jException;

/**
 * mmpretrain's {@code SeesawLoss} (Wang et al., CVPR 2021) for long-tailed classification: softmax cross-entropy
 * whose non-target logits are shifted by {@code log} of a per-pair weight.
 *
 * <ul>
 *   <li>Every call first adds the batch's label counts to {@code cum_samples} ({@code N_i} per class).
 *   <li>Mitigation ({@code p > 0}): for a sample of class {@code i}, class {@code j} is weighted
 *       {@code (N_j / N_i)^p} when {@code N_j < N_i} (counts clamped to at least 1), else 1.
 *   <li>Compensation ({@code q > 0}): {@code (s_j / max(s_i, eps))^q} when that ratio exceeds 1, with {@code s} the
 *       softmax of the detached logits, else 1.
 *   <li>{@code logits_j += log(weight_j)} for {@code j ≠ i}, then {@code -log_softmax(logits)[i]} per sample.
 * </ul>
 *
 * <p>Targets are class indices {@code (N)} (or {@code (N, 1)}). The result goes through {@link WeightReduce} and is
 * multiplied by {@code loss_weight}.
 *
 * <p>{@code cum_samples} is a PyTorch buffer in mmpretrain. Here it is a parameter named {@value #CUM_SAMPLES} that
 * requires no gradient, so it is initialised with the block and saved in checkpoints next to the weights, while
 * optimizers (which take only parameters that require gradients) leave it alone. Its type is
 * {@link Parameter.Type#RUNNING_MEAN}, DJL's type for running statistics: that keeps it out of PyTorch-style
 * parameter counts (buffers are not parameters there) and stops DJL from unfreezing it when a trainer is made for a
 * loaded model. The block must be initialised before {@link #loss} is called.
 */
public class SeesawLoss extends ConfiguredLoss<SeesawLossConfig> {
    /** The buffer's name, as in mmpretrain's state dict. */
    public static final String CUM_SAMPLES = "cum_samples";

    private final Parameter cumSamples;

    /**
     * Creates the loss, with a {@code cum_samples} buffer of {@code num_classes} zeros once initialised.
     *
     * @param config the typed config
     */
    public SeesawLoss(SeesawLossConfig config) {
        super(config);
        cumSamples = addParameter(Parameter.builder().setName(CUM_SAMPLES).setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(config().numClasses())).optInitializer(Initializer.ZEROS).optRequiresGrad(false)
                .build());
    }

    /**
     * The cumulative number of samples seen per class.
     *
     * @return the {@code cum_samples} parameter (no gradient)
     */
    public Parameter cumSamples() {
        return cumSamples;
    }

    /**
     * Checks that the prediction has {@code num_classes} scores, so a mismatch shows when the model is built.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     */
    @Override
    public void prepare(Shape[] inputShapes) {
        checkClasses(inputShapes[0]);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target, NDArray weight, Float avgFactor) {
        requireNonNull(prediction, "prediction is null");
        requireNonNull(target, "target is null");
        checkClasses(prediction.getShape());
        if (!Criteria.isIndexTarget(prediction, target)) {
            throw new Pretrain4jException(SeesawLossFactory.NAME + ": expected class indices (N) for the prediction "
                    + prediction.getShape() + ", got a target of shape " + target.getShape()
                    + " (dense or mixed targets are not supported)");
        }
        if (!cumSamples.isInitialized()) {
            throw new Pretrain4jException(SeesawLossFactory.NAME + ": initialize the block before computing the "
                    + "loss; it keeps the " + CUM_SAMPLES + " buffer");
        }
        NDArray oneHot = target.reshape(-1).toType(DataType.INT64, false)
                .oneHot(config().numClasses(), prediction.getDataType());
        NDArray counts = countSamples(oneHot);
        NDArray weights = null;
        if (config().p() > 0) {
            weights = oneHot.matMul(mitigation(counts));
        }
        if (config().q() > 0) {
            NDArray compensation = compensation(prediction, oneHot);
            weights = weights == null ? compensation : weights.mul(compensation);
        }
        NDArray adjusted = weights == null ? prediction : prediction.add(weights.log().mul(oneHot.neg().add(1f)));
        NDArray elementwise = Criteria.softCrossEntropy(adjusted, oneHot, null);
        return WeightReduce.weightReduce(elementwise, weight, config().reduction(), avgFactor, config().lossWeight());
    }

    /**
     * Adds the batch's label counts to the buffer, in place, and returns the updated counts as an array of this
     * step: an op whose first operand is the buffer would attach its result to the model's manager.
     */
    private NDArray countSamples(NDArray oneHot) {
        NDArray batch = oneHot.sum(new int[] {0});
        NDArray buffer = cumSamples.getArray();
        NDArray updated = batch.add(buffer.toDevice(batch.getDevice(), false));
        buffer.addi(batch.toDevice(buffer.getDevice(), false).toType(buffer.getDataType(), false));
        return updated;
    }

    /** {@code M[i][j] = (N_j / N_i)^p} where {@code N_j < N_i}, else 1, with counts clamped to at least 1. */
    private NDArray mitigation(NDArray counts) {
        long classes = counts.size();
        NDArray clamped = counts.maximum(1f);
        NDArray ratio = clamped.reshape(1, classes).div(clamped.reshape(classes, 1));
        return whereElseOne(ratio.lt(1f), ratio.pow((float) config().p()));
    }

    /** {@code (s_j / max(s_i, eps))^q} where the ratio exceeds 1, else 1, on the detached softmax scores. */
    private NDArray compensation(NDArray prediction, NDArray oneHot) {
        NDArray scores = prediction.stopGradient().softmax(1);
        NDArray own = scores.mul(oneHot).sum(new int[] {1}, true);
        NDArray ratio = scores.div(own.maximum((float) config().eps()));
        return whereElseOne(ratio.gt(1f), ratio.pow((float) config().q()));
    }

    /** {@code factor · index + (1 - index)}, mmpretrain's way of keeping 1 where the condition fails. */
    private static NDArray whereElseOne(NDArray condition, NDArray factor) {
        NDArray index = condition.toType(factor.getDataType(), false);
        return factor.mul(index).add(index.neg().add(1f));
    }

    private void checkClasses(Shape prediction) {
        if (prediction.dimension() != 2 || prediction.get(1) != config().numClasses()) {
            throw new Pretrain4jException(SeesawLossFactory.NAME + ": expected a prediction (N, num_classes = "
                    + config().numClasses() + "), got " + prediction);
        }
    }

    /**
     * A scalar, or {@code (N)} per sample with {@code reduction = none}.
     *
     * @param inputShapes {@code (prediction, target[, weight])}
     * @return the loss shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return reducedShape(config().reduction(), perSample(inputShapes[0]));
    }
}
