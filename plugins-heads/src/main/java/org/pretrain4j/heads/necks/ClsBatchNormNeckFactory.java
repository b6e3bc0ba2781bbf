package org.pretrain4j.heads.necks;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/** Factory of {@link ClsBatchNormNeck}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class ClsBatchNormNeckFactory implements NeckFactory<ClsBatchNormNeckConfig> {
    /** The type name configs use. */
    public static final String NAME = "ClsBatchNormNeck";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("input_features", "int", "feature width C of each (N, C) input"),
            ParamDoc.optional("affine", "boolean", "false", "learn a scale and shift (bn.weight, bn.bias)"),
            ParamDoc.optional("eps", "double", "1e-6", "added to the variance"));

    /** Creates the factory; it holds no state. */
    public ClsBatchNormNeckFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BatchNorm1d over each (N, C) feature (MAE linear probing), without affine parameters by default.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        // Affine, so that the conformance test finds parameters that receive gradients: the mean of a normalised
        // batch is constant, so the default neck passes no gradient to its input either.
        return Example.of("input_features = 4, affine = true", new Shape(3, 4));
    }

    @Override
    public ClsBatchNormNeckConfig parseConfig(ConfigView config) {
        int features = config.checkRange("input_features", config.getInt("input_features"), 1, Integer.MAX_VALUE);
        boolean affine = config.getBoolean("affine", false);
        double eps = config.getDouble("eps", 1e-6);
        if (!(eps > 0)) {
            throw config.error("eps", "expected a positive number, got " + eps);
        }
        return new ClsBatchNormNeckConfig(features, affine, eps);
    }

    @Override
    public Neck create(ClsBatchNormNeckConfig config, BuildContext context) {
        return new ClsBatchNormNeck(config);
    }
}
