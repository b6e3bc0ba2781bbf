package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Optional;
import org.pretrain4j.api.config.ConfigView;

/**
 * An {@code act_cfg}, as mmcv's {@code build_activation_layer} reads it: {@code ReLU}, {@code ReLU6},
 * {@code LeakyReLU} (with {@code negative_slope}, default 0.01), {@code ELU} (with {@code alpha}, default 1),
 * {@code GELU} (exact, erf-based), {@code SiLU} or its alias {@code Swish}, {@code Sigmoid} or {@code Tanh}.
 * {@code inplace} is accepted and ignored: it only saves memory in PyTorch.
 *
 * @param type the type as written, one of {@link #TYPES}
 * @param parameter {@code negative_slope} of LeakyReLU, {@code alpha} of ELU, unused by the others
 */
public record ActivationCfg(String type, double parameter) {
    /** The accepted {@code type} values. */
    public static final List<String> TYPES =
            List.of("ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Swish", "Sigmoid", "Tanh");

    /**
     * Checks the type.
     *
     * @param type the type
     * @param parameter the type's parameter
     * @throws IllegalArgumentException for an unknown type
     */
    public ActivationCfg {
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("activation type must be one of " + TYPES + ", got " + type);
        }
    }

    /**
     * Reads an optional {@code act_cfg}; absent or {@code null} means no activation.
     *
     * @param parent the component's config
     * @param key the key, usually {@code act_cfg}
     * @return the activation, or empty
     */
    public static Optional<ActivationCfg> read(ConfigView parent, String key) {
        return parent.getOptionalView(key).map(ActivationCfg::parse);
    }

    /**
     * Reads an {@code act_cfg} object, rejecting types and keys it does not know.
     *
     * @param cfg the object
     * @return the activation
     * @throws org.pretrain4j.api.config.ConfigException naming the bad key
     */
    public static ActivationCfg parse(ConfigView cfg) {
        String type = cfg.getString("type");
        if (!TYPES.contains(type)) {
            throw cfg.error("type", "expected one of " + String.join(", ", TYPES) + ", got '" + type + "'");
        }
        double parameter = switch (type) {
            case "LeakyReLU" -> cfg.getDouble("negative_slope", 0.01);
            case "ELU" -> cfg.getDouble("alpha", 1.0);
            default -> 0.0;
        };
        cfg.getBoolean("inplace", false);
        cfg.checkNoUnknownKeys();
        return new ActivationCfg(type, parameter);
    }

    /**
     * Applies the activation.
     *
     * @param x the input
     * @return the activated array, same shape
     */
    public NDArray apply(NDArray x) {
        return switch (type) {
            case "ReLU" -> Activation.relu(x);
            case "ReLU6" -> Activation.relu6(x);
            case "LeakyReLU" -> Activation.leakyRelu(x, (float) parameter);
            case "ELU" -> Activation.elu(x, (float) parameter);
            case "GELU" -> Activation.gelu(x);
            case "SiLU", "Swish" -> Activation.swish(x, 1f);
            case "Sigmoid" -> Activation.sigmoid(x);
            case "Tanh" -> Activation.tanh(x);
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }
}
