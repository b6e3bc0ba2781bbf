package org.pretrain4j.heads.cls;

import org.pretrain4j.api.model.Loss;

/**
 * mmpretrain's {@code MultiLabelLinearClsHead}: {@link LinearClsHead}'s {@code fc} layer (weight
 * {@code N(0, 0.01²)}, bias zero) with {@link MultiLabelClsHead}'s loss and prediction ({@link MultiLabel}).
 */
public class MultiLabelLinearClsHead extends LinearClsHead {
    /**
     * Creates the head.
     *
     * @param numClasses the number of classes
     * @param inChannels the feature size
     * @param loss the loss
     * @param labeling the threshold or top-k of predicted classes
     */
    public MultiLabelLinearClsHead(int numClasses, int inChannels, Loss loss, MultiLabel labeling) {
        super(numClasses, inChannels, loss, labeling);
    }
}
