package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code BEiTMaskGenerator}.
 *
 * @param height rows of patches
 * @param width columns of patches
 * @param numMaskingPatches patches to mask per image
 * @param minNumPatches the smallest block area tried
 * @param maxNumPatches the largest block area tried
 * @param minAspect the smallest block aspect ratio (height / width)
 * @param maxAspect the largest block aspect ratio
 */
public record BEiTMaskGeneratorConfig(int height, int width, int numMaskingPatches, int minNumPatches,
        int maxNumPatches, double minAspect, double maxAspect) {}
