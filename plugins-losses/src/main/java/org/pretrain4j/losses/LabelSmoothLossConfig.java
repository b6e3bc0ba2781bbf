package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * Typed config of {@link LabelSmoothLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param labelSmoothVal the smoothing ε, in {@code [0, 1)}
 * @param numClasses the number of classes, or null to take it from the prediction
 * @param useSigmoid binary cross-entropy instead of soft softmax cross-entropy, or null for the mode's default
 *     (true for {@code multi_label}, false otherwise)
 * @param mode how the targets are smoothed
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 * @param classWeight one weight per class, or null
 * @param posWeight weight of positive targets per class (or a single one), or null; sigmoid only
 */
public record LabelSmoothLossConfig(
        double labelSmoothVal,
        Integer numClasses,
        Boolean useSigmoid,
        Mode mode,
        Reduction reduction,
        double lossWeight,
        List<Double> classWeight,
        List<Double> posWeight) {

    /** How targets are smoothed, spelled as mmpretrain's {@code mode}. */
    public enum Mode {
        /** {@code (1 - ε) · onehot + ε / K}. */
        ORIGINAL,
        /** The original formula with {@code ε' = ε / (1 + ε)}, i.e. {@code (onehot + ε / K) / (1 + ε)}. */
        CLASSY_VISION,
        /** Positives {@code 1 - ε}, negatives {@code ε}; uses the sigmoid loss by default. */
        MULTI_LABEL;

        /** The values a config may give. */
        static final String[] CONFIG_VALUES = {"original", "classy_vision", "multi_label"};

        /**
         * The spelling used in configs.
         *
         * @return e.g. {@code classy_vision}
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a config spelling.
         *
         * @param name {@code original}, {@code classy_vision} or {@code multi_label}
         * @return the mode
         * @throws IllegalArgumentException for any other value
         */
        public static Mode fromConfig(String name) {
            for (Mode m : values()) {
                if (m.configName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + name + "', expected one of "
                    + String.join(", ", CONFIG_VALUES));
        }
    }

    /**
     * Checks the config and copies the lists.
     *
     * @param labelSmoothVal the smoothing ε
     * @param numClasses the number of classes, or null
     * @param useSigmoid the sigmoid switch, or null for the mode's default
     * @param mode the smoothing mode
     * @param reduction the reduction
     * @param lossWeight the loss factor
     * @param classWeight per-class weights, or null
     * @param posWeight positive weights, or null
     * @throws IllegalArgumentException if ε is outside {@code [0, 1)}, {@code numClasses} is not positive, or
     *     {@code posWeight} is given without the sigmoid loss
     */
    public LabelSmoothLossConfig {
        requireNonNull(mode, "mode is null");
        requireNonNull(reduction, "reduction is null");
        if (!(labelSmoothVal >= 0 && labelSmoothVal < 1)) {
            throw new IllegalArgumentException("label_smooth_val must lie in [0, 1), got " + labelSmoothVal);
        }
        if (numClasses != null && numClasses <= 0) {
            throw new IllegalArgumentException("num_classes must be positive, got " + numClasses);
        }
        classWeight = classWeight == null ? null : List.copyOf(classWeight);
        posWeight = posWeight == null ? null : List.copyOf(posWeight);
        if (posWeight != null && !(useSigmoid != null ? useSigmoid : mode == Mode.MULTI_LABEL)) {
            throw new IllegalArgumentException("pos_weight only applies to the sigmoid loss");
        }
    }

    /**
     * A config with the given ε and every other value at its default.
     *
     * @param labelSmoothVal the smoothing ε
     * @return the config
     */
    public static LabelSmoothLossConfig of(double labelSmoothVal) {
        return new LabelSmoothLossConfig(labelSmoothVal, null, null, Mode.ORIGINAL, Reduction.MEAN, 1.0, null, null);
    }

    /**
     * Whether the sigmoid loss is used: {@code useSigmoid} if given, else true only for {@code multi_label}.
     *
     * @return true for binary cross-entropy, false for soft softmax cross-entropy
     */
    public boolean sigmoid() {
        return useSigmoid != null ? useSigmoid : mode == Mode.MULTI_LABEL;
    }

    /**
     * The ε actually applied: {@code ε / (1 + ε)} in {@code classy_vision} mode, else {@code labelSmoothVal}.
     *
     * @return the effective ε
     */
    public double effectiveEpsilon() {
        return mode == Mode.CLASSY_VISION ? labelSmoothVal / (1 + labelSmoothVal) : labelSmoothVal;
    }
}
