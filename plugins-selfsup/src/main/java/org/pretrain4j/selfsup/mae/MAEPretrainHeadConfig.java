package org.pretrain4j.selfsup.mae;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@link MAEPretrainHead}, with mmpretrain's keys.
 *
 * @param loss the loss's config, built through the context
 * @param normPix whether each target patch is normalised by its own mean and (unbiased) variance
 * @param patchSize the patch side in pixels
 * @param inChannels the image channels
 */
public record MAEPretrainHeadConfig(ConfigView loss, boolean normPix, int patchSize, int inChannels) {
    /**
     * Checks the config.
     *
     * @param loss the loss config
     * @param normPix whether to normalise patches
     * @param patchSize the patch side
     * @param inChannels the channels
     * @throws IllegalArgumentException if a size is not positive, or a normalised patch has a single value
     */
    public MAEPretrainHeadConfig {
        requireNonNull(loss, "loss is null");
        if (patchSize < 1 || inChannels < 1) {
            throw new IllegalArgumentException("patch_size and in_channels must be positive, got " + patchSize + " and "
                    + inChannels);
        }
        if (normPix && patchSize * patchSize * inChannels < 2) {
            throw new IllegalArgumentException("norm_pix needs patches of at least 2 values for their variance");
        }
    }
}
