package org.pretrain4j.data.transforms;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/**
 * Typed config of {@code RandomResizedCrop}.
 *
 * @param height output rows
 * @param width output columns
 * @param cropRatioRange {@code [min, max]} crop area as a fraction of the image area
 * @param aspectRatioRange {@code [min, max]} crop width / height
 * @param maxAttempts samples tried before falling back to a centre crop
 * @param interpolation the resize kernel
 * @param backend {@code cv2} or {@code pillow}, accepted for portability
 */
public record RandomResizedCropConfig(int height, int width, double[] cropRatioRange, double[] aspectRatioRange,
        int maxAttempts, Interpolation interpolation, String backend) {
    /**
     * Checks the config.
     *
     * @param height rows
     * @param width columns
     * @param cropRatioRange area range
     * @param aspectRatioRange aspect range
     * @param maxAttempts attempts
     * @param interpolation kernel
     * @param backend backend
     */
    public RandomResizedCropConfig {
        requireNonNull(interpolation, "interpolation is null");
        if (cropRatioRange.length != 2 || aspectRatioRange.length != 2 || maxAttempts < 0 || aspectRatioRange[0] <= 0) {
            throw new IllegalArgumentException("invalid RandomResizedCrop ranges or attempts");
        }
    }
}
