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

/** Factory of {@link MoCoV2Neck}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class MoCoV2NeckFactory implements NeckFactory<MoCoV2NeckConfig> {
    /** The type name configs use. */
    public static final String NAME = "MoCoV2Neck";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("in_channels", "int", "features per sample after pooling and flattening"),
            ParamDoc.required("hid_channels", "int", "width of the hidden layer"),
            ParamDoc.required("out_channels", "int", "width of the output, MoCo's feat_dim"),
            ParamDoc.optional("with_avg_pool", "boolean", "true",
                    "average the spatial axes of an (N, C, H, W) input first"));

    /** Creates the factory; it holds no state. */
    public MoCoV2NeckFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MoCo v2 projector fc-ReLU-fc (with biases, no batch norm) after optional global pooling.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("in_channels = 4, hid_channels = 6, out_channels = 3", new Shape(2, 4, 3, 3));
    }

    @Override
    public MoCoV2NeckConfig parseConfig(ConfigView config) {
        int in = Features.positive(config, "in_channels");
        int hid = Features.positive(config, "hid_channels");
        int out = Features.positive(config, "out_channels");
        return new MoCoV2NeckConfig(in, hid, out, config.getBoolean("with_avg_pool", true));
    }

    @Override
    public Neck create(MoCoV2NeckConfig config, BuildContext context) {
        return new MoCoV2Neck(config);
    }
}
