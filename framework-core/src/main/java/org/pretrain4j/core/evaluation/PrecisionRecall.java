package org.pretrain4j.core.evaluation;

import java.util.List;
import java.util.Map;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;

/**
 * What {@link SingleLabelMetric} and {@link MultiLabelMetric} share: mmpretrain's
 * {@code _precision_recall_f1_support} on per-class counts, the names it reports them under, and the
 * {@code items} and {@code average} keys. Precision is {@code TP / max(predicted, 1)}, recall
 * {@code TP / max(actual, 1)}, F1 {@code 2PR / max(P + R, eps)}, all in percent; support counts ground-truth
 * positives.
 */
final class PrecisionRecall {
    /** mmpretrain's default items. */
    static final List<String> DEFAULT_ITEMS = List.of("precision", "recall", "f1-score");

    static final ParamDoc ITEMS_DOC = ParamDoc.optional("items", "list<string>", "[precision, recall, f1-score]",
            "What to report, among precision, recall, f1-score and support.");

    // torch.finfo(torch.float32).eps, mmpretrain's floor for P + R.
    private static final double EPS = Math.ulp(1.0f);

    private PrecisionRecall() {}

    /** The {@code average} key's documentation; {@code prefix} is the metric's name prefix, e.g. single-label. */
    static ParamDoc averageDoc(String prefix) {
        return ParamDoc.optional("average", "string | null", "macro",
                "macro: mean of per-class values; micro: from summed counts (names end in _micro); "
                        + "null: one value per class, named like " + prefix + "/precision_classwise/3.");
    }

    /** Reads {@code items}, naming the nearest known item for a typo. */
    static List<String> items(ConfigView config) {
        List<String> items = config.getStringList("items", DEFAULT_ITEMS);
        for (String item : items) {
            if (!SingleLabelMetricConfig.ITEMS.contains(item)) {
                throw config.error("items", "unknown item '" + item + "'."
                        + Suggestions.didYouMean(item, SingleLabelMetricConfig.ITEMS) + " Expected items among "
                        + String.join(", ", SingleLabelMetricConfig.ITEMS));
            }
        }
        return items;
    }

    /** Reads {@code average}: macro, micro, or an explicit null. */
    static String average(ConfigView config) {
        String average = MetricParams.isExplicitNull(config, "average") ? null : config.getString("average", "macro");
        if (average != null && !average.equals("macro") && !average.equals("micro")) {
            // Python configs say average=None; in HOCON that is the unquoted null, not the string "None".
            throw config.error("average", "expected macro, micro or null (per-class values), got '" + average + "'");
        }
        return average;
    }

    /** Checks the items and average of a config record. */
    static List<String> checkItemsAndAverage(List<String> items, String average) {
        List<String> copy = List.copyOf(items);
        if (!SingleLabelMetricConfig.ITEMS.containsAll(copy)) {
            throw new IllegalArgumentException("items must be among " + SingleLabelMetricConfig.ITEMS + ", got " + items);
        }
        if (average != null && !average.equals("macro") && !average.equals("micro")) {
            throw new IllegalArgumentException("average must be macro, micro or null, got " + average);
        }
        return copy;
    }

    /**
     * Computes the items from per-class counts and adds them to {@code out}, in mmpretrain's fixed item order
     * whatever order {@code items} lists them in: {@code base + item + suffix}, then {@code _micro} for the micro
     * average or {@code _classwise/k} per class when {@code average} is null.
     *
     * @param out receives the values
     * @param base the name prefix, e.g. {@code single-label/}
     * @param suffix the threshold or top-k suffix, possibly empty
     * @param items the items to report
     * @param average macro, micro or null
     * @param tp true positives per class
     * @param predicted predicted positives per class
     * @param actual ground-truth positives per class
     */
    static void put(Map<String, Double> out, String base, String suffix, List<String> items, String average,
            long[] tp, long[] predicted, long[] actual) {
        int c = actual.length;
        double[][] values; // [item][class, or 0 for an average]
        if (average == null) {
            values = new double[4][c];
            for (int k = 0; k < c; k++) {
                double[] prfs = prfs(tp[k], predicted[k], actual[k]);
                for (int item = 0; item < 4; item++) {
                    values[item][k] = prfs[item];
                }
            }
        } else if (average.equals("micro")) {
            double[] prfs = prfs(sum(tp), sum(predicted), sum(actual));
            values = new double[][] {{prfs[0]}, {prfs[1]}, {prfs[2]}, {prfs[3]}};
        } else {
            values = new double[4][1];
            for (int k = 0; k < c; k++) {
                double[] prfs = prfs(tp[k], predicted[k], actual[k]);
                for (int item = 0; item < 3; item++) {
                    values[item][0] += prfs[item] / c;
                }
            }
            values[3][0] = sum(actual);
        }
        for (int item = 0; item < 4; item++) {
            String itemName = SingleLabelMetricConfig.ITEMS.get(item);
            if (!items.contains(itemName)) {
                continue;
            }
            String name = base + itemName + suffix;
            if (average == null) {
                for (int k = 0; k < c; k++) {
                    out.put(name + "_classwise/" + k, values[item][k]);
                }
            } else if (average.equals("micro")) {
                out.put(name + "_micro", values[item][0]);
            } else {
                out.put(name, values[item][0]);
            }
        }
    }

    /** Precision, recall, F1 (percent) and support from one set of counts. */
    private static double[] prfs(long tp, long predicted, long actual) {
        double precision = tp * 100.0 / Math.max(predicted, 1);
        double recall = tp * 100.0 / Math.max(actual, 1);
        double f1 = 2 * precision * recall / Math.max(precision + recall, EPS);
        return new double[] {precision, recall, f1, actual};
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
