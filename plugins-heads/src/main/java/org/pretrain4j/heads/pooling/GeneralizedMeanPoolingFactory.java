package org.pretrain4j.heads.pooling;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/** Factory of {@link GeneralizedMeanPooling}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class GeneralizedMeanPoolingFactory implements NeckFactory<GeneralizedMeanPoolingConfig> {
    /** The type name configs use. */
    public static final String NAME = "GeneralizedMeanPooling";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("p", "double", "3.0", "initial exponent, at least 1 (1 = average pooling)"),
            ParamDoc.optional("eps", "double", "1e-6", "floor applied to the inputs before the power when clamp is set"),
            ParamDoc.optional("clamp", "boolean", "true", "clamp inputs to at least eps"),
            ParamDoc.optional("p_trainable", "boolean", "true", "learn p (checkpoint key p)"));

    /** Creates the factory; it holds no state. */
    public GeneralizedMeanPoolingFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Generalized-mean (GeM) pooling of each (N, C, H, W) feature map to (N, C), with a learnable p.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(2, 3, 4, 4));
    }

    @Override
    public GeneralizedMeanPoolingConfig parseConfig(ConfigView config) {
        double p = config.checkRange("p", config.getDouble("p", 3.0), 1.0, Double.MAX_VALUE);
        double eps = config.checkRange("eps", config.getDouble("eps", 1e-6), 0.0, Double.MAX_VALUE);
        return new GeneralizedMeanPoolingConfig(p, eps, config.getBoolean("clamp", true),
                config.getBoolean("p_trainable", true));
    }

    @Override
    public Neck create(GeneralizedMeanPoolingConfig config, BuildContext context) {
        return new GeneralizedMeanPooling(config);
    }
}
