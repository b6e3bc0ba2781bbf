package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;

/**
 * mmpretrain's {@code SingleLabelMetric}: precision, recall, F1 (in percent) and support of the top-1 prediction,
 * from the per-class counts of true positives, predicted positives and ground-truth positives. A prediction counts
 * as positive only if its score is above the threshold. Precision is {@code TP / max(predicted, 1)}, recall
 * {@code TP / max(actual, 1)}, F1 {@code 2PR / max(P + R, eps)}, as mmpretrain computes them
 * ({@link PrecisionRecall}).
 *
 * <p>Names: {@code single-label/precision} (macro: the mean over all classes, including classes that never occur),
 * {@code single-label/precision_micro} (micro: from the summed counts), and for {@code average = null} one value per
 * class, {@code single-label/precision_classwise/3} for class 3. mmpretrain reports the class-wise values as one list
 * under {@code precision_classwise}; our metric values are scalars, so the class index follows a slash. With several
 * thresholds the {@code _thr-0.50} / {@code _no-thr} suffix comes before {@code _micro} / {@code _classwise}, as in
 * mmpretrain. Support is a sample count, not a percentage.
 */
public final class SingleLabelMetric implements Metric {
    private static final String PREFIX = "single-label/";

    private final SingleLabelMetricConfig config;
    private long[][] tp;
    private long[][] predicted;
    private long[] actual;
    private int numClasses;

    /**
     * Creates the metric.
     *
     * @param config thresholds, items, averaging and expected class count
     */
    public SingleLabelMetric(SingleLabelMetricConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.numClasses = config.numClasses();
    }

    @Override
    public void process(Predictions batch) {
        requireNonNull(batch, "batch is null");
        int c = MetricParams.checkBatch("SingleLabelMetric", batch, numClasses);
        if (actual == null || actual.length != c) {
            int t = config.thrs().size();
            tp = new long[t][c];
            predicted = new long[t][c];
            actual = new long[c];
        }
        numClasses = c;
        List<Double> thrs = config.thrs();
        for (int i = 0; i < batch.size(); i++) {
            int label = batch.labels()[i];
            int pred = MetricParams.argmax(batch, i);
            float score = batch.score(i, pred);
            actual[label]++;
            for (int t = 0; t < thrs.size(); t++) {
                if (MetricParams.passes(score, thrs.get(t))) {
                    predicted[t][pred]++;
                    if (pred == label) {
                        tp[t][pred]++;
                    }
                }
            }
        }
    }

    @Override
    public Map<String, Double> compute() {
        if (actual == null) {
            throw new IllegalStateException(
                    "SingleLabelMetric: no predictions were processed since the last compute()");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        boolean multiThrs = config.thrs().size() > 1;
        for (int t = 0; t < config.thrs().size(); t++) {
            String thrSuffix = multiThrs ? MetricParams.suffix(config.thrs().get(t)) : "";
            PrecisionRecall.put(out, PREFIX, thrSuffix, config.items(), config.average(), tp[t], predicted[t], actual);
        }
        tp = null;
        predicted = null;
        actual = null;
        numClasses = config.numClasses();
        return out;
    }
}
