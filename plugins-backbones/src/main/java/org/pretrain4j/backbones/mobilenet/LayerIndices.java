package org.pretrain4j.backbones.mobilenet;

import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * The layer-index keys both MobileNet factories share: the {@code out_indices} and {@code frozen_stages} checks
 * (mmpretrain raises a ValueError for each) and the {@code norm_eval} documentation.
 */
final class LayerIndices {
    /** Documentation of {@code norm_eval}, read with {@link #normEval}. */
    static final ParamDoc NORM_EVAL = ParamDoc.optional("norm_eval", "boolean", "false",
            "Run every batch norm in eval mode: running statistics stay fixed; gamma and beta train.");

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

    /**
     * Reads {@code frozen_stages}: -1 (nothing frozen) or a layer index in {@code [0, layers)}.
     *
     * @param config the config
     * @param layers how many layers there are
     * @return the value
     */
    static int frozenStages(ConfigView config, int layers) {
        return config.checkRange("frozen_stages", config.getInt("frozen_stages", -1), -1, layers - 1);
    }

    /**
     * Reads {@code norm_eval}, documented by {@link #NORM_EVAL}.
     *
     * @param config the config
     * @return the flag
     */
    static boolean normEval(ConfigView config) {
        return config.getBoolean("norm_eval", false);
    }
}
