package org.pretrain4j.data.transforms;

import java.util.List;

/**
 * Typed config of {@code PackInputs}; the keys are kept only so mmpretrain pipelines port unchanged.
 *
 * @param algorithmKeys mmpretrain's {@code algorithm_keys}
 * @param metaKeys mmpretrain's {@code meta_keys}
 */
public record PackInputsConfig(List<String> algorithmKeys, List<String> metaKeys) {
    /**
     * Copies the lists.
     *
     * @param algorithmKeys the algorithm keys
     * @param metaKeys the meta keys
     */
    public PackInputsConfig {
        algorithmKeys = List.copyOf(algorithmKeys);
        metaKeys = List.copyOf(metaKeys);
    }
}
