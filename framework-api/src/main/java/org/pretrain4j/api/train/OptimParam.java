package org.pretrain4j.api.train;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Parameter;

/**
 * A trainable parameter as an optimizer sees it, after mmpretrain's {@code paramwise_cfg} was applied: mmengine's
 * one-parameter {@code param_group}, with the group keys pretrain4j knows.
 *
 * @param name the checkpoint name, e.g. {@code backbone.layer1.0.conv1.weight}; optimizer state is keyed by it
 * @param parameter the DJL parameter, updated in place
 * @param lrMult multiplier of the scheduled learning rate (a {@code custom_keys} {@code lr_mult}, or a layer-decay
 *     scale)
 * @param decayMult multiplier of the optimizer's weight decay
 * @param fixLr {@code custom_keys { key { fix_lr = true } }} (SimSiam's predictor): the parameter always trains at
 *     the optimizer's base learning rate, ignoring the schedulers, as mmpretrain's {@code SimSiamHook} resets such
 *     groups to the configured {@code lr}
 * @param larsExclude {@code custom_keys { key { lars_exclude = true } }}: {@code LARS} skips its trust-ratio
 *     adaptation for the parameter (batch norms and biases in the SimCLR/BYOL recipes); other optimizers ignore it
 */
public record OptimParam(String name, Parameter parameter, double lrMult, double decayMult, boolean fixLr,
        boolean larsExclude) {
    /**
     * Checks the fields.
     *
     * @param name the name
     * @param parameter the parameter
     * @param lrMult the learning-rate multiplier
     * @param decayMult the weight-decay multiplier
     * @param fixLr whether the learning rate stays at the base one
     * @param larsExclude whether LARS leaves the parameter's learning rate unadapted
     */
    public OptimParam {
        requireNonNull(name, "name is null");
        requireNonNull(parameter, "parameter is null");
    }

    /**
     * A parameter with multipliers and no flags, the common case.
     *
     * @param name the checkpoint name
     * @param parameter the DJL parameter
     * @param lrMult the learning-rate multiplier
     * @param decayMult the weight-decay multiplier
     */
    public OptimParam(String name, Parameter parameter, double lrMult, double decayMult) {
        this(name, parameter, lrMult, decayMult, false, false);
    }

    /**
     * This parameter's learning rate at a step: {@code baseLr} when {@link #fixLr}, else
     * {@code scheduledLr * lrMult}. Optimizers call this rather than multiplying themselves.
     *
     * @param scheduledLr the learning rate the schedulers give this step
     * @param baseLr the optimizer's configured learning rate
     * @return the learning rate to apply
     */
    public double lr(double scheduledLr, double baseLr) {
        return fixLr ? baseLr : scheduledLr * lrMult;
    }
}
