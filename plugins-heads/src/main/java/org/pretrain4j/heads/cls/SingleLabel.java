package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * mmpretrain's {@code ClsHead} semantics: the loss gets class indices, or one-hot rows when it needs dense targets;
 * training accuracies ({@code accuracy_top-k}, percent) when {@code cal_acc} is set; prediction is softmax scores and
 * arg-max labels.
 *
 * @param topk the k values of the logged accuracies, each at least 1
 * @param calAcc whether the loss also reports accuracies
 */
public record SingleLabel(List<Integer> topk, boolean calAcc) implements Labeling {
    /**
     * Checks and copies the k values.
     *
     * @param topk the k values
     * @param calAcc whether to report accuracies
     * @throws IllegalArgumentException if {@code topk} is empty or holds a value below 1
     */
    public SingleLabel {
        topk = List.copyOf(requireNonNull(topk, "topk is null"));
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("topk must hold integers >= 1, got " + topk);
        }
    }

    /**
     * {@code loss(logits, target, avg_factor = N)}, then {@code accuracy_top-k} when {@code cal_acc} is set.
     *
     * @throws Pretrain4jException if accuracies are asked for with dense targets (e.g. after mixup)
     */
    @Override
    public LossDict loss(Loss loss, NDArray logits, NDArray target) {
        long batch = logits.getShape().get(0);
        boolean indices = target.getShape().dimension() == 1;
        NDArray lossTarget = target;
        if (indices && loss.needsDenseTarget()) {
            int classes = Math.toIntExact(logits.getShape().getLastDimension());
            lossTarget = target.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        }
        LossDict dict = new LossDict().put("loss", loss.loss(logits, lossTarget, null, (float) batch));
        if (calAcc) {
            if (!indices) {
                throw new Pretrain4jException("cal_acc needs class-index targets; with batch augmentation such as "
                        + "mixup the training accuracy is meaningless, so set cal_acc = false");
            }
            addAccuracies(dict, logits, target, batch);
        }
        return dict;
    }

    /** mmpretrain's {@code Accuracy.calculate}: share of samples whose label is among the top k scores, in percent. */
    private void addAccuracies(LossDict dict, NDArray logits, NDArray target, long batch) {
        long classes = logits.getShape().getLastDimension();
        int maxk = (int) Math.min(Collections.max(topk), classes);
        // No gradient: accuracies are logged, never optimised.
        NDArray top = logits.stopGradient().topK(maxk, -1, true, true).get(1);
        NDArray hits = top.eq(target.toType(DataType.INT64, false).reshape(-1, 1)).toType(DataType.FLOAT32, false);
        for (int k : topk) {
            int kk = Math.min(k, maxk);
            dict.put("accuracy_top-" + k, hits.get(new NDIndex(":, :{}", kk)).sum().mul(100f / batch));
        }
    }

    /**
     * Softmax scores and arg-max labels.
     *
     * @return {@code (scores (N, C), labels (N) int64)}
     */
    @Override
    public NDList predict(NDArray logits) {
        NDArray scores = logits.softmax(-1);
        NDArray labels = scores.argMax(-1).toType(DataType.INT64, false);
        return new NDList(scores, labels);
    }

    /** One-hot rows for dense losses, class indices otherwise. */
    @Override
    public Shape lossTargetShape(Loss loss, Shape logits) {
        return loss.needsDenseTarget() ? logits : new Shape(logits.get(0));
    }
}
