package org.pretrain4j.api.train;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Parameter;

/**
 * A trainable parameter as an optimizer sees it, after mmpretrain's {@code paramwise_cfg} was applied.
 *
 * @param name the checkpoint name, e.g. {@code backbone.layer1.0.conv1.weight}; optimizer state is keyed by it
 * @param parameter the DJL parameter, updated in place
 * @param lrMult multiplier of the scheduled learning rate
 * @param decayMult multiplier of the optimizer's weight decay
 */
public record OptimParam(String name, Parameter parameter, double lrMult, double decayMult) {
    /**
     * Checks the fields.
     *
     * @param name the name
     * @param parameter the parameter
     * @param lrMult the learning-rate multiplier
     * @param decayMult the weight-decay multiplier
     */
    public OptimParam {
        requireNonNull(name, "name is null");
        requireNonNull(parameter, "parameter is null");
    }
}
