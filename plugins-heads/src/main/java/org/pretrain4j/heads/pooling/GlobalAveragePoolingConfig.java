package org.pretrain4j.heads.pooling;

/**
 * Typed config of {@link GlobalAveragePooling}.
 *
 * @param dim the number of spatial dimensions averaged: 1 for {@code (N, C, L)}, 2 for {@code (N, C, H, W)}, 3 for
 *     {@code (N, C, D, H, W)}
 */
public record GlobalAveragePoolingConfig(int dim) {
    /**
     * Checks the config.
     *
     * @param dim 1, 2 or 3
     * @throws IllegalArgumentException for any other value
     */
    public GlobalAveragePoolingConfig {
        if (dim < 1 || dim > 3) {
            throw new IllegalArgumentException("dim must be 1, 2 or 3, got " + dim);
        }
    }

    /**
     * The default: 2-D pooling of image feature maps.
     *
     * @return the default config
     */
    public static GlobalAveragePoolingConfig defaults() {
        return new GlobalAveragePoolingConfig(2);
    }
}
