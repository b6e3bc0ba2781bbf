package org.pretrain4j.data.transforms;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/**
 * Typed config of {@code RandomResizedCropAndInterpolationWithTwoPic}.
 *
 * @param height the first picture's rows
 * @param width the first picture's columns
 * @param secondHeight the second picture's rows, or 0 for no second picture
 * @param secondWidth the second picture's columns, or 0 for no second picture
 * @param scale {@code [min, max]} crop area as a fraction of the image area
 * @param ratio {@code [min, max]} crop width / height
 * @param interpolations the first picture's kernel, or two kernels ({@code random}: one picked per sample)
 * @param secondInterpolation the second picture's kernel
 */
public record RandomResizedCropAndInterpolationWithTwoPicConfig(int height, int width, int secondHeight,
        int secondWidth, double[] scale, double[] ratio, List<Interpolation> interpolations,
        Interpolation secondInterpolation) {
    /**
     * Checks the config.
     *
     * @param height rows
     * @param width columns
     * @param secondHeight second rows or 0
     * @param secondWidth second columns or 0
     * @param scale area range
     * @param ratio aspect range
     * @param interpolations one or two kernels
     * @param secondInterpolation second kernel
     */
    public RandomResizedCropAndInterpolationWithTwoPicConfig {
        interpolations = List.copyOf(interpolations);
        requireNonNull(secondInterpolation, "secondInterpolation is null");
        if (height <= 0 || width <= 0 || secondHeight < 0 || secondWidth < 0 || (secondHeight == 0) != (secondWidth == 0)
                || scale.length != 2 || ratio.length != 2 || scale[0] <= 0 || ratio[0] <= 0 || interpolations.isEmpty()) {
            throw new IllegalArgumentException("invalid RandomResizedCropAndInterpolationWithTwoPic sizes, ranges or "
                    + "kernels");
        }
    }

    /**
     * Tells whether a second picture is made.
     *
     * @return true when {@code second_size} was given
     */
    public boolean hasSecond() {
        return secondHeight > 0;
    }
}
