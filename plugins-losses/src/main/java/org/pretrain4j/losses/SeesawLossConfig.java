package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link SeesawLoss}, mirroring mmpretrain's constructor arguments ({@code use_sigmoid} can only be
 * false there, so it is not kept).
 *
 * @param p exponent of the mitigation factor, at least 0 (0 turns mitigation off)
 * @param q exponent of the compensation factor, at least 0 (0 turns compensation off)
 * @param numClasses the number of classes, the length of the {@code cum_samples} buffer
 * @param eps smallest divisor of the compensation factor, positive
 * @param reduction how the loss is reduced
 * @param lossWeight factor applied to the reduced loss
 */
public record SeesawLossConfig(double p, double q, int numClasses, double eps, Reduction reduction, double lossWeight) {
    /**
     * Checks the config.
     *
     * @param p mitigation exponent
     * @param q compensation exponent
     * @param numClasses the number of classes
     * @param eps the divisor floor
     * @param reduction the reduction
     * @param lossWeight the loss factor
     * @throws IllegalArgumentException for a negative exponent, fewer than one class or a non-positive eps
     */
    public SeesawLossConfig {
        requireNonNull(reduction, "reduction is null");
        CommonParams.requireNonNegative("p", p);
        CommonParams.requireNonNegative("q", q);
        if (numClasses < 1) {
            throw new IllegalArgumentException("num_classes must be positive, got " + numClasses);
        }
        CommonParams.requirePositive("eps", eps);
    }

    /**
     * mmpretrain's defaults for a number of classes: {@code p = 0.8}, {@code q = 2}, eps 0.01, mean, weight 1.
     *
     * @param numClasses the number of classes (mmpretrain's default is 1000, ImageNet's)
     * @return the config
     */
    public static SeesawLossConfig of(int numClasses) {
        return new SeesawLossConfig(0.8, 2.0, numClasses, 1e-2, Reduction.MEAN, 1.0);
    }
}
