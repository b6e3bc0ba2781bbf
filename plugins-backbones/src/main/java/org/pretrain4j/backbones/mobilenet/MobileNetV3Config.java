package org.pretrain4j.backbones.mobilenet;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The typed config of {@code MobileNetV3}, with mmpretrain's keys and meanings.
 *
 * @param arch the architecture
 * @param outIndices the returned layers: 0 is the stem {@code layer0}, then one per inverted residual, and the last
 *     is the final 1x1 convolution
 * @param frozenStages freeze {@code layer0..layerN} (parameters and batch-norm statistics); -1 freezes nothing
 * @param normEval run every batch norm in inference mode, keeping running statistics fixed while the affine
 *     parameters still train
 */
public record MobileNetV3Config(MobileNetV3.Arch arch, List<Integer> outIndices, int frozenStages, boolean normEval) {
    /**
     * Copies the list and checks for nulls.
     *
     * @param arch the architecture
     * @param outIndices the returned layers
     * @param frozenStages the frozen stages
     * @param normEval whether batch norms stay in inference mode
     */
    public MobileNetV3Config {
        requireNonNull(arch, "arch is null");
        outIndices = List.copyOf(outIndices);
    }
}
