package org.pretrain4j.losses;

/**
 * Typed config of {@link CrossCorrelationLoss}, mirroring mmpretrain's constructor argument.
 *
 * @param lambd the weight of the off-diagonal (redundancy reduction) term, at least 0
 */
public record CrossCorrelationLossConfig(double lambd) {
    /**
     * Checks the config.
     *
     * @param lambd the off-diagonal weight
     * @throws IllegalArgumentException if {@code lambd} is negative
     */
    public CrossCorrelationLossConfig {
        CommonParams.requireNonNegative("lambd", lambd);
    }

    /**
     * mmpretrain's default, Barlow Twins' {@code λ = 0.0051}.
     *
     * @return the default config
     */
    public static CrossCorrelationLossConfig defaults() {
        return new CrossCorrelationLossConfig(0.0051);
    }
}
