package org.pretrain4j.core.augment;

/**
 * Typed config of {@link Mixup}.
 *
 * @param alpha both shapes of the Beta distribution the mixing ratio is drawn from; positive
 */
public record MixupConfig(double alpha) {
    /**
     * Checks the config.
     *
     * @param alpha the Beta shape
     */
    public MixupConfig {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a positive number, got " + alpha);
        }
    }
}
