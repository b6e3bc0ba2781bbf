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

/** Factory of {@link CrossEntropyLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class CrossEntropyLossFactory implements LossFactory<CrossEntropyLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "CrossEntropyLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("use_sigmoid", "boolean", "false",
                    "binary cross-entropy with logits per class (multi-label) instead of softmax cross-entropy"),
            ParamDoc.optional("use_soft", "boolean", "false",
                    "softmax cross-entropy against dense (soft) targets, e.g. after mixup; exclusive with use_sigmoid"),
            CommonParams.REDUCTION_DOC,
            CommonParams.LOSS_WEIGHT_DOC,
            CommonParams.CLASS_WEIGHT_DOC,
            CommonParams.POS_WEIGHT_DOC);

    /** Creates the factory; it holds no state. */
    public CrossEntropyLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Softmax cross-entropy (hard or soft targets) or sigmoid binary cross-entropy, with mmpretrain's "
                + "weight / reduction / avg_factor semantics.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(2, 5));
    }

    @Override
    public CrossEntropyLossConfig parseConfig(ConfigView config) {
        boolean useSigmoid = config.getBoolean("use_sigmoid", false);
        boolean useSoft = config.getBoolean("use_soft", false);
        if (useSigmoid && useSoft) {
            throw config.error("use_soft", "use_sigmoid and use_soft are mutually exclusive; set at most one");
        }
        Reduction reduction = CommonParams.reduction(config);
        double lossWeight = CommonParams.lossWeight(config);
        List<Double> classWeight = CommonParams.perClassList(config, CommonParams.CLASS_WEIGHT);
        List<Double> posWeight = CommonParams.perClassList(config, CommonParams.POS_WEIGHT);
        CommonParams.checkPosWeightUse(config, posWeight, useSigmoid);
        return new CrossEntropyLossConfig(useSigmoid, useSoft, reduction, lossWeight, classWeight, posWeight);
    }

    @Override
    public Loss create(CrossEntropyLossConfig config, BuildContext context) {
        return new CrossEntropyLoss(config);
    }
}
