package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;

/**
 * mmpretrain's {@code MultiLabelMetric}: precision, recall, F1 (percent) and support over every (sample, class)
 * pair. A class is predicted positive when its score is at least {@code thr} (compared in float32, as torch
 * compares a float tensor with a Python float), or, with {@code topk} and no {@code thr}, when it is among the
 * sample's k best-scored classes (ties to the lower class index). Neither given means {@code thr = 0.5}. Ground-truth
 * values are truncated to integers as mmpretrain's {@code .long()} does; a -1 (e.g. a "difficult" class) leaves
 * that pair out of every count. Single-label data is read as one-hot rows.
 *
 * <p>Names, as mmpretrain's: {@code multi-label/precision} at the default threshold 0.5;
 * {@code multi-label/precision_thr-0.30} at another threshold; {@code multi-label/precision_top3} for top-k;
 * then {@code _micro} for the micro average, or one value per class {@code multi-label/precision_classwise/3}
 * (mmpretrain reports one list under {@code precision_classwise}; our values are scalars). mmpretrain names a
 * threshold of exactly 0 as if it were top-k ({@code _topNone}, a quirk of its {@code if self.thr:}); here it is
 * {@code _thr-0.00}.
 */
public final class MultiLabelMetric implements Metric {
    private static final String NAME = "MultiLabelMetric";
    private static final String PREFIX = "multi-label/";

    private final MultiLabelMetricConfig config;
    private final Double thr;
    private long[] tp;
    private long[] predicted;
    private long[] actual;

    /**
     * Creates the metric.
     *
     * @param config threshold or top-k, items and averaging
     */
    public MultiLabelMetric(MultiLabelMetricConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.thr = config.effectiveThr();
    }

    @Override
    public void process(Predictions batch) {
        requireNonNull(batch, "batch is null");
        int c = MetricParams.checkWidth(NAME, batch, actual == null ? 0 : actual.length);
        if (thr == null && config.topk() > c) {
            throw new IllegalArgumentException(NAME + ": topk = " + config.topk() + " but there are only " + c
                    + " classes");
        }
        if (actual == null) {
            tp = new long[c];
            predicted = new long[c];
            actual = new long[c];
        }
        boolean[] positive = new boolean[c];
        for (int i = 0; i < batch.size(); i++) {
            predictPositives(batch, i, positive);
            for (int k = 0; k < c; k++) {
                long gt = (long) batch.target(i, k);
                if (gt == -1) {
                    continue;
                }
                long pred = positive[k] ? 1 : 0;
                // mmpretrain combines the 0/1 prediction with the integer target bitwise.
                tp[k] += pred & gt;
                predicted[k] += pred;
                actual[k] += gt;
            }
        }
    }

    /** Marks the classes predicted positive for one sample. */
    private void predictPositives(Predictions batch, int row, boolean[] positive) {
        int c = positive.length;
        if (thr != null) {
            float t = thr.floatValue();
            for (int k = 0; k < c; k++) {
                positive[k] = batch.score(row, k) >= t;
            }
            return;
        }
        long[] keys = new long[c];
        for (int k = 0; k < c; k++) {
            keys[k] = MetricParams.descendingKey(batch.score(row, k), k);
        }
        Arrays.sort(keys);
        Arrays.fill(positive, false);
        for (int r = 0; r < config.topk(); r++) {
            positive[(int) keys[r]] = true;
        }
    }

    @Override
    public Map<String, Double> compute() {
        if (actual == null) {
            throw new IllegalStateException(NAME + ": no predictions were processed since the last compute()");
        }
        String suffix = thr == null ? "_top" + config.topk() : thr == 0.5 ? "" : MetricParams.suffix(thr);
        Map<String, Double> out = new LinkedHashMap<>();
        PrecisionRecall.put(out, PREFIX, suffix, config.items(), config.average(), tp, predicted, actual);
        tp = null;
        predicted = null;
        actual = null;
        return out;
    }
}
