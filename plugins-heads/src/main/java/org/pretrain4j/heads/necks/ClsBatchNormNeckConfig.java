package org.pretrain4j.heads.necks;

/**
 * Typed config of {@link ClsBatchNormNeck}.
 *
 * @param inputFeatures the feature width {@code C} of each {@code (N, C)} input
 * @param affine learn a scale and shift (mmpretrain's default is false)
 * @param eps added to the variance
 */
public record ClsBatchNormNeckConfig(int inputFeatures, boolean affine, double eps) {
    /**
     * Checks the config.
     *
     * @param inputFeatures the feature width
     * @param affine whether the norm is affine
     * @param eps the epsilon
     * @throws IllegalArgumentException if the width or eps is not positive
     */
    public ClsBatchNormNeckConfig {
        if (inputFeatures < 1) {
            throw new IllegalArgumentException("input_features must be positive, got " + inputFeatures);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
    }
}
