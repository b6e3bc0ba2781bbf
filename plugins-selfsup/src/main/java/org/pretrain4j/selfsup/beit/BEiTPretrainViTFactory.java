package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.beit.BEiTViTConfig;
import org.pretrain4j.backbones.beit.BEiTViTFactory;

/** Factory of {@link BEiTPretrainViT}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(BackboneFactory.class)
public final class BEiTPretrainViTFactory implements BackboneFactory<BEiTViTConfig> {
    /** The type name configs use. */
    public static final String NAME = "BEiTPretrainViT";

    /** Creates the factory; it holds no state. */
    public BEiTPretrainViTFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT's pre-training encoder: a BEiTViT (shared relative position bias by default) whose masked "
                + "patches are replaced by a learned mask token.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return BEiTViTFactory.docs(true);
    }

    @Override
    public Example example() {
        return Example.of("arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }, "
                + "img_size = 16, patch_size = 4, out_indices = [0, -1], final_norm = false",
                new Shape(2, 3, 16, 16));
    }

    @Override
    public BEiTViTConfig parseConfig(ConfigView config) {
        return BEiTViTFactory.parse(config, true);
    }

    @Override
    public Backbone create(BEiTViTConfig config, BuildContext context) {
        return new BEiTPretrainViT(config);
    }
}
