package org.pretrain4j.heads.necks;

/**
 * Typed config of {@link MoCoV2Neck}.
 *
 * @param inChannels features per sample after pooling and flattening
 * @param hidChannels width of the hidden layer
 * @param outChannels width of the output (MoCo's {@code feat_dim})
 * @param withAvgPool average the spatial axes of an {@code (N, C, H, W)} input first
 */
public record MoCoV2NeckConfig(int inChannels, int hidChannels, int outChannels, boolean withAvgPool) {
    /**
     * Checks the config.
     *
     * @param inChannels the input width
     * @param hidChannels the hidden width
     * @param outChannels the output width
     * @param withAvgPool whether to pool first
     * @throws IllegalArgumentException if a width is not positive
     */
    public MoCoV2NeckConfig {
        if (inChannels < 1 || hidChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("channels must be positive, got " + inChannels + ", " + hidChannels
                    + ", " + outChannels);
        }
    }
}
