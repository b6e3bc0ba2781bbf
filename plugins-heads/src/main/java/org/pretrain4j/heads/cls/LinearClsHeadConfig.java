package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

/**
 * Typed config of {@link LinearClsHead}.
 *
 * @param numClasses the number of classes, the {@code fc} layer's output size
 * @param inChannels the feature size the {@code fc} layer expects
 * @param head the keys shared with {@link ClsHead}
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
}
