package org.pretrain4j.heads.pooling;

/**
 * Typed config of {@link GeneralizedMeanPooling}.
 *
 * @param p the initial exponent, at least 1 (1 is average pooling; large values approach max pooling)
 * @param eps the floor applied before the power when {@code clamp} is set
 * @param clamp clamp inputs to at least {@code eps}, so that fractional powers stay real
 * @param pTrainable learn {@code p} by gradient descent
 */
public record GeneralizedMeanPoolingConfig(double p, double eps, boolean clamp, boolean pTrainable) {
    /**
     * Checks the config.
     *
     * @param p the exponent
     * @param eps the floor
     * @param clamp whether to clamp
     * @param pTrainable whether p trains
     * @throws IllegalArgumentException if p is below 1 or eps is negative
     */
    public GeneralizedMeanPoolingConfig {
        if (!(p >= 1)) {
            throw new IllegalArgumentException("p must be at least 1, got " + p);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be non-negative, got " + eps);
        }
    }

    /**
     * mmpretrain's defaults: p 3, eps 1e-6, clamped, p trainable.
     *
     * @return the default config
     */
    public static GeneralizedMeanPoolingConfig defaults() {
        return new GeneralizedMeanPoolingConfig(3.0, 1e-6, true, true);
    }
}
