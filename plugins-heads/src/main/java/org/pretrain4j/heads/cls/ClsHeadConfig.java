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
 * The config keys every classification head shares ({@code loss}, {@code topk}, {@code cal_acc}), documented and
 * parsed once for {@link ClsHeadFactory} and {@link LinearClsHeadFactory}.
 *
 * @param loss the loss's config object, with its {@code type}; built through the {@link BuildContext}
 * @param topk the k of the {@code accuracy_top-k} terms logged when {@code calAcc} is set
 * @param calAcc whether {@link ClsHead#loss} also reports training accuracies
 */
public record ClsHeadConfig(ConfigView loss, List<Integer> topk, boolean calAcc) {
    /** mmpretrain's default loss of a classification head. */
    static final String DEFAULT_LOSS = "type = CrossEntropyLoss, loss_weight = 1.0";

    /** Documentation of {@code loss}, which heads without {@code topk} and {@code cal_acc} share too. */
    static final ParamDoc LOSS_PARAMETER = ParamDoc.optional("loss", "loss config",
            "{type = CrossEntropyLoss, loss_weight = 1.0}",
            "the loss, built by type; heads call it with avg_factor = batch size");

    /** Documentation of the shared keys, in the order they are read. */
    static final List<ParamDoc> PARAMETERS = List.of(LOSS_PARAMETER,
            ParamDoc.optional("topk", "list<int>", "[1]",
                    "k values of the accuracy_top-k terms logged when cal_acc = true"),
            ParamDoc.optional("cal_acc", "boolean", "false", "also report training accuracy (class-index targets only)"));

    /**
     * Checks the values and copies the list.
     *
     * @param loss the loss config
     * @param topk the k values, each at least 1
     * @param calAcc whether to report accuracies
     * @throws IllegalArgumentException if {@code topk} is empty or holds a value below 1
     */
    public ClsHeadConfig {
        requireNonNull(loss, "loss is null");
        topk = List.copyOf(requireNonNull(topk, "topk is null"));
        if (topk.isEmpty() || topk.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("topk must hold integers >= 1, got " + topk);
        }
    }

    /**
     * The defaults: cross-entropy with weight 1, {@code topk = [1]}, no accuracy.
     *
     * @return the default config
     */
    public static ClsHeadConfig defaults() {
        return new ClsHeadConfig(ConfigView.parse(DEFAULT_LOSS), List.of(1), false);
    }

    /**
     * Reads the shared keys of a head's config.
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
        return new ClsHeadConfig(loss, topk, calAcc);
    }

    /**
     * Reads {@code loss}, or supplies mmpretrain's default cross-entropy.
     *
     * @param config the head's config object
     * @return the loss's config object
     */
    static ConfigView parseLoss(ConfigView config) {
        return config.getOptionalView("loss").orElseGet(() -> defaultLoss(config));
    }

    /** The default loss, with the path it would have had if written, so that errors still point into the head. */
    private static ConfigView defaultLoss(ConfigView head) {
        String path = head.path().isEmpty() ? "loss" : head.path() + ".loss";
        return ConfigView.of(ConfigFactory.parseString(DEFAULT_LOSS).root(), path);
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
