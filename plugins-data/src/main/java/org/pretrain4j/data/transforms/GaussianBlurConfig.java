package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code GaussianBlur}: either a fixed {@code radius} or a {@code magnitudeRange} the radius is drawn
 * from, as mmpretrain's {@code BaseAugTransform} draws magnitudes.
 *
 * @param radius the fixed blur radius (the Gaussian's standard deviation, in pixels), or null to draw it
 * @param prob the probability of blurring
 * @param magnitudeLevel the magnitude level, out of {@code totalLevel}
 * @param magnitudeRange the radius at level 0 and at {@code totalLevel}, or null with a fixed radius
 * @param magnitudeStd the level's noise: {@code +Infinity} for mmpretrain's {@code 'inf'} (uniform in
 *     {@code [0, level]}), a positive number for a clipped normal, 0 for none
 * @param totalLevel the level mapped to the end of the range
 */
public record GaussianBlurConfig(Double radius, double prob, double magnitudeLevel, double[] magnitudeRange,
        double magnitudeStd, double totalLevel) {}
