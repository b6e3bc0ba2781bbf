package org.pretrain4j.data.transforms;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.data.transforms.ImageOps.Border;

/**
 * Typed config of {@code RandomCrop}.
 *
 * @param cropHeight crop rows
 * @param cropWidth crop columns
 * @param padding {@code left, top, right, bottom} padding applied first, or null
 * @param padIfNeeded pad images smaller than the crop (half on each side, rounded up)
 * @param padValue constant fill, one value or one per channel
 * @param paddingMode border mode of the {@code pad_if_needed} padding
 */
public record RandomCropConfig(int cropHeight, int cropWidth, int[] padding, boolean padIfNeeded, int[] padValue,
        Border paddingMode) {
    /**
     * Checks the config.
     *
     * @param cropHeight rows
     * @param cropWidth columns
     * @param padding padding or null
     * @param padIfNeeded whether to pad small images
     * @param padValue fill values
     * @param paddingMode border mode
     */
    public RandomCropConfig {
        if (cropHeight <= 0 || cropWidth <= 0) {
            throw new IllegalArgumentException("crop size must be positive");
        }
        if (padding != null && padding.length != 4) {
            throw new IllegalArgumentException("padding needs left, top, right, bottom");
        }
        requireNonNull(padValue, "padValue is null");
        requireNonNull(paddingMode, "paddingMode is null");
    }
}
