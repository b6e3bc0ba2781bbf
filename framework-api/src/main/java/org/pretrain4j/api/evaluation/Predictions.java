package org.pretrain4j.api.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * One batch of classification results on the Java side (read back once per batch).
 *
 * @param size the number of samples
 * @param numClasses the number of classes
 * @param scores {@code size * numClasses} softmax scores, row-major
 * @param labels {@code size} ground-truth class indices
 */
public record Predictions(int size, int numClasses, float[] scores, int[] labels) {
    /**
     * Checks the array sizes.
     *
     * @param size samples
     * @param numClasses classes
     * @param scores the scores
     * @param labels the labels
     */
    public Predictions {
        requireNonNull(scores, "scores is null");
        requireNonNull(labels, "labels is null");
        if (scores.length != size * numClasses || labels.length != size) {
            throw new IllegalArgumentException("scores/labels do not match " + size + " x " + numClasses);
        }
    }

    /**
     * One score.
     *
     * @param sample the row
     * @param cls the class
     * @return the score
     */
    public float score(int sample, int cls) {
        return scores[sample * numClasses + cls];
    }
}
