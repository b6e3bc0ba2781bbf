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

/** Factory of {@link GlobalAveragePooling}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class GlobalAveragePoolingFactory implements NeckFactory<GlobalAveragePoolingConfig> {
    /** The type name configs use. */
    public static final String NAME = "GlobalAveragePooling";

    private static final List<ParamDoc> PARAMETERS = List.of(ParamDoc.optional("dim", "int", "2",
            "spatial dimensions averaged: 1 for (N, C, L), 2 for (N, C, H, W), 3 for (N, C, D, H, W)"));

    /** Creates the factory; it holds no state. */
    public GlobalAveragePoolingFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Global average pooling of each feature map to one (N, C) vector per input.";
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
    public GlobalAveragePoolingConfig parseConfig(ConfigView config) {
        return new GlobalAveragePoolingConfig(config.checkOneOf("dim", config.getInt("dim", 2), 1, 2, 3));
    }

    @Override
    public Neck create(GlobalAveragePoolingConfig config, BuildContext context) {
        return new GlobalAveragePooling(config);
    }
}
