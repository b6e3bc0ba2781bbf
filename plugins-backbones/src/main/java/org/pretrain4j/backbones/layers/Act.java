package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The parameter-free activations mmcv's {@code act_cfg} names in the CNN backbones, applied as functions rather than
 * child blocks (they hold no state, and mmcv's {@code activate} child has no state-dict entries).
 */
public enum Act {
    /** No activation (mmcv's {@code act_cfg=None}). */
    NONE,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code min(max(x, 0), 6)}, MobileNetV2's activation. */
    RELU6,
    /** The logistic function. */
    SIGMOID,
    /** mmcv's {@code HSwish} (PyTorch's {@code Hardswish}): {@code x * relu6(x + 3) / 6}. */
    HSWISH,
    /**
     * mmcv's {@code HSigmoid} with its defaults (bias 3, divisor 6, clamped to [0, 1]), which is PyTorch's
     * {@code Hardsigmoid}: {@code min(max((x + 3) / 6, 0), 1)}.
     */
    HSIGMOID;

    /**
     * Applies the activation. The result belongs to {@code x}'s manager.
     *
     * @param x the input
     * @return the activated input ({@code x} itself for {@link #NONE})
     */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> Activation.relu(x);
            case RELU6 -> x.clip(0f, 6f);
            case SIGMOID -> Activation.sigmoid(x);
            case HSWISH -> x.mul(x.add(3f).clip(0f, 6f)).div(6f);
            case HSIGMOID -> x.add(3f).div(6f).clip(0f, 1f);
        };
    }
}
