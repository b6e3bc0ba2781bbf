package org.pretrain4j.heads.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * mmpretrain's {@code MultiLabelClsHead} semantics: the loss always gets dense targets (class indices become one-hot
 * rows, as {@code label_to_onehot} makes them; multi-hot or score rows pass as they are), with
 * {@code avg_factor = N}; prediction is sigmoid scores, and a class is predicted when its score is at least
 * {@code thr}, or, without {@code thr}, when it is among the sample's {@code topk} best. Neither given means
 * {@code thr = 0.5}; both given, {@code thr} wins.
 *
 * @param thr the score threshold of a predicted class, or null
 * @param topk how many best-scored classes are predicted when {@code thr} is null, or null
 */
public record MultiLabel(Double thr, Integer topk) implements Labeling {
    /**
     * Checks the values.
     *
     * @param thr the threshold or null
     * @param topk the k or null
     * @throws IllegalArgumentException if {@code thr} is not finite or {@code topk} is below 1
     */
    public MultiLabel {
        if (thr != null && !Double.isFinite(thr)) {
            throw new IllegalArgumentException("thr must be finite, got " + thr);
        }
        if (topk != null && topk < 1) {
            throw new IllegalArgumentException("topk must be at least 1, got " + topk);
        }
    }

    /**
     * The threshold in effect: {@code thr}, or 0.5 when neither {@code thr} nor {@code topk} is set.
     *
     * @return the threshold, or null when the top k classes are predicted
     */
    public Double effectiveThr() {
        return thr == null && topk == null ? Double.valueOf(0.5) : thr;
    }

    /**
     * {@code loss(logits, dense target, avg_factor = N)} under the key {@code loss}.
     *
     * @throws Pretrain4jException if the dense target's width differs from the number of classes
     */
    @Override
    public LossDict loss(Loss loss, NDArray logits, NDArray target) {
        Shape shape = logits.getShape();
        int classes = Math.toIntExact(shape.getLastDimension());
        NDArray dense;
        if (target.getShape().dimension() == 1) {
            dense = target.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        } else if (target.getShape().equals(shape)) {
            dense = target.toType(logits.getDataType(), false);
        } else {
            throw new Pretrain4jException("a multi-label head with " + classes + " classes needs targets (N) or ("
                    + shape.get(0) + ", " + classes + "), got " + target.getShape()
                    + "; make num_classes match the dataset's classes");
        }
        return new LossDict().put("loss", loss.loss(logits, dense, null, (float) shape.get(0)));
    }

    /**
     * Sigmoid scores and the mask of predicted classes.
     *
     * @return {@code (scores (N, C), labels (N, C) int64, 1 for a predicted class)}
     * @throws Pretrain4jException if {@code topk} exceeds the number of classes
     */
    @Override
    public NDList predict(NDArray logits) {
        NDArray scores = Activation.sigmoid(logits);
        Double t = effectiveThr();
        if (t != null) {
            return new NDList(scores, scores.gte(t.floatValue()).toType(DataType.INT64, false));
        }
        int classes = Math.toIntExact(scores.getShape().getLastDimension());
        if (topk > classes) {
            throw new Pretrain4jException("topk = " + topk + " but the head has only " + classes + " classes");
        }
        NDArray top = scores.topK(topk, -1, true, true).get(1);
        return new NDList(scores, top.oneHot(classes).sum(new int[] {1}).toType(DataType.INT64, false));
    }

    /** Dense rows, whatever the loss. */
    @Override
    public Shape lossTargetShape(Loss loss, Shape logits) {
        return logits;
    }
}
