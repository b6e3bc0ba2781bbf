package org.pretrain4j.backbones.mobilenet;

import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/** The {@code out_indices} check both MobileNet factories share (mmpretrain raises a ValueError for each). */
final class LayerIndices {
    private LayerIndices() {}

    /**
     * Reads {@code out_indices}: a non-empty list of layer indices in {@code [0, layers)}.
     *
     * @param config the config
     * @param defaultValue the value when absent
     * @param layers how many layers can be returned
     * @return the indices
     */
    static List<Integer> read(ConfigView config, List<Integer> defaultValue, int layers) {
        List<Integer> indices = config.getIntList("out_indices", defaultValue);
        if (indices.isEmpty()) {
            throw config.error("out_indices", "expected at least one layer index");
        }
        for (int index : indices) {
            if (index < 0 || index >= layers) {
                throw config.error("out_indices", "expected layer indices in [0, " + (layers - 1) + "], got "
                        + index);
            }
        }
        return indices;
    }
}
