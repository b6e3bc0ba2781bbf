package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/**
 * The config keys every classification head shares, documented and parsed once for all head factories: for
 * single-label heads {@code loss}, {@code topk} (a list) and {@code cal_acc}; for multi-label heads {@code loss},
 * {@code thr} and {@code topk} (one number), with a sigmoid cross-entropy as the default loss.
 *
 * @param loss the loss's config object, with its {@code type}; built through the {@link BuildContext}
 * @param labeling the single- or multi-label semantics the keys describe
 */
public record ClsHeadConfig(ConfigView loss, Labeling labeling) {
    /** mmpretrain's default loss of a classification head. */
    static final String DEFAULT_LOSS = "type = CrossEntropyLoss, loss_weight = 1.0";
    /** mmpretrain's default loss of a multi-label head. */
    static final String DEFAULT_MULTI_LABEL_LOSS = "type = CrossEntropyLoss, use_sigmoid = true";

    /** Documentation of {@code loss}, which single-label heads without {@code topk} and {@code cal_acc} share too. */
    static final ParamDoc LOSS_PARAMETER = ParamDoc.optional("loss", "loss config",
            "{type = CrossEntropyLoss, loss_weight = 1.0}",
            "the loss, built by type; heads call it with avg_factor = batch size");

    /** Documentation of the single-label keys, in the order they are read. */
    static final List<ParamDoc> PARAMETERS = List.of(LOSS_PARAMETER,
            ParamDoc.optional("topk", "list<int>", "[1]",
                    "k values of the accuracy_top-k terms logged when cal_acc = true"),
            ParamDoc.optional("cal_acc", "boolean", "false", "also report training accuracy (class-index targets only)"));

    /** Documentation of the multi-label keys, in the order they are read. */
    static final List<ParamDoc> MULTI_LABEL_PARAMETERS = List.of(
            ParamDoc.optional("loss", "loss config", "{type = CrossEntropyLoss, use_sigmoid = true}",
                    "the loss, called with dense (multi-hot) targets and avg_factor = batch size"),
            ParamDoc.optional("thr", "number | null", "null",
                    "predict each class whose sigmoid score is at least thr; wins over topk; neither means 0.5"),
            ParamDoc.optional("topk", "int | null", "null", "without thr: predict the k best-scored classes"));

    /**
     * Checks the values.
     *
     * @param loss the loss config
     * @param labeling the semantics
     */
    public ClsHeadConfig {
        requireNonNull(loss, "loss is null");
        requireNonNull(labeling, "labeling is null");
    }

    /**
     * The single-label defaults: cross-entropy with weight 1, {@code topk = [1]}, no accuracy.
     *
     * @return the default config
     */
    public static ClsHeadConfig defaults() {
        return new ClsHeadConfig(ConfigView.parse(DEFAULT_LOSS), new SingleLabel(List.of(1), false));
    }

    /**
     * Reads the single-label keys of a head's config.
     *
     * @param config the head's config object
     * @return the typed values
     * @throws org.pretrain4j.api.config.ConfigException if {@code topk} is empty or below 1
     */
    static ClsHeadConfig parse(ConfigView config) {
        ConfigView loss = parseLoss(config);
        List<Integer> topk = config.getIntList("topk", List.of(1));
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw config.error("topk", "expected integers >= 1, got " + topk);
        }
        boolean calAcc = config.getBoolean("cal_acc", false);
        return new ClsHeadConfig(loss, new SingleLabel(topk, calAcc));
    }

    /**
     * Reads {@code loss} of a single-label head, or supplies mmpretrain's default cross-entropy.
     *
     * @param config the head's config object
     * @return the loss's config object
     */
    static ConfigView parseLoss(ConfigView config) {
        return loss(config, DEFAULT_LOSS);
    }

    /**
     * Reads the multi-label keys of a head's config.
     *
     * @param config the head's config object
     * @return the typed values
     * @throws org.pretrain4j.api.config.ConfigException if {@code thr} is not finite or {@code topk} is below 1
     */
    static ClsHeadConfig parseMultiLabel(ConfigView config) {
        ConfigView loss = loss(config, DEFAULT_MULTI_LABEL_LOSS);
        Double thr = config.has("thr") ? config.getDouble("thr") : null;
        if (thr != null && !Double.isFinite(thr)) {
            throw config.error("thr", "expected a finite number or null, got " + thr);
        }
        Integer topk = config.has("topk") ? config.checkRange("topk", config.getInt("topk"), 1, Integer.MAX_VALUE)
                : null;
        return new ClsHeadConfig(loss, new MultiLabel(thr, topk));
    }

    /**
     * The multi-label semantics, for the factories of multi-label heads.
     *
     * @return the labeling
     * @throws IllegalArgumentException if this config holds single-label keys
     */
    MultiLabel multiLabel() {
        if (labeling instanceof MultiLabel m) {
            return m;
        }
        throw new IllegalArgumentException("a multi-label head needs the multi-label keys (thr, topk), got "
                + labeling);
    }

    /**
     * Reads a required positive size such as {@code num_classes}.
     *
     * @param config the head's config object
     * @param key the key
     * @return the value
     * @throws org.pretrain4j.api.config.ConfigException if it is missing or not positive
     */
    static int positive(ConfigView config, String key) {
        int value = config.getInt(key);
        if (value <= 0) {
            throw config.error(key, "expected a positive integer, got " + value);
        }
        return value;
    }

    /** The loss view, or the default with the path it would have had if written, so errors still point into the head. */
    private static ConfigView loss(ConfigView head, String defaultLoss) {
        return head.getOptionalView("loss").orElseGet(() -> ConfigView.of(
                ConfigFactory.parseString(defaultLoss).root(), head.path().isEmpty() ? "loss" : head.path() + ".loss"));
    }

    /**
     * Builds the loss through the context, so that the registry stays the only place mapping names to classes.
     *
     * @param context the build context
     * @return the loss
     */
    Loss buildLoss(BuildContext context) {
        return requireNonNull(context, "context is null").build(Kind.LOSS, loss);
    }
}
