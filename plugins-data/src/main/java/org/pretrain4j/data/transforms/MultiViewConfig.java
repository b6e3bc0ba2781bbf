package org.pretrain4j.data.transforms;

import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@code MultiView}: group {@code g} makes {@code numViews.get(g)} views with the pipeline
 * {@code transforms.get(g)}, whose transforms are built through the build context.
 *
 * @param numViews views per group, each at least 1
 * @param transforms one pipeline (a list of transform configs) per group
 */
public record MultiViewConfig(List<Integer> numViews, List<List<ConfigView>> transforms) {
    /**
     * Copies the lists; {@link MultiView} checks them.
     *
     * @param numViews views per group
     * @param transforms the pipelines
     */
    public MultiViewConfig {
        numViews = List.copyOf(numViews);
        transforms = transforms.stream().map(List::copyOf).toList();
    }
}
