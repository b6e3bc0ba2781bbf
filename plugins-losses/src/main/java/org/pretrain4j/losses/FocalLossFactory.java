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

/** Factory of {@link FocalLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class FocalLossFactory implements LossFactory<FocalLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "FocalLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("gamma", "number", "2.0", "focusing exponent γ of the modulating factor pt^γ, >= 0"),
            ParamDoc.optional("alpha", "number", "0.25",
                    "weight of positive targets, in [0, 1]; negative targets get 1 - alpha"),
            CommonParams.REDUCTION_DOC,
            CommonParams.LOSS_WEIGHT_DOC);

    /** Creates the factory; it holds no state. */
    public FocalLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Sigmoid focal loss per class (class indices become one-hot rows), with mmpretrain's weight / "
                + "reduction / avg_factor semantics.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("gamma = 2.0, alpha = 0.25", new Shape(2, 5));
    }

    @Override
    public FocalLossConfig parseConfig(ConfigView config) {
        double gamma = CommonParams.nonNegative(config, "gamma", 2.0);
        double alpha = config.checkRange("alpha", config.getDouble("alpha", 0.25), 0, 1);
        return new FocalLossConfig(gamma, alpha, CommonParams.reduction(config), CommonParams.lossWeight(config));
    }

    @Override
    public Loss create(FocalLossConfig config, BuildContext context) {
        return new FocalLoss(config);
    }
}
