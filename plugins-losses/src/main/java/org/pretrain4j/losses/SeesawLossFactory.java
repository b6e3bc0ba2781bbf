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

/** Factory of {@link SeesawLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class SeesawLossFactory implements LossFactory<SeesawLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "SeesawLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("use_sigmoid", "boolean", "false", "must be false: only the softmax loss exists"),
            ParamDoc.optional("p", "number", "0.8", "exponent of the mitigation factor (N_j / N_i)^p, >= 0; 0 = off"),
            ParamDoc.optional("q", "number", "2.0",
                    "exponent of the compensation factor (s_j / s_i)^q, >= 0; 0 = off"),
            ParamDoc.optional("num_classes", "int", "1000",
                    "number of classes; the prediction must have this many scores"),
            ParamDoc.optional("eps", "number", "0.01", "smallest divisor of the compensation factor, > 0"),
            CommonParams.REDUCTION_DOC,
            CommonParams.LOSS_WEIGHT_DOC);

    /** Creates the factory; it holds no state. */
    public SeesawLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Seesaw loss for long-tailed classification: softmax cross-entropy rebalanced by cumulative class "
                + "counts (kept in the cum_samples buffer) and by the scores of wrongly favoured classes.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_classes = 5", new Shape(2, 5));
    }

    @Override
    public SeesawLossConfig parseConfig(ConfigView config) {
        if (config.getBoolean("use_sigmoid", false)) {
            throw config.error("use_sigmoid", "SeesawLoss has only the softmax loss; remove use_sigmoid or set it "
                    + "to false");
        }
        double p = CommonParams.nonNegative(config, "p", 0.8);
        double q = CommonParams.nonNegative(config, "q", 2.0);
        int numClasses = config.getInt("num_classes", 1000);
        if (numClasses < 1) {
            throw config.error("num_classes", "expected a positive integer, got " + numClasses);
        }
        return new SeesawLossConfig(p, q, numClasses, CommonParams.positive(config, "eps", 1e-2),
                CommonParams.reduction(config), CommonParams.lossWeight(config));
    }

    @Override
    public Loss create(SeesawLossConfig config, BuildContext context) {
        return new SeesawLoss(config);
    }
}
