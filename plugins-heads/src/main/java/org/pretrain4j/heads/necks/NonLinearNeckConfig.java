package org.pretrain4j.heads.necks;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.backbones.layers.BatchNormCfg;

/**
 * Typed config of {@link NonLinearNeck}.
 *
 * @param inChannels features per sample after pooling and flattening
 * @param hidChannels width of the hidden layers
 * @param outChannels width of the last layer
 * @param numLayers number of Linear layers, at least 1
 * @param withBias hidden Linear layers ({@code fc0} .. {@code fc(n-2)}) have a bias
 * @param withLastBn the last Linear layer is followed by a batch norm
 * @param withLastBnAffine that last batch norm learns a scale and shift
 * @param withLastBias the last Linear layer has a bias
 * @param withAvgPool average the spatial axes of an {@code (N, C, H, W)} input first
 * @param normCfg the batch norms
 */
public record NonLinearNeckConfig(
        int inChannels,
        int hidChannels,
        int outChannels,
        int numLayers,
        boolean withBias,
        boolean withLastBn,
        boolean withLastBnAffine,
        boolean withLastBias,
        boolean withAvgPool,
        BatchNormCfg normCfg) {
    /**
     * Checks the config.
     *
     * @param inChannels the input width
     * @param hidChannels the hidden width
     * @param outChannels the output width
     * @param numLayers the number of Linear layers
     * @param withBias whether hidden layers have a bias
     * @param withLastBn whether the last layer has a batch norm
     * @param withLastBnAffine whether that batch norm is affine
     * @param withLastBias whether the last layer has a bias
     * @param withAvgPool whether to pool first
     * @param normCfg the batch norms
     * @throws IllegalArgumentException if a width or the layer count is not positive
     */
    public NonLinearNeckConfig {
        if (inChannels < 1 || hidChannels < 1 || outChannels < 1 || numLayers < 1) {
            throw new IllegalArgumentException("channels and num_layers must be positive, got " + inChannels + ", "
                    + hidChannels + ", " + outChannels + ", " + numLayers);
        }
        requireNonNull(normCfg, "normCfg is null");
    }
}
