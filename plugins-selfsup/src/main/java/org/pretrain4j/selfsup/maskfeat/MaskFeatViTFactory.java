package org.pretrain4j.selfsup.maskfeat;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
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

/** Factory of {@link MaskFeatViT}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BackboneFactory.class)
public final class MaskFeatViTFactory implements BackboneFactory<VisionTransformerConfig> {
    /** The type name configs use. */
    public static final String NAME = "MaskFeatViT";

    /** Creates the factory; it holds no state. */
    public MaskFeatViTFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MaskFeat's encoder: a ViT whose masked patches are replaced by a learned mask token in "
                + "pre-training.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return VisionTransformerFactory.variantParameters(OutType.RAW);
    }

    @Override
    public Example example() {
        return Example.of("arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }, "
                + "img_size = 16, patch_size = 4", new Shape(2, 3, 16, 16));
    }

    @Override
    public VisionTransformerConfig parseConfig(ConfigView config) {
        return VisionTransformerFactory.parseVariant(config, OutType.RAW);
    }

    @Override
    public Backbone create(VisionTransformerConfig config, BuildContext context) {
        return new MaskFeatViT(config);
    }
}
