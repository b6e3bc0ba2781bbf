package org.pretrain4j.heads.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;

/**
 * The activations an mmcv {@code act_cfg} names by {@code type} ({@code act_cfg = {type = HSwish}}), as functions
 * (they have no parameters, so no block is needed). Shared by the components that take an {@code act_cfg}.
 * {@code HSwish} is {@code x · relu6(x + 3) / 6}; {@code GELU} is the exact (erf) form, PyTorch's default;
 * {@code SiLU} and {@code Swish} are both {@code x · sigmoid(x)}.
 */
public enum ActivationType {
    /** {@code max(x, 0)}. */
    RELU("ReLU"),
    /** {@code min(max(x, 0), 6)}. */
    RELU6("ReLU6"),
    /** {@code x · relu6(x + 3) / 6}. */
    HSWISH("HSwish"),
    /** {@code x · Φ(x)}, exact. */
    GELU("GELU"),
    /** {@code x · sigmoid(x)}, PyTorch's name. */
    SILU("SiLU"),
    /** {@code x · sigmoid(x)}, mmcv's name. */
    SWISH("Swish"),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID("Sigmoid"),
    /** {@code tanh(x)}. */
    TANH("Tanh");

    private static final List<String> NAMES = Arrays.stream(values()).map(ActivationType::typeName).toList();

    private final String typeName;

    ActivationType(String typeName) {
        this.typeName = typeName;
    }

    /**
     * The name an {@code act_cfg} uses.
     *
     * @return e.g. {@code HSwish}
     */
    public String typeName() {
        return typeName;
    }

    /**
     * Applies the activation.
     *
     * @param x the input
     * @return a new array of the same shape, in the input's manager
     */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> Activation.relu(x);
            case RELU6 -> Activation.relu6(x);
            case HSWISH -> x.mul(Activation.relu6(x.add(3f))).div(6f);
            case GELU -> Activation.gelu(x);
            case SILU, SWISH -> x.mul(Activation.sigmoid(x));
            case SIGMOID -> Activation.sigmoid(x);
            case TANH -> Activation.tanh(x);
        };
    }

    /**
     * Reads an {@code act_cfg}-style key: an object with a {@code type} (and mmcv's {@code inplace}, accepted and
     * without effect, as activations here never write into their input), or {@code null} for no activation.
     *
     * @param config the component's config
     * @param key the key, e.g. {@code act_cfg}
     * @param defaultValue what an absent key means (null for none)
     * @return the activation, or null for none
     * @throws org.pretrain4j.api.config.ConfigException for an unknown type or key, naming the known ones
     */
    public static ActivationType parse(ConfigView config, String key, ActivationType defaultValue) {
        ConfigValue raw = config.unwrap().get(key);
        if (raw == null) {
            return defaultValue;
        }
        config.markRead(key);
        if (raw.valueType() == ConfigValueType.NULL) {
            return null;
        }
        if (raw.valueType() != ConfigValueType.OBJECT) {
            throw config.error(key, "expected an object such as {type = ReLU}, or null for no activation");
        }
        ConfigView act = config.getView(key);
        String type = act.getString("type");
        act.getBoolean("inplace", false);
        act.checkNoUnknownKeys();
        for (ActivationType t : values()) {
            if (t.typeName.toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw act.error("type", "unknown activation '" + type + "'." + Suggestions.didYouMean(type, NAMES)
                + " Known: " + String.join(", ", NAMES));
    }

    /**
     * Describes the accepted values, for a {@code ParamDoc}.
     *
     * @return e.g. {@code {type = ReLU | ReLU6 | ...} or null}
     */
    public static String docType() {
        return "{type = " + String.join(" | ", NAMES) + "} | null";
    }
}
