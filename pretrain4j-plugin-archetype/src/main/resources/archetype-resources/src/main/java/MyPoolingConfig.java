package ${package};

/**
 * Typed config of {@link MyPooling}. A record keeps parsing ({@link MyPoolingFactory#parseConfig}) apart from
 * building, so Java code can create the neck without HOCON: {@code new MyPooling(new MyPoolingConfig(3, 1e-6, true))}.
 *
 * @param p the initial exponent of the generalized mean: 1 is average pooling, larger values approach max pooling
 * @param eps the lower bound applied to activations before the power when {@code clamp} is set
 * @param clamp whether to clamp activations to at least {@code eps}, which keeps {@code x^p} defined for negative
 *     inputs and the gradient of {@code p} finite
 */
public record MyPoolingConfig(double p, double eps, boolean clamp) {
    /**
     * Checks the config, so that an invalid neck cannot be built from Java either.
     *
     * @param p at least 1
     * @param eps positive
     * @param clamp whether to clamp
     * @throws IllegalArgumentException for a value out of range
     */
    public MyPoolingConfig {
        if (!(p >= 1)) {
            throw new IllegalArgumentException("p must be at least 1, got " + p);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
    }

    /**
     * The defaults, as mmpretrain's {@code GeneralizedMeanPooling}: {@code p = 3}, {@code eps = 1e-6}, clamped.
     *
     * @return the default config
     */
    public static MyPoolingConfig defaults() {
        return new MyPoolingConfig(3.0, 1e-6, true);
    }
}
