package org.pretrain4j.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;

/**
 * Turns features into predictions. Its forward pass takes the neck's (or backbone's) {@code NDList} and returns
 * raw predictions, e.g. class logits {@code (N, classes)}. Training and inference then post-process those.
 */
public interface Head extends Block {
    /**
     * Computes the head's losses from the output of a training-mode forward pass.
     *
     * @param predictions what {@code forward(..., training = true)} returned
     * @param target class indices {@code (N,)}, or dense per-class targets {@code (N, classes)}: one-hot or mixed
     *     (batch augments), or multi-hot (multi-label data, 1 for each class a sample has)
     * @return the named losses; keys containing {@code loss} are summed into the training objective
     */
    LossDict loss(NDList predictions, NDArray target);

    /**
     * Post-processes the output of an inference forward pass, e.g. softmax scores and arg-max labels.
     *
     * @param predictions what {@code forward(..., training = false)} returned
     * @return the head's predictions; for classification heads {@code (scores (N, classes), labels)}, where labels
     *     are the predicted class indices {@code (N,)} of a single-label head, or a 0/1 mask {@code (N, classes)}
     *     of the classes a multi-label head predicts; both int64
     */
    NDList predict(NDList predictions);
}
