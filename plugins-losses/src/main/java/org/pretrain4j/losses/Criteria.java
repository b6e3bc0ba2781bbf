package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;

/**
 * The element-wise criteria and argument checks the losses share: mmpretrain's {@code soft_cross_entropy} and
 * {@code binary_cross_entropy} (before {@link WeightReduce}), target conversion, shape checks and the masked mean of
 * the self-supervised losses. Shared so that every loss computes and reports the same thing the same way.
 */
final class Criteria {
    private Criteria() {}

    /**
     * Tells whether {@code target} holds class indices for {@code prediction}: shape {@code (N)} or {@code (N, 1)}
     * against a prediction {@code (N, C)} with {@code C > 1}. A target shaped like the prediction is dense.
     */
    static boolean isIndexTarget(NDArray prediction, NDArray target) {
        Shape p = prediction.getShape();
        Shape t = target.getShape();
        if (t.equals(p)) {
            return false;
        }
        long n = p.dimension() > 0 ? p.get(0) : 1;
        return p.dimension() == 2 && (t.equals(new Shape(n)) || t.equals(new Shape(n, 1)));
    }

    /**
     * Returns a dense target shaped like the prediction, in its data type: index targets become one-hot rows, dense
     * targets are checked and cast.
     *
     * @param lossName named in the error message
     */
    static NDArray denseTarget(String lossName, NDArray prediction, NDArray target) {
        requireNonNull(prediction, "prediction is null");
        requireNonNull(target, "target is null");
        if (isIndexTarget(prediction, target)) {
            int classes = Math.toIntExact(prediction.getShape().getLastDimension());
            // torch's one_hot wants int64 indices; float labels (e.g. read from a file) are accepted too.
            return target.reshape(-1).toType(DataType.INT64, false).oneHot(classes, prediction.getDataType());
        }
        if (!target.getShape().equals(prediction.getShape())) {
            throw new Pretrain4jException(lossName + ": expected class indices (N) or a target shaped like the "
                    + "prediction " + prediction.getShape() + ", got a target of shape " + target.getShape());
        }
        return target.toType(prediction.getDataType(), false);
    }

    /**
     * Per-sample soft cross-entropy {@code -(label · log_softmax(pred) · class_weight).sum(-1)}. With one-hot labels
     * this is PyTorch's {@code F.cross_entropy(weight=class_weight, reduction='none')}: {@code -w[y] · log p[y]}.
     *
     * @param label dense, shaped like the prediction
     * @param classWeight {@code (C)} or null
     * @return the loss per sample, {@code (N)}
     */
    static NDArray softCrossEntropy(NDArray prediction, NDArray label, NDArray classWeight) {
        NDArray loss = prediction.logSoftmax(-1).mul(label);
        if (classWeight != null) {
            loss = loss.mul(classWeight);
        }
        return loss.sum(new int[] {-1}).neg();
    }

    /**
     * Element-wise binary cross-entropy with logits, as PyTorch's {@code binary_cross_entropy_with_logits}:
     * {@code w · [p · y · softplus(-x) + (1 - y) · softplus(x)]}, using {@code -log σ(x) = softplus(-x)} so that
     * large logits do not overflow.
     *
     * @param label dense, shaped like the prediction
     * @param classWeight {@code (C)} or null; broadcasting over rows equals mmpretrain's {@code repeat(N, 1)}
     * @param posWeight {@code (C)} or {@code (1)}, or null
     * @return the element-wise loss, shaped like the prediction
     */
    static NDArray binaryCrossEntropy(NDArray prediction, NDArray label, NDArray classWeight, NDArray posWeight) {
        NDArray positive = Activation.softPlus(prediction.neg()).mul(label);
        if (posWeight != null) {
            positive = positive.mul(posWeight);
        }
        NDArray loss = Activation.softPlus(prediction).mul(label.neg().add(1f)).add(positive);
        return classWeight == null ? loss : loss.mul(classWeight);
    }

