package com.example.pretrain4j.tiny;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/** Factory of {@link FocalLikeLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class FocalLikeLossFactory implements LossFactory<FocalLikeLossFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "TinyFocalLoss";

    /**
     * Typed config of {@link FocalLikeLoss}.
     *
     * @param gamma the focusing exponent, {@code >= 0}
     * @param reduction {@code none}, {@code mean} or {@code sum}
     * @param lossWeight factor applied to the reduced loss
     */
    public record Config(double gamma, String reduction, double lossWeight) {}

    /** Creates the factory; it holds no state. */
    public FocalLikeLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Softmax focal loss -(1-p)^gamma log p, with mmpretrain's weight / reduction / avg_factor semantics.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of(
                ParamDoc.optional("gamma", "double", "2.0", "focusing exponent; 0 gives the cross-entropy"),
                ParamDoc.optional("reduction", "string", "mean", "none, mean or sum"),
                ParamDoc.optional("loss_weight", "double", "1.0", "factor applied to the reduced loss"));
    }

    @Override
    public Example example() {
        return Example.of("gamma = 1.0", new Shape(2, 5));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        double gamma = config.checkRange("gamma", config.getDouble("gamma", 2.0), 0.0, 100.0);
        String reduction = config.getEnum("reduction", "mean", "none", "mean", "sum");
        return new Config(gamma, reduction, config.getDouble("loss_weight", 1.0));
    }

    @Override
    public Loss create(Config config, BuildContext context) {
        return new FocalLikeLoss(config);
    }
}
