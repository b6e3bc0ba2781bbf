package org.pretrain4j.backbones.mobilenet;

import java.util.List;

/**
 * The typed config of {@code MobileNetV2}, with mmpretrain's keys and meanings.
 *
 * @param widenFactor the width multiplier of every layer's channels (rounded to multiples of 8)
 * @param outIndices the returned layers: 0..6 are {@code layer1..layer7}, 7 is the final 1x1 {@code conv2}
 * @param frozenStages freeze the stem's parameters ({@code >= 0}) and {@code layer1..layerN} (parameters and batch-norm
 *     statistics); -1 freezes nothing
 * @param normEval run every batch norm in inference mode, keeping running statistics fixed while the affine
 *     parameters still train
 */
public record MobileNetV2Config(double widenFactor, List<Integer> outIndices, int frozenStages, boolean normEval) {
    /**
     * Copies the list.
     *
     * @param widenFactor the width multiplier
     * @param outIndices the returned layers
     * @param frozenStages the frozen stages
     * @param normEval whether batch norms stay in inference mode
     */
    public MobileNetV2Config {
        outIndices = List.copyOf(outIndices);
    }
}
