package org.pretrain4j.losses;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/** Factory of {@link AsymmetricLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class AsymmetricLossFactory implements LossFactory<AsymmetricLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "AsymmetricLoss";

    private static final String CLIP = "clip";
    private static final double DEFAULT_CLIP = 0.05;

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("gamma_pos", "number", "0.0", "focusing exponent of positive targets, >= 0"),
            ParamDoc.optional("gamma_neg", "number", "4.0",
                    "focusing exponent of negative targets, >= 0 (usually larger than gamma_pos)"),
            ParamDoc.optional(CLIP, "number", "0.05",
                    "probability margin: negatives use min(1 - p + clip, 1); in [0, 1], null or 0 disables it"),
            CommonParams.REDUCTION_DOC,
            CommonParams.LOSS_WEIGHT_DOC,
            ParamDoc.optional("use_sigmoid", "boolean", "true",
                    "per-class sigmoid probabilities; false takes a softmax over the classes"),
            ParamDoc.optional("eps", "number", "1e-8", "smallest argument of the logarithm, > 0"));

    /** Creates the factory; it holds no state. */
    public AsymmetricLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Asymmetric loss (ASL) for multi-label classification: separate focusing for positives and "
                + "negatives and a probability margin, with mmpretrain's weight / reduction / avg_factor semantics.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("gamma_pos = 1.0, gamma_neg = 4.0", new Shape(2, 5));
    }

    @Override
    public AsymmetricLossConfig parseConfig(ConfigView config) {
        double gammaPos = CommonParams.nonNegative(config, "gamma_pos", 0.0);
        double gammaNeg = CommonParams.nonNegative(config, "gamma_neg", 4.0);
        // An explicit null turns the margin off, as clip=None does in mmpretrain; an absent key keeps the default.
        double clip = config.getDouble(CLIP, config.keys().contains(CLIP) ? 0.0 : DEFAULT_CLIP);
        config.checkRange(CLIP, clip, 0, 1);
        return new AsymmetricLossConfig(gammaPos, gammaNeg, clip, CommonParams.reduction(config),
                CommonParams.lossWeight(config), config.getBoolean("use_sigmoid", true),
                CommonParams.positive(config, "eps", 1e-8));
    }

    @Override
    public Loss create(AsymmetricLossConfig config, BuildContext context) {
        return new AsymmetricLoss(config);
    }
}
