package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The parameter-free activations mmcv's {@code act_cfg} names in the CNN backbones, applied as functions rather than
 * child blocks (they hold no state, and mmcv's {@code activate} child has no state-dict entries).
 */
public enum Act {
    /** No activation (mmcv's {@code act_cfg=None}). */
    NONE("None"),
    /** {@code max(x, 0)}. */
    RELU("ReLU"),
    /** {@code min(max(x, 0), 6)}, MobileNetV2's activation. */
    RELU6("ReLU6"),
    /** The logistic function. */
    SIGMOID("Sigmoid"),
    /** mmcv's {@code HSwish} (PyTorch's {@code Hardswish}): {@code x * relu6(x + 3) / 6}. */
    HSWISH("HSwish"),
    /**
     * mmcv's {@code HSigmoid} with its defaults (bias 3, divisor 6, clamped to [0, 1]), which is PyTorch's
     * {@code Hardsigmoid}: {@code min(max((x + 3) / 6, 0), 1)}.
     */
    HSIGMOID("HSigmoid");

    private final String configName;

    Act(String configName) {
        this.configName = configName;
    }

    /**
     * The spelling of mmcv's registry ({@code act_cfg=dict(type=...)}).
     *
     * @return e.g. {@code HSwish}
     */
    public String configName() {
        return configName;
    }

    /**
     * Looks an activation up by mmcv's spelling.
     *
     * @param name e.g. {@code ReLU} or {@code HSwish}
     * @return the activation
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Act of(String name) {
        for (Act act : values()) {
            if (act.configName.equals(name)) {
                return act;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "', expected one of "
                + Arrays.stream(values()).map(Act::configName).collect(Collectors.joining(", ")));
    }

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
