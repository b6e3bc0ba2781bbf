package org.pretrain4j.heads.cls;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * What makes a classification head single-label or multi-label: how it turns logits and targets into losses, and
 * logits into predictions. The layers between features and logits are the head's own ({@link ClsHead} and its
 * subclasses); this part is the same for all of them, so {@code LinearClsHead} and {@code MultiLabelLinearClsHead}
 * differ only in the labeling they are given.
 */
public sealed interface Labeling permits SingleLabel, MultiLabel {
    /**
     * Computes the head's loss terms with {@code avg_factor = N}.
     *
     * @param loss the head's loss
     * @param logits {@code (N, C)}
     * @param target class indices {@code (N)} or dense targets {@code (N, C)}
     * @return the named terms; {@code loss} first
     */
    LossDict loss(Loss loss, NDArray logits, NDArray target);

    /**
     * Turns logits into scores and predicted labels.
     *
     * @param logits {@code (N, C)}
     * @return {@code (scores (N, C), labels)}, labels int64
     */
    NDList predict(NDArray logits);

    /**
     * The target shape the loss sees for logits of the given shape, to initialise the loss block.
     *
     * @param loss the head's loss
     * @param logits the logits shape
     * @return the target shape
     */
    Shape lossTargetShape(Loss loss, Shape logits);
}
