package org.pretrain4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;

/**
 * The element-wise criteria behind {@link CrossEntropyLoss} and {@link LabelSmoothLoss} (mmpretrain's
 * {@code soft_cross_entropy} and {@code binary_cross_entropy}), before {@link WeightReduce}. Shared so that both
 * losses compute exactly the same thing.
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
