package org.pretrain4j.core.classifier;

import ai.djl.nn.Block;
import java.util.List;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.core.build.ComponentChain;

/**
 * A classifier's {@code neck} given as a list, e.g. {@code [GlobalAveragePooling, ClsBatchNormNeck]} for a linear
 * probe of a convolutional backbone: necks in sequence are one neck, under keys {@code neck.0.*}, {@code neck.1.*}.
 */
final class NeckChain extends ComponentChain implements Neck {
    /**
     * Chains necks.
     *
     * @param necks at least one neck
     */
    NeckChain(List<? extends Block> necks) {
        super(necks);
    }
}
