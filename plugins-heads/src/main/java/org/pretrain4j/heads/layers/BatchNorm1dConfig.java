package org.pretrain4j.heads.layers;

import ai.djl.nn.norm.BatchNorm;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.pretrain4j.api.config.ConfigView;

/**
 * An mmcv {@code norm_cfg} for features {@code (N, C)}: {@code {type = BN1d, eps = 1e-5, momentum = 0.1}}, built as
 * PyTorch's {@code BatchNorm1d} (weight 1, bias 0; DJL names them gamma and beta, which checkpoints map to
 * {@code weight} and {@code bias}).
 *
 * @param eps added to the variance
 * @param momentum PyTorch's convention: the weight of the new batch statistic
 */
public record BatchNorm1dConfig(double eps, double momentum) {
    /** The {@code type} accepted. */
    public static final String TYPE = "BN1d";

    /**
     * Checks the values.
     *
     * @param eps positive
     * @param momentum in [0, 1]
     * @throws IllegalArgumentException for values out of range
     */
    public BatchNorm1dConfig {
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("expected eps > 0 and momentum in [0, 1], got " + eps + " and "
                    + momentum);
        }
    }

    /**
     * Reads a {@code norm_cfg}-style key; absent or {@code null} means no normalisation.
     *
     * @param config the component's config
     * @param key the key, e.g. {@code norm_cfg}
     * @return the config, or null for none
     * @throws org.pretrain4j.api.config.ConfigException for another type, an unknown key or a value out of range
     */
    public static BatchNorm1dConfig parse(ConfigView config, String key) {
        ConfigValue raw = config.unwrap().get(key);
        config.markRead(key);
        if (raw == null || raw.valueType() == ConfigValueType.NULL) {
            return null;
        }
        ConfigView norm = config.getView(key);
        String type = norm.getString("type");
        if (!type.equalsIgnoreCase(TYPE)) {
            throw norm.error("type", "expected " + TYPE + " for features (N, C), got '" + type + "'"
                    + (type.equalsIgnoreCase("BN") ? " (mmcv's BN is BatchNorm2d, which needs (N, C, H, W) input)"
                            : ""));
        }
        double eps = norm.getDouble("eps", 1e-5);
        if (!(eps > 0)) {
            throw norm.error("eps", "expected a positive number, got " + eps);
        }
        double momentum = norm.checkRange("momentum", norm.getDouble("momentum", 0.1), 0.0, 1.0);
        norm.checkNoUnknownKeys();
        return new BatchNorm1dConfig(eps, momentum);
    }

    /**
     * Creates the layer, normalising axis 1.
     *
     * @return a new batch-norm block
     */
    public BatchNorm create() {
        // DJL's momentum is the weight of the running statistic, PyTorch's that of the new batch statistic.
        return BatchNorm.builder().optAxis(1).optEpsilon((float) eps).optMomentum((float) (1 - momentum)).build();
    }
}
