package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.SelfSupervisorSpec;

/** Factory of {@link BEiT}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class BEiTFactory implements SelfSupervisorFactory<BEiTFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "BEiT";

    private static final List<ParamDoc> PARAMETERS = parameterDocs();

    /**
     * The algorithm's parts.
     *
     * @param parts backbone, neck and head
     * @param targetGenerator the tokenizer's config
     */
    public record Config(SelfSupervisorSpec parts, ConfigView targetGenerator) {}

    /** Creates the factory; it holds no state. */
    public BEiTFactory() {}

    private static List<ParamDoc> parameterDocs() {
        List<ParamDoc> docs = new ArrayList<>(SelfSupervisorSpec.parameters(
                "{ type = BEiTV2Neck, ... }: patch aggregation of an early layer's tokens (BEiT v2; v1 without a "
                        + "neck is not implemented).",
                "{ type = BEiTV2Head, embed_dims, num_embed, loss = { type = CrossEntropyLoss } }."));
        docs.add(ParamDoc.required("target_generator", "target generator config", "The frozen tokenizer giving one "
                + "token per patch, e.g. { type = VQKD, encoder_config { ... }, init_cfg { type = Pretrained, "
                + "checkpoint = ... } }; its patch grid must be the backbone's."));
        return List.copyOf(docs);
    }

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT v2: a ViT with masked patches replaced by a mask token predicts a frozen tokenizer's visual "
                + "tokens of the masked patches, from the last layer and from an early layer's patch aggregation.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        String arch = "arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }";
        return Example.of("backbone { type = BEiTPretrainViT, " + arch + ", img_size = 16, patch_size = 4, "
                + "out_indices = [0, -1], final_norm = false }, "
                + "neck { type = BEiTV2Neck, num_layers = 1, early_layers = 1, backbone_" + arch + " }, "
                + "head { type = BEiTV2Head, embed_dims = 16, num_embed = 8, loss { type = CrossEntropyLoss } }, "
                + "target_generator { type = VQKD, encoder_config { arch { embed_dims = 8, num_layers = 1, "
                + "num_heads = 2, feedforward_channels = 16 }, img_size = 16, patch_size = 4, use_abs_pos_emb = true, "
                + "use_rel_pos_bias = false, layer_scale_init_value = 0, final_norm = true, out_type = featmap }, "
                + "num_embed = 8, embed_dims = 4 }",
                new Shape(2, 3, 16, 16), new Shape(2, 3, 16, 16), new Shape(2, 4, 4));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        SelfSupervisorSpec parts = SelfSupervisorSpec.parse(config, true, true);
        return new Config(parts, config.getView("target_generator"));
    }

    @Override
    public SelfSupervisor create(Config config, BuildContext context) {
        SelfSupervisorSpec parts = config.parts();
        if (!(parts.buildBackbone(context) instanceof BEiTPretrainViT encoder)) {
            throw parts.backbone().error("type", NAME + " needs " + BEiTPretrainViTFactory.NAME + " here");
        }
        if (encoder.config().common().outIndices().size() != 2) {
            throw parts.backbone().error("out_indices", NAME + " v2 needs two layers, an early one and the last "
                    + "(mmpretrain: [-4, -1]), got " + encoder.config().common().outIndices().size());
        }
        if (!(parts.buildNeck(context) instanceof BEiTV2Neck neck)) {
            throw parts.neck().error("type", NAME + " needs " + BEiTV2NeckFactory.NAME + " here (BEiT v1 is not "
                    + "implemented)");
        }
        if (!(parts.buildHead(context) instanceof BEiTV2Head head)) {
            throw parts.head().error("type", NAME + " needs " + BEiTV2HeadFactory.NAME + " here");
        }
        return new BEiT(encoder, neck, head, context.build(Kind.TARGET_GENERATOR, config.targetGenerator()));
    }
}
