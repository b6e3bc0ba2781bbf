package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;
import org.pretrain4j.api.model.Scalars;

/**
 * An activation as mmcv's {@code act_cfg} names it ({@code act_cfg = {type = HSwish}}), applied as a function: none
 * of them has parameters, and mmcv's activation modules have no state-dict entries, so no child block is needed.
 * Every component that takes an {@code act_cfg} reads it with {@link #read}, and every backbone, neck and head that
 * applies a fixed activation uses the constants here, so each activation is written once.
 *
 * @param kind the activation
 * @param parameter {@code negative_slope} of LeakyReLU, {@code alpha} of ELU; 0 for the others
 */
public record Act(Kind kind, float parameter) {
    /** No activation (mmcv's {@code act_cfg=None}). */
    public static final Act NONE = new Act(Kind.NONE, 0f);
    /** {@code max(x, 0)}. */
    public static final Act RELU = new Act(Kind.RELU, 0f);
    /** {@code min(max(x, 0), 6)}, MobileNetV2's activation. */
    public static final Act RELU6 = new Act(Kind.RELU6, 0f);
    /** The exact (erf) GELU, PyTorch's default, used by transformers and ConvNeXt. */
    public static final Act GELU = new Act(Kind.GELU, 0f);
    /** {@code x * sigmoid(x)} under PyTorch's name. */
    public static final Act SILU = new Act(Kind.SILU, 0f);
    /** The logistic function. */
    public static final Act SIGMOID = new Act(Kind.SIGMOID, 0f);
    /** {@code tanh(x)}. */
    public static final Act TANH = new Act(Kind.TANH, 0f);
    /** mmcv's {@code HSwish} (PyTorch's {@code Hardswish}): {@code x * relu6(x + 3) / 6}. */
    public static final Act HSWISH = new Act(Kind.HSWISH, 0f);
    /**
     * mmcv's {@code HSigmoid} with its defaults (bias 3, divisor 6, clamped to [0, 1]), which is PyTorch's
     * {@code Hardsigmoid}: {@code min(max((x + 3) / 6, 0), 1)}.
     */
    public static final Act HSIGMOID = new Act(Kind.HSIGMOID, 0f);

    /** The {@code type} values an {@code act_cfg} may name, in mmcv's spelling. */
    public static final List<String> TYPES = Arrays.stream(Kind.values()).filter(k -> k != Kind.NONE)
            .map(Kind::typeName).toList();

    /** The activations, with their mmcv type names. */
    public enum Kind {
        /** No activation; no {@code type} names it ({@code act_cfg = null} does). */
        NONE(null),
        /** {@code ReLU}. */
        RELU("ReLU"),
        /** {@code ReLU6}. */
        RELU6("ReLU6"),
        /** {@code LeakyReLU}: {@code x} for positive inputs, {@code negative_slope * x} otherwise. */
        LEAKY_RELU("LeakyReLU"),
        /** {@code ELU}: {@code x} for positive inputs, {@code alpha * (exp(x) - 1)} otherwise. */
        ELU("ELU"),
        /** {@code GELU}, exact. */
        GELU("GELU"),
        /** {@code SiLU}, PyTorch's name for {@code x * sigmoid(x)}. */
        SILU("SiLU"),
        /** {@code Swish}, mmcv's name for the same function as {@link #SILU}. */
        SWISH("Swish"),
        /** {@code Sigmoid}. */
        SIGMOID("Sigmoid"),
        /** {@code Tanh}. */
        TANH("Tanh"),
        /** {@code HSwish}. */
        HSWISH("HSwish"),
        /** {@code HSigmoid}. */
        HSIGMOID("HSigmoid");

        private final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }

        /**
         * The name an {@code act_cfg} uses.
         *
         * @return e.g. {@code HSwish}; null for {@link #NONE}
         */
        public String typeName() {
            return typeName;
        }

        boolean hasParameter() {
            return this == LEAKY_RELU || this == ELU;
        }
    }

    /**
     * Checks the parameter.
     *
     * @param kind the activation
     * @param parameter its parameter, 0 for kinds without one
     * @throws IllegalArgumentException if a kind without parameter gets a non-zero one
     */
    public Act {
        requireNonNull(kind, "kind is null");
        if (!kind.hasParameter() && parameter != 0f) {
            throw new IllegalArgumentException(kind + " takes no parameter, got " + parameter);
        }
    }

    /**
     * Applies the activation. The result belongs to {@code x}'s manager.
     *
     * @param x the input
     * @return the activated input, same shape ({@code x} itself for {@link #NONE})
     */
    public NDArray apply(NDArray x) {
        return switch (kind) {
            case NONE -> x;
            case RELU -> Activation.relu(x);
            case RELU6 -> x.clip(0f, 6f);
            case LEAKY_RELU -> Activation.leakyRelu(x, parameter);
            case ELU -> Activation.elu(x, parameter);
            case GELU -> Activation.gelu(x);
            case SILU, SWISH -> x.mul(Activation.sigmoid(x));
            case SIGMOID -> Activation.sigmoid(x);
            case TANH -> Activation.tanh(x);
            case HSWISH -> x.mul(x.add(3f).clip(0f, 6f)).div(Scalars.of(x, 6));
            case HSIGMOID -> x.add(3f).div(Scalars.of(x, 6)).clip(0f, 1f);
        };
    }

    /**
     * Reads an {@code act_cfg}-style key: an object with a {@code type} (matched ignoring case), {@code inplace}
     * (accepted and without effect: activations here never write into their input), and {@code negative_slope}
     * (LeakyReLU, default 0.01) or {@code alpha} (ELU, default 1); or {@code null} for no activation.
     *
     * @param config the component's config
     * @param key the key, usually {@code act_cfg}
     * @param defaultValue what an absent key means ({@link #NONE} for no activation)
     * @return the activation, {@link #NONE} for an explicit {@code null}
     * @throws org.pretrain4j.api.config.ConfigException for an unknown type or key, naming the known ones
     */
    public static Act read(ConfigView config, String key, Act defaultValue) {
        requireNonNull(defaultValue, "defaultValue is null");
        ConfigValue raw = config.unwrap().get(key);
        config.markRead(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.valueType() == ConfigValueType.NULL) {
            return NONE;
        }
        if (raw.valueType() != ConfigValueType.OBJECT) {
            throw config.error(key, "expected an object such as {type = ReLU}, or null for no activation");
        }
        ConfigView act = config.getView(key);
        Kind kind = kind(act, act.getString("type"));
        float parameter = switch (kind) {
            case LEAKY_RELU -> (float) act.getDouble("negative_slope", 0.01);
            case ELU -> (float) act.getDouble("alpha", 1.0);
            default -> 0f;
        };
        act.getBoolean("inplace", false);
        act.checkNoUnknownKeys();
        return new Act(kind, parameter);
    }

    private static Kind kind(ConfigView act, String type) {
        for (Kind k : Kind.values()) {
            if (k.typeName != null && k.typeName.toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw act.error("type", "unknown activation '" + type + "'." + Suggestions.didYouMean(type, TYPES)
                + " Known: " + String.join(", ", TYPES));
    }

    /**
     * Describes the accepted values, for a {@code ParamDoc}.
     *
     * @return {@code {type = ReLU | ReLU6 | ...} | null}
     */
    public static String docType() {
        return "{type = " + String.join(" | ", TYPES) + "} | null";
    }
}
