package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.vit.VisionTransformerConfig;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;
import org.pretrain4j.backbones.vit.VisionTransformerFactory;

/** Factory of {@link MAEViT}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BackboneFactory.class)
public final class MAEViTFactory implements BackboneFactory<MAEViTConfig> {
    /** The type name configs use. */
    public static final String NAME = "MAEViT";

    private static final List<ParamDoc> PARAMETERS = parameterDocs();

    /** Creates the factory; it holds no state. */
    public MAEViTFactory() {}

    private static List<ParamDoc> parameterDocs() {
        List<ParamDoc> docs = new ArrayList<>(VisionTransformerFactory.variantParameters(OutType.RAW));
        docs.add(ParamDoc.optional("mask_ratio", "double", "0.75",
                "Share of each image's patches removed before the encoder in pre-training, in [0, 1)."));
        return List.copyOf(docs);
    }

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MAE's encoder: a ViT with a frozen 2-D sin-cos position embedding that sees only a random "
                + "(1 - mask_ratio) share of the patches in pre-training.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }, "
                + "img_size = 16, patch_size = 4", new Shape(2, 3, 16, 16));
    }

    @Override
    public MAEViTConfig parseConfig(ConfigView config) {
        VisionTransformerConfig vit = VisionTransformerFactory.parseVariant(config, OutType.RAW);
        if (vit.arch().embedDims() % 4 != 0) {
            throw config.error("arch", "embed_dims must be a multiple of 4 for the 2-D sin-cos position embedding, "
                    + "got " + vit.arch().embedDims());
        }
        double maskRatio = config.getDouble("mask_ratio", 0.75);
        if (!(maskRatio >= 0 && maskRatio < 1)) {
            throw config.error("mask_ratio", "expected a number in [0, 1), got " + maskRatio);
        }
        return new MAEViTConfig(vit, maskRatio);
    }

    @Override
    public Backbone create(MAEViTConfig config, BuildContext context) {
        return new MAEViT(config);
    }
}
