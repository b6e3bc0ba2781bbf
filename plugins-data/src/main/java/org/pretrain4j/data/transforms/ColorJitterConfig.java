package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code ColorJitter}: each range is {@code [min, max]} of the factor drawn, or null when that
 * adjustment is off.
 *
 * @param brightness brightness factor range, or null
 * @param contrast contrast factor range, or null
 * @param saturation saturation factor range, or null
 * @param hue hue shift range (fraction of a turn, within [-0.5, 0.5]), or null
 * @param backend {@code pillow} or {@code cv2}, accepted for portability
 */
public record ColorJitterConfig(double[] brightness, double[] contrast, double[] saturation, double[] hue,
        String backend) {}
