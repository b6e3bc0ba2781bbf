package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Typed config of {@link CrossEntropyLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param useSigmoid binary cross-entropy with logits per class instead of softmax cross-entropy
 * @param useSoft softmax cross-entropy against dense (soft) targets; exclusive with {@code useSigmoid}
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 * @param classWeight one weight per class, or null
 * @param posWeight weight of positive targets per class (or a single one), or null; sigmoid only
 */
public record CrossEntropyLossConfig(
        boolean useSigmoid,
        boolean useSoft,
        Reduction reduction,
        double lossWeight,
        List<Double> classWeight,
        List<Double> posWeight) {
    /**
     * Checks the config and copies the lists.
     *
     * @param useSigmoid binary cross-entropy with logits
     * @param useSoft soft-target softmax cross-entropy
     * @param reduction the reduction
     * @param lossWeight the loss factor
     * @param classWeight per-class weights, or null
     * @param posWeight positive weights, or null
     * @throws IllegalArgumentException if {@code useSigmoid} and {@code useSoft} are both set, or {@code posWeight}
     *     is given without {@code useSigmoid}
     */
    public CrossEntropyLossConfig {
        requireNonNull(reduction, "reduction is null");
        if (useSigmoid && useSoft) {
            throw new IllegalArgumentException("use_sigmoid and use_soft are mutually exclusive");
        }
        if (posWeight != null && !useSigmoid) {
            throw new IllegalArgumentException("pos_weight only applies when use_sigmoid = true");
        }
        classWeight = classWeight == null ? null : List.copyOf(classWeight);
        posWeight = posWeight == null ? null : List.copyOf(posWeight);
    }

    /**
     * The defaults: softmax cross-entropy, mean reduction, weight 1.
     *
     * @return the default config
     */
    public static CrossEntropyLossConfig defaults() {
        return new CrossEntropyLossConfig(false, false, Reduction.MEAN, 1.0, null, null);
    }
}
