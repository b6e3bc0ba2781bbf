package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;

/**
 * mmpretrain's {@code Accuracy}: the percentage of samples whose true class is among the {@code k} best-scored
 * classes, for each configured {@code k} and threshold. With a threshold, the true class counts only if its score is
 * strictly above it. Keys are {@code accuracy/top1}, {@code accuracy/top5}; with several thresholds each key gets
 * {@code _thr-0.50} or {@code _no-thr} appended, topk outer and thresholds inner, as mmpretrain orders them.
 *
 * <p>Ties in the scores rank the lower class index first. A {@code k} larger than the number of classes is an error,
 * as in mmpretrain (rather than a silently capped, always-100% value).
 */
public final class Accuracy implements Metric {
    private static final String PREFIX = "accuracy/";

    private final AccuracyConfig config;
    private final int maxK;
    private final long[][] correct;
    private long count;
    private int numClasses;

    /**
     * Creates the metric.
     *
     * @param config the top-k values and thresholds
     */
    public Accuracy(AccuracyConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.maxK = config.topk().stream().mapToInt(Integer::intValue).max().orElseThrow();
        this.correct = new long[config.topk().size()][config.thrs().size()];
    }

    @Override
    public void process(Predictions batch) {
        requireNonNull(batch, "batch is null");
        int c = MetricParams.checkBatch("Accuracy", batch, numClasses);
        if (maxK > c) {
            throw new IllegalArgumentException("Top-" + maxK + " accuracy is unavailable since the number of "
                    + "categories is " + c + ". Please check the `val_evaluator` and `test_evaluator` fields in "
                    + "your config file.");
        }
        numClasses = c;
        List<Integer> topk = config.topk();
        List<Double> thrs = config.thrs();
        for (int i = 0; i < batch.size(); i++) {
            int label = batch.labels()[i];
            float s = batch.score(i, label);
            // The true class's rank: classes scored higher, or equal with a lower index, come before it. This
            // avoids sorting every row just to find where one class lands.
            int rank = 0;
            for (int j = 0; j < c && rank < maxK; j++) {
                float o = batch.score(i, j);
                if (o > s || o == s && j < label) {
                    rank++;
                }
            }
            for (int a = 0; a < topk.size(); a++) {
                if (rank < topk.get(a)) {
                    for (int b = 0; b < thrs.size(); b++) {
                        if (MetricParams.passes(s, thrs.get(b))) {
                            correct[a][b]++;
                        }
                    }
                }
            }
        }
        count += batch.size();
    }

    @Override
    public Map<String, Double> compute() {
        if (count == 0) {
            throw new IllegalStateException("Accuracy: no predictions were processed since the last compute()");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        boolean multiThrs = config.thrs().size() > 1;
        for (int a = 0; a < config.topk().size(); a++) {
            for (int b = 0; b < config.thrs().size(); b++) {
                String name = PREFIX + "top" + config.topk().get(a)
                        + (multiThrs ? MetricParams.suffix(config.thrs().get(b)) : "");
                out.put(name, correct[a][b] * 100.0 / count);
                correct[a][b] = 0;
            }
        }
        count = 0;
        numClasses = 0;
        return out;
    }
}
