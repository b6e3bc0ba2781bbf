package org.pretrain4j.data.transforms;

/**
 * Typed config of {@code SimMIMMaskGenerator}.
 *
 * @param inputSize the image side in pixels
 * @param maskPatchSize the side of a masked square in pixels
 * @param modelPatchSize the side of the model's patch (token) in pixels
 * @param maskRatio the fraction of squares masked, rounded up
 */
public record SimMIMMaskGeneratorConfig(int inputSize, int maskPatchSize, int modelPatchSize, double maskRatio) {}
