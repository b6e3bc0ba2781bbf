package org.pretrain4j.heads.necks;

import org.pretrain4j.backbones.layers.ActivationCfg;
import org.pretrain4j.backbones.layers.BatchNormCfg;

/**
 * Typed config of {@link LinearNeck}.
 *
 * @param inChannels features per sample after pooling and flattening
 * @param outChannels output features
 * @param gapDim trailing spatial axes averaged first: 0 (none), 1, 2 or 3
 * @param normCfg the batch norm after {@code fc}, or null for none
 * @param actCfg the activation at the end, or null for none
 */
public record LinearNeckConfig(int inChannels, int outChannels, int gapDim, BatchNormCfg normCfg,
        ActivationCfg actCfg) {
    /**
     * Checks the config.
     *
     * @param inChannels the input width
     * @param outChannels the output width
     * @param gapDim the pooled axes
     * @param normCfg the norm or null
     * @param actCfg the activation or null
     * @throws IllegalArgumentException if a width is not positive or gapDim is not 0 to 3
     */
    public LinearNeckConfig {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("in_channels and out_channels must be positive, got " + inChannels
                    + " and " + outChannels);
        }
        if (gapDim < 0 || gapDim > 3) {
            throw new IllegalArgumentException("gap_dim must be 0, 1, 2 or 3, got " + gapDim);
        }
    }
}
