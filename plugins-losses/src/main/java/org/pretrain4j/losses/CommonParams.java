package org.pretrain4j.losses;

import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * Config keys that several losses share, documented and parsed once so that their names, defaults and checks
 * cannot drift apart between losses.
 */
final class CommonParams {
    static final String REDUCTION = "reduction";
    static final String LOSS_WEIGHT = "loss_weight";
    static final String CLASS_WEIGHT = "class_weight";
    static final String POS_WEIGHT = "pos_weight";

    static final ParamDoc REDUCTION_DOC = ParamDoc.optional(REDUCTION, "string", "mean",
            "how the loss is reduced: none, mean or sum; with an avg_factor (heads pass the batch size) mean is "
                    + "sum / avg_factor");
    static final ParamDoc LOSS_WEIGHT_DOC =
            ParamDoc.optional(LOSS_WEIGHT, "number", "1.0", "factor the reduced loss is multiplied by");
    static final ParamDoc CLASS_WEIGHT_DOC = ParamDoc.optional(CLASS_WEIGHT, "list<number>", "null",
            "one weight per class; with hard labels sample i is weighted by class_weight[y_i]");
    static final ParamDoc POS_WEIGHT_DOC = ParamDoc.optional(POS_WEIGHT, "list<number>", "null",
            "weight of positive targets per class (or one for all) in the sigmoid loss; needs use_sigmoid = true");

    private CommonParams() {}

    static Reduction reduction(ConfigView config) {
        return Reduction.fromConfig(config.getEnum(REDUCTION, "mean", Reduction.CONFIG_VALUES));
    }

    static double lossWeight(ConfigView config) {
        return config.getDouble(LOSS_WEIGHT, 1.0);
    }

    /**
     * Reads an optional number that must not be negative (a focusing exponent, a margin, a weight).
     *
     * @throws org.pretrain4j.api.config.ConfigException naming the key and the value otherwise
     */
    static double nonNegative(ConfigView config, String key, double defaultValue) {
        double value = config.getDouble(key, defaultValue);
        if (!(value >= 0)) {
            throw config.error(key, "expected a number >= 0, got " + value);
        }
        return value;
    }

    /**
     * Reads an optional number that must be positive (an epsilon).
     *
     * @throws org.pretrain4j.api.config.ConfigException naming the key and the value otherwise
     */
    static double positive(ConfigView config, String key, double defaultValue) {
        double value = config.getDouble(key, defaultValue);
        if (!(value > 0)) {
            throw config.error(key, "expected a number > 0, got " + value);
        }
        return value;
    }

    /**
     * The record-side twin of {@link #nonNegative(ConfigView, String, double)}, for configs built in Java.
     *
     * @throws IllegalArgumentException if {@code value} is negative or NaN
     */
    static void requireNonNegative(String key, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
    }

    /**
     * The record-side twin of {@link #positive(ConfigView, String, double)}, for configs built in Java.
     *
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    static void requirePositive(String key, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** Reads an optional per-class list; null when absent, an error when empty. */
    static List<Double> perClassList(ConfigView config, String key) {
        List<Double> values = config.getDoubleList(key, null);
        if (values != null && values.isEmpty()) {
            throw config.error(key, "expected a non-empty list of numbers (or null)");
        }
        return values;
    }

    /**
     * Rejects {@code pos_weight} for softmax losses: mmpretrain silently ignores it there, which hides a config
     * mistake.
     */
    static void checkPosWeightUse(ConfigView config, List<Double> posWeight, boolean useSigmoid) {
        if (posWeight != null && !useSigmoid) {
            throw config.error(POS_WEIGHT, "pos_weight only applies to the sigmoid loss; set use_sigmoid = true "
                    + "or remove pos_weight");
        }
    }
}
