package org.pretrain4j.api.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * One batch of classification results on the Java side (read back once per batch).
 *
 * <p>The ground truth is either one class per sample ({@code labels}, single-label data) or a dense row per sample
 * ({@code targets}, multi-label data, mmpretrain's {@code gt_score}: 1 for a class the sample has, 0 for one it has
 * not, -1 for a class to leave out of the evaluation, such as a "difficult" one). {@link #target} reads either form
 * as a dense row, the way mmpretrain's multi-label metrics turn a label into a one-hot row.
 *
 * @param size the number of samples
 * @param numClasses the number of classes
 * @param scores {@code size * numClasses} scores, row-major: softmax scores of single-label heads, sigmoid scores
 *     of multi-label heads
 * @param labels {@code size} ground-truth class indices; -1 for every sample when {@code targets} is given
 * @param targets {@code size * numClasses} dense ground truth, row-major, or null for single-label data
 */
public record Predictions(int size, int numClasses, float[] scores, int[] labels, float[] targets) {
    /**
     * Checks the array sizes.
     *
     * @param size samples
     * @param numClasses classes
     * @param scores the scores
     * @param labels the labels
     * @param targets the dense ground truth, or null
     */
    public Predictions {
        requireNonNull(scores, "scores is null");
        requireNonNull(labels, "labels is null");
        if (scores.length != size * numClasses || labels.length != size) {
            throw new IllegalArgumentException("scores/labels do not match " + size + " x " + numClasses);
        }
        if (targets != null && targets.length != size * numClasses) {
            throw new IllegalArgumentException("targets has " + targets.length + " values, not " + size + " x "
                    + numClasses);
        }
    }

    /**
     * A batch of single-label data.
     *
     * @param size samples
     * @param numClasses classes
     * @param scores the scores
     * @param labels the class indices
     */
    public Predictions(int size, int numClasses, float[] scores, int[] labels) {
        this(size, numClasses, scores, labels, null);
    }

    /**
     * Tells whether the ground truth is dense (multi-label data) rather than one class per sample.
     *
     * @return true when {@link #targets()} is not null
     */
    public boolean multiLabel() {
        return targets != null;
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

    /**
     * One ground-truth value as a dense row would hold it: the stored value for multi-label data, else 1 for the
     * sample's class and 0 for the others.
     *
     * @param sample the row
     * @param cls the class
     * @return 1, 0, or -1 for a class to ignore (or a soft value, as stored)
     */
    public float target(int sample, int cls) {
        if (targets != null) {
            return targets[sample * numClasses + cls];
        }
        return labels[sample] == cls ? 1f : 0f;
    }
}
