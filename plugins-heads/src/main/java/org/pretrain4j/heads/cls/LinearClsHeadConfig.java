package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * Typed config of {@link LinearClsHead} and {@link MultiLabelLinearClsHead}.
 *
 * @param numClasses the number of classes, the {@code fc} layer's output size
 * @param inChannels the feature size the {@code fc} layer expects
 * @param head the keys shared with {@link ClsHead} (or {@link MultiLabelClsHead})
 */
public record LinearClsHeadConfig(int numClasses, int inChannels, ClsHeadConfig head) {
    /**
     * Checks the values.
     *
     * @param numClasses positive
     * @param inChannels positive
     * @param head the shared keys
     * @throws IllegalArgumentException if a size is not positive
     */
    public LinearClsHeadConfig {
        requireNonNull(head, "head is null");
        if (numClasses <= 0 || inChannels <= 0) {
            throw new IllegalArgumentException(
                    "num_classes and in_channels must be positive, got " + numClasses + " and " + inChannels);
        }
    }

    /**
     * Documents {@code num_classes} and {@code in_channels} ahead of the shared keys.
     *
     * @param shared the shared keys' documentation
     * @return all keys' documentation
     */
    static List<ParamDoc> parameters(List<ParamDoc> shared) {
        List<ParamDoc> docs = new ArrayList<>();
        docs.add(ParamDoc.required("num_classes", "int", "number of classes (fc output size)"));
        docs.add(ParamDoc.required("in_channels", "int", "feature size of the last input (fc input size)"));
        docs.addAll(shared);
        return List.copyOf(docs);
    }

    /**
     * Reads {@code num_classes} and {@code in_channels}, then the shared keys.
     *
     * @param config the head's config object
     * @param multiLabel whether the shared keys are the multi-label ones
     * @return the typed values
     */
    static LinearClsHeadConfig parse(ConfigView config, boolean multiLabel) {
        int numClasses = ClsHeadConfig.positive(config, "num_classes");
        int inChannels = ClsHeadConfig.positive(config, "in_channels");
        return new LinearClsHeadConfig(numClasses, inChannels,
                multiLabel ? ClsHeadConfig.parseMultiLabel(config) : ClsHeadConfig.parse(config));
    }
}
