package org.pretrain4j.selfsup.beit;

import static java.util.Objects.requireNonNull;

import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;

/**
 * Typed config of {@link BEiTV2Neck}, with mmpretrain's keys.
 *
 * @param numLayers the patch-aggregation layers
 * @param earlyLayers the backbone layer index the early tokens come from (for the stochastic-depth schedule)
 * @param arch the backbone's sizes ({@code numLayers} of it is mmpretrain's {@code depth})
 * @param dropRate dropout after the attention projections and in the FFNs
 * @param dropPathRate the stochastic-depth rate of the schedule's last layer
 * @param layerScaleInitValue the layers' LayerScale start value; 0 for none
 */
public record BEiTV2NeckConfig(int numLayers, int earlyLayers, Arch arch, double dropRate, double dropPathRate,
        double layerScaleInitValue) {
    /**
     * Checks the values.
     *
     * @param numLayers at least 1
     * @param earlyLayers at least 0
     * @param arch the sizes
     * @param dropRate in {@code [0, 1)}
     * @param dropPathRate in {@code [0, 1)}
     * @param layerScaleInitValue at least 0
     * @throws IllegalArgumentException for a value out of range
     */
    public BEiTV2NeckConfig {
        requireNonNull(arch, "arch is null");
        if (numLayers < 1 || earlyLayers < 0) {
            throw new IllegalArgumentException("num_layers must be >= 1 and early_layers >= 0, got " + numLayers
                    + " and " + earlyLayers);
        }
        if (!(dropRate >= 0 && dropRate < 1 && dropPathRate >= 0 && dropPathRate < 1 && layerScaleInitValue >= 0)) {
            throw new IllegalArgumentException("rates must be in [0, 1) and layer_scale_init_value >= 0");
        }
    }
}
