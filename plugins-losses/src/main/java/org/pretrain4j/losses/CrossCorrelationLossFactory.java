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

/** Factory of {@link CrossCorrelationLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class CrossCorrelationLossFactory implements LossFactory<CrossCorrelationLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "CrossCorrelationLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(ParamDoc.optional("lambd", "number", "0.0051",
            "weight of the off-diagonal (redundancy reduction) term, >= 0"));

    /** Creates the factory; it holds no state. */
    public CrossCorrelationLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Barlow Twins loss of a (D, D) cross-correlation matrix: Σ(C_ii - 1)² + lambd · Σ_{i≠j} C_ij²; "
                + "takes no target.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(4, 4));
    }

    @Override
    public CrossCorrelationLossConfig parseConfig(ConfigView config) {
        return new CrossCorrelationLossConfig(CommonParams.nonNegative(config, "lambd", 0.0051));
    }

    @Override
    public Loss create(CrossCorrelationLossConfig config, BuildContext context) {
        return new CrossCorrelationLoss(config);
    }
}
