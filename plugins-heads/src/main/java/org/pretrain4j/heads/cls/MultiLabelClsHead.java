package org.pretrain4j.heads.cls;

import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code MultiLabelClsHead}: the last input feature already holds the class scores; the loss (by
 * default a sigmoid cross-entropy, i.e. binary cross-entropy with logits summed over classes and divided by N) gets
 * multi-hot targets, and prediction gives sigmoid scores and a 0/1 mask of the predicted classes ({@link MultiLabel}).
 */
public class MultiLabelClsHead extends ClsHead {
    /**
     * Creates the head.
     *
     * @param loss the loss
     * @param labeling the threshold or top-k of predicted classes
     */
    public MultiLabelClsHead(Loss loss, MultiLabel labeling) {
        super(loss, labeling);
    }
}
