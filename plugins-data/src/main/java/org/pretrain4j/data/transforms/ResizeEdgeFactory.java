package org.pretrain4j.data.transforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TransformFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Transform;

/** Factory of {@link ResizeEdge}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TransformFactory.class)
public final class ResizeEdgeFactory implements TransformFactory<ResizeEdgeConfig> {
    /** The type name configs use. */
    public static final String NAME = "ResizeEdge";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("scale", "int", "Target length of the chosen edge."),
            ParamDoc.optional("edge", "string", "\"short\"", "Which edge gets the length: short, long, width or height."),
            Params.INTERPOLATION_DOC,
            Params.BACKEND_DOC);

    /** Creates the factory; it holds no state. */
    public ResizeEdgeFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Resizes so one edge has a given length, keeping the aspect ratio (mmpretrain ResizeEdge).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("scale = 36");
    }

    @Override
    public ResizeEdgeConfig parseConfig(ConfigView config) {
        int scale = config.checkRange("scale", config.getInt("scale"), 1, Integer.MAX_VALUE);
        String edge = config.getEnum("edge", "short", "short", "long", "width", "height");
        return new ResizeEdgeConfig(scale, edge, Params.interpolation(config), Params.backend(config));
    }

    @Override
    public Transform create(ResizeEdgeConfig config, BuildContext context) {
        return new ResizeEdge(config);
    }
}
