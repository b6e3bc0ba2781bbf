package org.pretrain4j.core.evaluation;

import java.util.List;

/**
 * Typed config of {@link SingleLabelMetric}.
 *
 * @param thrs score thresholds; a {@code null} entry means "the top-1 class is always predicted"
 * @param items what to report, among {@code precision}, {@code recall}, {@code f1-score} and {@code support}
 * @param average {@code macro}, {@code micro}, or {@code null} for per-class values
 * @param numClasses the expected number of classes, or 0 to take it from the scores
 */
public record SingleLabelMetricConfig(List<Double> thrs, List<String> items, String average, int numClasses) {
    /** The items mmpretrain accepts, in the order it reports them. */
    public static final List<String> ITEMS = List.of("precision", "recall", "f1-score", "support");

    /**
     * Checks and copies the lists.
     *
     * @param thrs the thresholds, nulls allowed
     * @param items the items
     * @param average the averaging mode or null
     * @param numClasses expected classes or 0
     */
    public SingleLabelMetricConfig {
        thrs = MetricParams.copyThresholds(thrs);
        items = PrecisionRecall.checkItemsAndAverage(items, average);
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be positive, or 0 for unknown");
        }
    }

    /**
     * mmpretrain's defaults: threshold 0, precision, recall and F1, macro average.
     *
     * @return the default config
     */
    public static SingleLabelMetricConfig defaults() {
        return new SingleLabelMetricConfig(List.of(0.0), PrecisionRecall.DEFAULT_ITEMS, "macro", 0);
    }
}