    /**
     * Checks that the target is shaped like the prediction.
     *
     * @param lossName named in the error message
     * @throws Pretrain4jException if the shapes differ
     */
    static void requireSameShape(String lossName, NDArray prediction, NDArray target) {
        requireNonNull(prediction, "prediction is null");
        requireNonNull(target, "target is null");
        if (!target.getShape().equals(prediction.getShape())) {
            throw new Pretrain4jException(lossName + ": expected a target shaped like the prediction "
                    + prediction.getShape() + ", got " + target.getShape());
        }
    }

    /**
     * Rejects the weighted-loss arguments for losses that have none in mmpretrain (their {@code forward} takes
     * neither), rather than ignoring them silently.
     *
     * @param lossName named in the error message
     * @throws Pretrain4jException if {@code weight} or {@code avgFactor} is given
     */
    static void rejectWeighting(String lossName, NDArray weight, Float avgFactor) {
        if (weight != null || avgFactor != null) {
            throw new Pretrain4jException(lossName + " takes no weight and no avg_factor (got "
                    + (weight != null ? "a weight " + weight.getShape() : "no weight") + " and avg_factor = "
                    + avgFactor + "); it averages by itself, over a mask where one is given");
        }
    }

    /**
     * mmpretrain's masked average of the self-supervised losses: {@code loss.mean()} without a mask, else
     * {@code (loss · mask).sum() / mask.sum()}. The mask is summed as given, so a mask that broadcasts over channels
     * (SimMIM's {@code (B, 1, H, W)}) counts each position once.
     *
     * @param lossName named in the error message
     * @param loss the per-position loss
     * @param mask broadcastable to {@code loss}, or null
     * @return a scalar
     * @throws Pretrain4jException if the mask does not broadcast to the loss
     */
    static NDArray maskedMean(String lossName, NDArray loss, NDArray mask) {
        if (mask == null) {
            return loss.mean();
        }
        if (!broadcastsTo(mask.getShape(), loss.getShape())) {
            throw new Pretrain4jException(lossName + ": the mask " + mask.getShape()
                    + " does not broadcast to the per-position loss " + loss.getShape());
        }
        NDArray weights = mask.toType(loss.getDataType(), false);
        return loss.mul(weights).sum().div(weights.sum());
    }

    /** NumPy's broadcasting rule, one way: aligned from the right, each dimension equal or 1, none extra. */
    private static boolean broadcastsTo(Shape from, Shape to) {
        int offset = to.dimension() - from.dimension();
        if (offset < 0) {
            return false;
        }
        for (int i = 0; i < from.dimension(); i++) {
            if (from.get(i) != 1 && from.get(i) != to.get(i + offset)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes a per-class vector on the prediction's device and in its data type, checking its length.
     *
     * @param key the config key, named in the error
     * @param values the numbers from the config, or null
     * @param allowScalar whether a single number may broadcast over all classes
     * @return the vector, or null when {@code values} is null
     */
    static NDArray perClass(NDArray prediction, String key, List<Double> values, boolean allowScalar) {
        if (values == null) {
            return null;
        }
        long classes = prediction.getShape().getLastDimension();
        if (values.size() != classes && !(allowScalar && values.size() == 1)) {
            throw new Pretrain4jException(key + " has " + values.size() + " entries but the prediction has "
                    + classes + " classes (shape " + prediction.getShape() + ")");
        }
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i).floatValue();
        }
        // Created in the prediction's manager: it lives as long as this step's arrays and no longer.
        return prediction.getManager().create(array).toDevice(prediction.getDevice(), false)
                .toType(prediction.getDataType(), false);
    }

    /**
     * Reshapes a per-sample weight {@code (N)} to {@code (N, 1)} so that it scales every class of a sample, as
     * mmpretrain's {@code binary_cross_entropy} does; other weights are used as given.
     */
    static NDArray sampleWeightForElementwise(NDArray prediction, NDArray weight) {
        if (weight == null || weight.getShape().dimension() != 1 || prediction.getShape().dimension() < 2) {
            return weight;
        }
        return weight.reshape(-1, 1);
    }
}
