package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.pretrain4j.api.evaluation.RetrievalBatch;
import org.pretrain4j.api.evaluation.RetrievalMetric;

/**
 * mmpretrain's {@code RetrievalAveragePrecision}: the mean over queries of each query's average precision over its
 * {@code topk} best-ranked gallery items, in percent, reported as {@code retrieval/mAP@<topk>}.
 *
 * <p>For a query whose relevant items appear at 0-based ranks {@code r_0 < r_1 < ...} within the top {@code topk},
 * mode {@code IR} sums the precisions {@code (i + 1) / (r_i + 1)}; mode {@code integrate} sums the trapezoids
 * {@code (p_old + p_new) / 2} with {@code p_old = i / r_i} ({@code 1} when {@code r_i = 0}) and
 * {@code p_new = (i + 1) / (r_i + 1)}. Either sum is divided by the number of relevant items in the whole gallery,
 * not only those within the top {@code topk}, so a small {@code topk} over a gallery with many relevant items gives a
 * small value. A query without relevant items scores 0 (mmpretrain divides by zero there).
 */
public final class RetrievalAveragePrecision implements RetrievalMetric {
    private final RetrievalAveragePrecisionConfig config;
    private double sum;
    private long count;

    /**
     * Creates the metric.
     *
     * @param config the depth and mode
     */
    public RetrievalAveragePrecision(RetrievalAveragePrecisionConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public int maxRank() {
        return config.topk();
    }

    @Override
    public void process(RetrievalBatch batch) {
        requireNonNull(batch, "batch is null");
        int depth = Math.min(config.topk(), batch.k());
        boolean ir = config.mode() == RetrievalAveragePrecisionConfig.Mode.IR;
        for (int q = 0; q < batch.size(); q++) {
            double ap = 0;
            int found = 0;
            for (int r = 0; r < depth; r++) {
                if (batch.hit(q, r)) {
                    double precision = (found + 1.0) / (r + 1);
                    if (ir) {
                        ap += precision;
                    } else {
                        double before = r > 0 ? (double) found / r : 1.0;
                        ap += (before + precision) / 2;
                    }
                    found++;
                }
            }
            int relevant = batch.relevantCounts()[q];
            sum += relevant > 0 ? ap / relevant * 100 : 0;
        }
        count += batch.size();
    }

    @Override
    public Map<String, Double> compute() {
        if (count == 0) {
            throw new IllegalStateException(
                    "RetrievalAveragePrecision: no queries were processed since the last compute()");
        }
        Map<String, Double> out = Map.of("retrieval/mAP@" + config.topk(), sum / count);
        sum = 0;
        count = 0;
        return out;
    }
}
