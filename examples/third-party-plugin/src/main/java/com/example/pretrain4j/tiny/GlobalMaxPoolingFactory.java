package com.example.pretrain4j.tiny;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/** Factory of {@link GlobalMaxPooling}, registered as {@value #NAME}. It has no keys. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class GlobalMaxPoolingFactory implements NeckFactory<Void> {
    /** The type name configs use. */
    public static final String NAME = "TinyGlobalMaxPooling";

    /** Creates the factory; it holds no state. */
    public GlobalMaxPoolingFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Global max pooling of each feature map to one (N, C) vector per input.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return List.of();
    }

    @Override
    public Example example() {
        return Example.of("", new Shape(2, 3, 4, 4));
    }

    @Override
    public Void parseConfig(ConfigView config) {
        return null;
    }

    @Override
    public Neck create(Void config, BuildContext context) {
        return new GlobalMaxPooling();
    }
}
