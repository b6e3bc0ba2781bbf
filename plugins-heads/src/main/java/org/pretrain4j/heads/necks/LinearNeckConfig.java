package org.pretrain4j.heads.necks;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;

/**
 * Typed config of {@link LinearNeck}.
 *
 * @param inChannels features per sample after pooling and flattening
 * @param outChannels output features
 * @param gapDim trailing spatial axes averaged first: 0 (none), 1, 2 or 3
 * @param normCfg the batch norm after {@code fc}, or null for none
 * @param actCfg the activation at the end ({@link Act#NONE} for none)
 */
public record LinearNeckConfig(int inChannels, int outChannels, int gapDim, BatchNormCfg normCfg,
        Act actCfg) {
    /**
     * Checks the config.
     *
     * @param inChannels the input width
     * @param outChannels the output width
     * @param gapDim the pooled axes
     * @param normCfg the norm or null
     * @param actCfg the activation
     * @throws IllegalArgumentException if a width is not positive or gapDim is not 0 to 3
     */
    public LinearNeckConfig {
        requireNonNull(actCfg, "actCfg is null");
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("in_channels and out_channels must be positive, got " + inChannels
                    + " and " + outChannels);
        }
        if (gapDim < 0 || gapDim > 3) {
            throw new IllegalArgumentException("gap_dim must be 0, 1, 2 or 3, got " + gapDim);
        }
    }
}
