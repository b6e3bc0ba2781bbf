package org.pretrain4j.core.evaluation;

import java.util.List;

/**
 * Typed config of {@link Accuracy}.
 *
 * @param topk the k values to report, each at least 1
 * @param thrs score thresholds; a {@code null} entry means no threshold
 */
public record AccuracyConfig(List<Integer> topk, List<Double> thrs) {
    /**
     * Checks and copies the lists.
     *
     * @param topk the k values
     * @param thrs the thresholds, nulls allowed
     */
    public AccuracyConfig {
        topk = List.copyOf(topk);
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("topk must hold positive integers, got " + topk);
        }
        thrs = MetricParams.copyThresholds(thrs);
    }

    /**
     * mmpretrain's defaults: top-1 with threshold 0.
     *
     * @return the default config
     */
    public static AccuracyConfig defaults() {
        return new AccuracyConfig(List.of(1), List.of(0.0));
    }
}
