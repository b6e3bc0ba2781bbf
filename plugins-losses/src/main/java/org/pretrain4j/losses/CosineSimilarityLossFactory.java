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

/** Factory of {@link CosineSimilarityLoss}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(LossFactory.class)
public final class CosineSimilarityLossFactory implements LossFactory<CosineSimilarityLossConfig> {
    /** The type name configs use. */
    public static final String NAME = "CosineSimilarityLoss";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("shift_factor", "number", "0.0", "constant the scaled cosine similarity is subtracted from"),
            ParamDoc.optional("scale_factor", "number", "1.0", "factor of the cosine similarity"));

    /** Creates the factory; it holds no state. */
    public CosineSimilarityLossFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "shift - scale · cosine similarity of prediction and target features, averaged (over a mask when "
                + "given); BYOL's and SimSiam's loss.";
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
    public CosineSimilarityLossConfig parseConfig(ConfigView config) {
        return new CosineSimilarityLossConfig(
                config.getDouble("shift_factor", 0.0), config.getDouble("scale_factor", 1.0));
    }

    @Override
    public Loss create(CosineSimilarityLossConfig config, BuildContext context) {
        return new CosineSimilarityLoss(config);
    }
}
