package org.pretrain4j.data.transforms;

import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@code RandomApply}.
 *
 * @param transforms the wrapped transforms' configs, built through the build context
 * @param prob the probability of applying them
 */
public record RandomApplyConfig(List<ConfigView> transforms, double prob) {
    /**
     * Copies the list.
     *
     * @param transforms the transform configs
     * @param prob the probability
     */
    public RandomApplyConfig {
        transforms = List.copyOf(transforms);
    }
}
