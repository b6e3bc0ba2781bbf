package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link RetrievalAveragePrecision}.
 *
 * @param topk how many best-ranked gallery items each query's precision is accumulated over, at least 1
 * @param mode how precision points are combined
 */
public record RetrievalAveragePrecisionConfig(int topk, Mode mode) {
    /** mmpretrain's two ways of turning ranks into an average precision. */
    public enum Mode {
        /**
         * {@code IR}: the information-retrieval definition, the mean over relevant items of the precision at each
         * relevant item's rank.
         */
        IR,
        /**
         * {@code integrate}: the area under the precision-recall curve with the trapezoid rule, the convention of
         * the Oxford/Paris buildings benchmarks.
         */
        INTEGRATE
    }

    /**
     * Checks the values.
     *
     * @param topk at least 1
     * @param mode not null
     */
    public RetrievalAveragePrecisionConfig {
        requireNonNull(mode, "mode is null");
        if (topk < 1) {
            throw new IllegalArgumentException("topk must be a positive integer, got " + topk);
        }
    }
}
