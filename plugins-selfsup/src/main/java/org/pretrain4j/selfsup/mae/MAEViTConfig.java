package org.pretrain4j.selfsup.mae;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.backbones.vit.VisionTransformerConfig;

/**
 * Typed config of {@link MAEViT}: a ViT config (always with a class token) and the share of patches masked.
 *
 * @param vit the encoder's ViT settings
 * @param maskRatio the share of patch tokens removed before the encoder, in {@code [0, 1)}
 */
public record MAEViTConfig(VisionTransformerConfig vit, double maskRatio) {
    /**
     * Checks the config.
     *
     * @param vit the ViT settings
     * @param maskRatio the mask ratio
     * @throws IllegalArgumentException if the ViT has no class token or the ratio is outside {@code [0, 1)}
     */
    public MAEViTConfig {
        requireNonNull(vit, "vit is null");
        if (!vit.withClsToken()) {
            throw new IllegalArgumentException("MAEViT always has a class token");
        }
        if (!(maskRatio >= 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("mask_ratio must be in [0, 1), got " + maskRatio);
        }
    }
}
