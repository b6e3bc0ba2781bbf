package org.pretrain4j.core.evaluation;

import java.util.List;

/**
 * Typed config of {@link MultiLabelMetric}.
 *
 * @param thr a class is predicted when its score is at least this, or null
 * @param topk the k best-scored classes of each sample are predicted, or null; {@code thr} wins when both are set,
 *     and {@code thr = 0.5} applies when neither is
 * @param items what to report, among {@code precision}, {@code recall}, {@code f1-score} and {@code support}
 * @param average {@code macro}, {@code micro}, or {@code null} for per-class values
 */
public record MultiLabelMetricConfig(Double thr, Integer topk, List<String> items, String average) {
    /**
     * Checks the values and copies the list.
     *
     * @param thr the threshold or null
     * @param topk the k or null
     * @param items the items
     * @param average the averaging mode or null
     * @throws IllegalArgumentException if {@code thr} is not finite, {@code topk} is below 1, or an item or the
     *     average is unknown
     */
    public MultiLabelMetricConfig {
        if (thr != null && !Double.isFinite(thr)) {
            throw new IllegalArgumentException("thr must be finite, got " + thr);
        }
        if (topk != null && topk < 1) {
            throw new IllegalArgumentException("topk must be at least 1, got " + topk);
        }
        items = PrecisionRecall.checkItemsAndAverage(items, average);
    }

    /**
     * mmpretrain's defaults: threshold 0.5, precision, recall and F1, macro average.
     *
     * @return the default config
     */
    public static MultiLabelMetricConfig defaults() {
        return new MultiLabelMetricConfig(null, null, PrecisionRecall.DEFAULT_ITEMS, "macro");
    }

    /**
     * The threshold in effect: {@code thr}, or 0.5 when neither {@code thr} nor {@code topk} is set.
     *
     * @return the threshold, or null when the top k classes are predicted
     */
    public Double effectiveThr() {
        return thr == null && topk == null ? Double.valueOf(0.5) : thr;
    }
}
