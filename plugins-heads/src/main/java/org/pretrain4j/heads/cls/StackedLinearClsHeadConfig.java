package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.pretrain4j.backbones.layers.Act;
import org.pretrain4j.backbones.layers.BatchNormCfg;

/**
 * Typed config of {@link StackedLinearClsHead}.
 *
 * @param numClasses the number of classes, the last layer's output size
 * @param inChannels the feature size the first layer expects
 * @param midChannels the output sizes of the hidden layers, at least one
 * @param dropoutRate the dropout probability after each hidden layer, in [0, 1)
 * @param norm the normalisation after each hidden {@code fc}, or null
 * @param act the activation after each hidden layer's normalisation ({@link Act#NONE} for none)
 * @param head the keys shared with {@link ClsHead}
 */
public record StackedLinearClsHeadConfig(int numClasses, int inChannels, List<Integer> midChannels, double dropoutRate,
        BatchNormCfg norm, Act act, ClsHeadConfig head) {
    /**
     * Checks the values and copies the list.
     *
     * @param numClasses positive
     * @param inChannels positive
     * @param midChannels positive sizes, at least one
     * @param dropoutRate in [0, 1)
     * @param norm the normalisation or null
     * @param act the activation
     * @param head the shared keys
     * @throws IllegalArgumentException for a value out of range
     */
    public StackedLinearClsHeadConfig {
        requireNonNull(head, "head is null");
        requireNonNull(act, "act is null");
        midChannels = List.copyOf(requireNonNull(midChannels, "midChannels is null"));
        if (numClasses <= 0 || inChannels <= 0) {
            throw new IllegalArgumentException(
                    "num_classes and in_channels must be positive, got " + numClasses + " and " + inChannels);
        }
        if (midChannels.isEmpty() || midChannels.stream().anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("mid_channels must hold at least one positive size, got "
                    + midChannels);
        }
        if (!(dropoutRate >= 0 && dropoutRate < 1)) {
            throw new IllegalArgumentException("dropout_rate must be in [0, 1), got " + dropoutRate);
        }
    }
}
