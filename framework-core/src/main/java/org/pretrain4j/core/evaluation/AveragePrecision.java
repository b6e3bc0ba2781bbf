package org.pretrain4j.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pretrain4j.api.evaluation.Metric;
import org.pretrain4j.api.evaluation.Predictions;

/**
 * mmpretrain's {@code AveragePrecision}: for each class, the samples are ranked by score, highest first, and AP is
 * the mean of the precision at the rank of every ground-truth positive, {@code Σ_n (R_n - R_{n-1}) P_n}; a class
 * without positives has AP 0. Samples whose target for the class is -1 or lower (e.g. "difficult") are left out of
 * that class's ranking; a target counts as positive only if it is exactly 1. Single-label data is read as one-hot
 * rows. In percent.
 *
 * <p>Names: {@code multi-label/mAP} (macro: the mean over classes), or {@code multi-label/AP_classwise/3} per class
 * for {@code average = null} (mmpretrain reports one list under {@code AP_classwise}; our values are scalars).
 * Samples with equal scores rank in their evaluation order; mmpretrain's unstable {@code argsort} may rank such
 * ties differently, which can change the value slightly.
 */
public final class AveragePrecision implements Metric {
    private static final String NAME = "AveragePrecision";
    private static final String PREFIX = "multi-label/";

    private final AveragePrecisionConfig config;
    private int numClasses;
    private float[] scores = new float[0];
    private float[] targets = new float[0];
    private int count;

    /**
     * Creates the metric.
     *
     * @param config the averaging mode
     */
    public AveragePrecision(AveragePrecisionConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public void process(Predictions batch) {
        requireNonNull(batch, "batch is null");
        int c = MetricParams.checkWidth(NAME, batch, numClasses);
        numClasses = c;
        int needed = (count + batch.size()) * c;
        if (needed > scores.length) {
            int capacity = Math.max(needed, 2 * scores.length);
            scores = Arrays.copyOf(scores, capacity);
            targets = Arrays.copyOf(targets, capacity);
        }
        System.arraycopy(batch.scores(), 0, scores, count * c, batch.size() * c);
        for (int i = 0; i < batch.size(); i++) {
            for (int k = 0; k < c; k++) {
                targets[(count + i) * c + k] = batch.target(i, k);
            }
        }
        count += batch.size();
    }

    @Override
    public Map<String, Double> compute() {
        if (count == 0) {
            throw new IllegalStateException(NAME + ": no predictions were processed since the last compute()");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        for (int k = 0; k < numClasses; k++) {
            double ap = averagePrecision(k) * 100;
            sum += ap;
            if (config.average() == null) {
                out.put(PREFIX + "AP_classwise/" + k, ap);
            }
        }
        if (config.average() != null) {
            out.put(PREFIX + "mAP", sum / numClasses);
        }
        numClasses = 0;
        count = 0;
        return out;
    }

    /** The AP of one class over the accumulated samples, as a fraction. */
    private double averagePrecision(int cls) {
        long[] keys = new long[count];
        int valid = 0;
        for (int i = 0; i < count; i++) {
            if (targets[i * numClasses + cls] > -1) {
                keys[valid++] = MetricParams.descendingKey(scores[i * numClasses + cls], i);
            }
        }
        Arrays.sort(keys, 0, valid);
        long positives = 0;
        double precisionSum = 0;
        for (int r = 0; r < valid; r++) {
            if (targets[(int) keys[r] * numClasses + cls] == 1f) {
                positives++;
                precisionSum += (double) positives / (r + 1);
            }
        }
        return positives == 0 ? 0 : precisionSum / positives;
    }
}
