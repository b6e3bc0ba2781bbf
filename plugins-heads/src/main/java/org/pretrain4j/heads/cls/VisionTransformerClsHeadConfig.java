package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Typed config of {@link VisionTransformerClsHead}.
 *
 * @param numClasses the number of classes, the {@code layers.head} output size
 * @param inChannels the feature size, e.g. the ViT's {@code embed_dims}
 * @param hiddenDim the size of the optional {@code layers.pre_logits} Linear (followed by Tanh); empty for none
 * @param head the keys shared with {@link ClsHead}
 */
public record VisionTransformerClsHeadConfig(
        int numClasses, int inChannels, OptionalInt hiddenDim, ClsHeadConfig head) {
    /**
     * Checks the values.
     *
     * @param numClasses positive
     * @param inChannels positive
     * @param hiddenDim positive when present
     * @param head the shared keys
     * @throws IllegalArgumentException if a size is not positive
     */
    public VisionTransformerClsHeadConfig {
        requireNonNull(hiddenDim, "hiddenDim is null");
        requireNonNull(head, "head is null");
        if (numClasses <= 0 || inChannels <= 0 || hiddenDim.orElse(1) <= 0) {
            throw new IllegalArgumentException("num_classes, in_channels and hidden_dim must be positive, got "
                    + numClasses + ", " + inChannels + ", " + hiddenDim);
        }
    }
}
