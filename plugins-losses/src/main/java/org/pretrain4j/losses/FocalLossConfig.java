package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link FocalLoss}, mirroring mmpretrain's constructor arguments.
 *
 * @param gamma the focusing exponent of {@code pt^γ}, at least 0
 * @param alpha the weight of positive targets (negatives get {@code 1 - α}), in {@code [0, 1]}
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 */
public record FocalLossConfig(double gamma, double alpha, Reduction reduction, double lossWeight) {
    /**
     * Checks the config.
     *
     * @param gamma the focusing exponent
     * @param alpha the positive weight
     * @param reduction the reduction
     * @param lossWeight the loss factor
     * @throws IllegalArgumentException if {@code gamma} is negative or {@code alpha} lies outside {@code [0, 1]}
     */
    public FocalLossConfig {
        requireNonNull(reduction, "reduction is null");
        CommonParams.requireNonNegative("gamma", gamma);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must lie in [0, 1], got " + alpha);
        }
    }

    /**
     * mmpretrain's defaults: {@code γ = 2}, {@code α = 0.25}, mean reduction, weight 1.
     *
     * @return the default config
     */
    public static FocalLossConfig defaults() {
        return new FocalLossConfig(2.0, 0.25, Reduction.MEAN, 1.0);
    }
}
