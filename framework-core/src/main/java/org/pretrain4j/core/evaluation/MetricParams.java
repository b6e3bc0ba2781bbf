package org.pretrain4j.core.evaluation;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.evaluation.Predictions;

/** Config parsing and naming shared by the metrics. */
final class MetricParams {
    static final String THRS = "thrs";
    static final String NUM_CLASSES = "num_classes";

    static final ParamDoc NUM_CLASSES_DOC = ParamDoc.optional(NUM_CLASSES, "int", "null",
            "Expected number of classes; when given, batches whose score width differs are rejected. "
                    + "By default it is taken from the scores.");

    private MetricParams() {}

    /**
     * Reads {@code thrs}: a number, {@code null}, or a list of numbers and nulls. A null threshold means "no
     * threshold". ConfigView treats null as absent, but here an explicit {@code thrs = null} must differ from a
     * missing key (default 0.0), as {@code thrs=None} differs from the default in mmpretrain.
     */
    static List<Double> thresholds(ConfigView config) {
        config.markRead(THRS);
        ConfigValue v = config.unwrap().get(THRS);
        List<Double> out = new ArrayList<>();
        if (v == null) {
            out.add(0.0);
        } else if (v.valueType() == ConfigValueType.LIST) {
            ConfigList list = (ConfigList) v;
            if (list.isEmpty()) {
                throw config.error(THRS, "expected at least one threshold (a number, or null for none)");
            }
            for (ConfigValue e : list) {
                out.add(threshold(config, e));
            }
        } else {
            out.add(threshold(config, v));
        }
        return Collections.unmodifiableList(out);
    }

    private static Double threshold(ConfigView config, ConfigValue v) {
        if (v.valueType() == ConfigValueType.NULL) {
            return null;
        }
        if (v.valueType() == ConfigValueType.NUMBER) {
            double d = ((Number) v.unwrapped()).doubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw config.error(THRS, "expected a number, null, or a list of them, got "
                + v.render(com.typesafe.config.ConfigRenderOptions.concise()));
    }

    /** Tells whether {@code key} is written as {@code null}, which ConfigView would otherwise report as absent. */
    static boolean isExplicitNull(ConfigView config, String key) {
        config.markRead(key);
        ConfigValue v = config.unwrap().get(key);
        return v != null && v.valueType() == ConfigValueType.NULL;
    }

    /** Reads the optional {@code num_classes}; 0 stands for "take it from the scores". */
    static int numClasses(ConfigView config) {
        return config.has(NUM_CLASSES)
                ? config.checkRange(NUM_CLASSES, config.getInt(NUM_CLASSES), 1, Integer.MAX_VALUE)
                : 0;
    }

    /** Copies a threshold list, which may hold nulls (so {@code List.copyOf} cannot). */
    static List<Double> copyThresholds(List<Double> thrs) {
        if (thrs == null || thrs.isEmpty()) {
            throw new IllegalArgumentException("thrs must hold at least one entry (null for no threshold)");
        }
        for (Double t : thrs) {
            if (t != null && !Double.isFinite(t)) {
                throw new IllegalArgumentException("thresholds must be finite, got " + thrs);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(thrs));
    }

    /**
     * The name suffix mmpretrain adds when several thresholds are evaluated: {@code _no-thr} or {@code _thr-0.50}.
     * Python's {@code f'{thr:.2f}'} rounds the exact binary value half-to-even; BigDecimal of the double does the
     * same, where {@code String.format} would round 0.125 up.
     */
    static String suffix(Double thr) {
        if (thr == null) {
            return "_no-thr";
        }
        String s = new BigDecimal(thr).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        if (thr < 0 && !s.startsWith("-")) {
            s = "-" + s; // Python keeps the sign of a negative value that rounds to zero: -0.00
        }
        return "_thr-" + s;
    }

    /**
     * Whether a score passes a threshold. torch compares a float32 tensor with a Python float in float32, so the
     * threshold is rounded to float first: a score of 0.1f does not pass thr 0.1.
     */
    static boolean passes(float score, Double thr) {
        return thr == null || score > thr.floatValue();
    }

    /**
     * Checks a single-label batch: its width against the expected class count and its labels against the width.
     *
     * @throws Pretrain4jException if the batch holds multi-label data, which has no single class per sample
     */
    static int checkBatch(String metric, Predictions batch, int expectedClasses) {
        if (batch.multiLabel()) {
            throw new Pretrain4jException(metric + " needs one class per sample, but the data is multi-label; "
                    + "evaluate it with MultiLabelMetric or AveragePrecision");
        }
        int c = checkWidth(metric, batch, expectedClasses);
        for (int i = 0; i < batch.size(); i++) {
            int label = batch.labels()[i];
            if (label < 0 || label >= c) {
                throw new IllegalArgumentException(metric + ": label " + label + " of sample " + i
                        + " is outside [0, " + c + ")");
            }
        }
        return c;
    }

    /** Checks a batch's width against the expected class count (none when {@code expectedClasses <= 0}). */
    static int checkWidth(String metric, Predictions batch, int expectedClasses) {
        int c = batch.numClasses();
        if (expectedClasses > 0 && c != expectedClasses) {
            throw new IllegalArgumentException(metric + ": batch has scores for " + c + " classes, but num_classes or an earlier batch says " + expectedClasses);
        }
        return c;
    }

    /**
     * A sort key that orders by score, highest first, then by index, lowest first; {@code (int) key} is the index.
     * A float's bits, with the magnitude bits flipped for negatives, order like the float; inverting them makes the
     * order descending. Sorting primitive keys avoids boxing a comparator's indices.
     */
    static long descendingKey(float score, int index) {
        int bits = Float.floatToIntBits(score);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | index;
    }

    /** The predicted class of a row: the highest score, ties to the lowest index as torch's argmax/topk on CPU. */
    static int argmax(Predictions batch, int row) {
        int best = 0;
        float bestScore = batch.score(row, 0);
        for (int j = 1; j < batch.numClasses(); j++) {
            float s = batch.score(row, j);
            if (s > bestScore) {
                best = j;
                bestScore = s;
            }
        }
        return best;
    }
}
