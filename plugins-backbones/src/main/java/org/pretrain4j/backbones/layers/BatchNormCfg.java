package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pretrain4j.api.config.ConfigView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code norm_cfg} naming a batch norm, as mmcv's {@code build_norm_layer} reads it: {@code type} is {@code BN},
 * {@code BN1d} or {@code SyncBN}, with optional {@code eps}, {@code momentum} (PyTorch's convention) and
 * {@code requires_grad} (false freezes the affine parameters; the running statistics still update). All three types
 * build the same {@link BatchNorm2d}, which takes {@code (N, C)} and {@code (N, C, H, W)} alike. {@code SyncBN}
 * synchronises statistics across devices; training here runs on one device, where it is a plain batch norm, which is
 * logged once. This is the one {@code norm_cfg} reader of every backbone, neck and head that builds batch norms.
 *
 * <p>It also carries the owning backbone's {@code norm_eval} flag (not a {@code norm_cfg} key, so never read here),
 * so that one value tells every block a backbone builds how to make and run its batch norms.
 *
 * @param type the type as written, one of {@link #TYPES}
 * @param eps added to the variance
 * @param momentum the weight of the new batch statistic in the running statistics
 * @param requiresGrad whether the affine parameters train
 * @param normEval run the batch norms in inference mode even when training (running statistics stay fixed; the
 *     affine parameters still train), mmpretrain's {@code norm_eval}
 */
public record BatchNormCfg(String type, double eps, double momentum, boolean requiresGrad, boolean normEval) {
    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("BN", "BN1d", "SyncBN");
    /** PyTorch's {@code BatchNorm2d} defaults, as mmcv's {@code norm_cfg=dict(type='BN')}: eps 1e-5, momentum 0.1. */
    public static final BatchNormCfg BN = of("BN");

    private static final Logger LOG = LoggerFactory.getLogger(BatchNormCfg.class);
    /** One note per JVM is enough: every SyncBN of a model behaves the same. */
    private static final AtomicBoolean SYNC_BN_NOTED = new AtomicBoolean();

    /**
     * Checks the values.
     *
     * @param type the type
     * @param eps the epsilon
     * @param momentum the momentum
     * @param requiresGrad whether the affine parameters train
     * @param normEval whether the norms stay in inference mode
     * @throws IllegalArgumentException for an unknown type, a non-positive eps or a momentum outside [0, 1]
     */
    public BatchNormCfg {
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("norm type must be one of " + TYPES + ", got " + type);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
    }

    /**
     * A config with PyTorch's defaults: eps 1e-5, momentum 0.1, trainable.
     *
     * @param type the type
     * @return the config
     */
    public static BatchNormCfg of(String type) {
        return new BatchNormCfg(type, 1e-5, 0.1, true, false);
    }

    /**
     * The same config with another {@code norm_eval}.
     *
     * @param eval run the batch norms in inference mode
     * @return the config
     */
    public BatchNormCfg withNormEval(boolean eval) {
        return new BatchNormCfg(type, eps, momentum, requiresGrad, eval);
    }

    /**
     * Reads an optional {@code norm_cfg}: an absent key gives the default, an explicit {@code null} gives no norm
     * (as mmcv's {@code norm_cfg=None}). Any of {@link #TYPES} is accepted.
     *
     * @param parent the component's config
     * @param key the key, usually {@code norm_cfg}
     * @param defaultValue the value when the key is absent, or null if there is no norm by default
     * @return the config, or empty for no norm
     * @throws org.pretrain4j.api.config.ConfigException naming the bad key
     */
    public static Optional<BatchNormCfg> read(ConfigView parent, String key, BatchNormCfg defaultValue) {
        return read(parent, key, defaultValue, TYPES);
    }

    /**
     * Reads an optional {@code norm_cfg} of a component that takes only some of the types, e.g. {@code BN1d} alone for
     * a head whose features are {@code (N, C)}.
     *
     * @param parent the component's config
     * @param key the key, usually {@code norm_cfg}
     * @param defaultValue the value when the key is absent, or null if there is no norm by default
     * @param types the accepted types, a subset of {@link #TYPES}
     * @return the config, or empty for no norm
     * @throws org.pretrain4j.api.config.ConfigException naming the bad key
     */
    public static Optional<BatchNormCfg> read(ConfigView parent, String key, BatchNormCfg defaultValue,
            List<String> types) {
        boolean present = parent.keys().contains(key);
        if (!parent.has(key)) {
            return present ? Optional.empty() : Optional.ofNullable(defaultValue);
        }
        return Optional.of(parse(parent.getView(key), types));
    }

    /**
     * Reads a {@code norm_cfg} object, rejecting types and keys it does not know. The type is matched ignoring case
     * and kept in mmcv's spelling.
     *
     * @param cfg the object
     * @param types the accepted types, a subset of {@link #TYPES}
     * @return the config
     * @throws org.pretrain4j.api.config.ConfigException naming the bad key
     */
    public static BatchNormCfg parse(ConfigView cfg, List<String> types) {
        String written = cfg.getString("type");
        String type = types.stream().filter(t -> t.equalsIgnoreCase(written)).findFirst().orElseThrow(
                () -> cfg.error("type", "expected a batch norm, one of " + String.join(", ", types) + ", got '"
                        + written + "'; other norm layers are not supported here"
                        + (written.equalsIgnoreCase("BN") && types.contains("BN1d")
                                ? " (mmcv's BN is BatchNorm2d, which needs (N, C, H, W) input)" : "")));
        double eps = cfg.getDouble("eps", 1e-5);
        if (!(eps > 0)) {
            throw cfg.error("eps", "expected a positive number, got " + eps);
        }
        double momentum = cfg.checkRange("momentum", cfg.getDouble("momentum", 0.1), 0.0, 1.0);
        boolean requiresGrad = cfg.getBoolean("requires_grad", true);
        cfg.checkNoUnknownKeys();
        return new BatchNormCfg(type, eps, momentum, requiresGrad, false);
    }

    /**
     * Builds the batch norm.
     *
     * @param affine learn a per-channel scale and shift ({@code affine=False} keeps only running statistics)
     * @return a new block
     */
    public BatchNorm2d build(boolean affine) {
        if (type.equals("SyncBN") && SYNC_BN_NOTED.compareAndSet(false, true)) {
            LOG.info("norm_cfg type SyncBN runs as a plain batch norm: training uses one device, where they agree");
        }
        BatchNorm2d bn = affine
                ? new BatchNorm2d((float) eps, (float) momentum, false)
                : BatchNorm2d.withoutAffine((float) eps, (float) momentum);
        if (!requiresGrad) {
            bn.freezeParameters(true);
        }
        return bn;
    }
}
