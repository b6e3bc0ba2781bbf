package org.pretrain4j.backbones.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.BackboneFactory;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.backbones.layers.MultiheadAttention.QkvBias;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;
import org.pretrain4j.backbones.vit.VisionTransformerFactory;
import org.pretrain4j.backbones.vit.VisionTransformerFactory.Common;

/** Registers {@link BEiTViT} under mmpretrain's name {@value #NAME}. */
@AutoService(BackboneFactory.class)
@SuppressWarnings("rawtypes") // AutoService cannot name the generic service interface with its type argument.
public final class BEiTViTFactory implements BackboneFactory<BEiTViTConfig> {
    /** The type name. */
    public static final String NAME = "BEiTViT";

    /** Creates the factory; it holds no state. */
    public BEiTViTFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT's ViT: query/value biases, LayerScale gamma_1/gamma_2 and relative position biases (per layer "
                + "or shared), an optional absolute position embedding.";
    }

    @Override
    public Example example() {
        return Example.of("arch { embed_dims = 16, num_layers = 2, num_heads = 2, feedforward_channels = 32 }, "
                + "img_size = 16, patch_size = 8, out_indices = [0, -1]", new Shape(2, 3, 16, 16));
    }

    @Override
    public List<ParamDoc> parameters() {
        return docs(false);
    }

    /**
     * The keys of {@code BEiTViT}, or of its pre-training variant, which fixes the class token and the
     * {@code qv_bias} and has its own defaults.
     *
     * @param pretrainVariant whether the docs are those of {@code BEiTPretrainViT}
     * @return the documentation
     */
    public static List<ParamDoc> docs(boolean pretrainVariant) {
        Defaults d = Defaults.of(pretrainVariant);
        List<ParamDoc> docs = new ArrayList<>(VisionTransformerFactory.commonParameters(d.outType, d.finalNorm));
        if (!pretrainVariant) {
            docs.add(ParamDoc.optional("bias", "string or boolean", "qv_bias", "Learned qkv biases: qv_bias "
                    + "(q_bias and v_bias, no key bias), true (the qkv Linear's bias) or false (none)."));
            docs.add(ParamDoc.optional("with_cls_token", "boolean", "true",
                    "Prepend a learned class token (required by out_type = cls_token and the relative biases)."));
        }
        docs.add(ParamDoc.optional("frozen_stages", "int", "-1",
                "When positive, freeze the embeddings and layers 1..frozen_stages (and the final norms if all are)."));
        docs.add(ParamDoc.optional("use_abs_pos_emb", "boolean", "false",
                "Add a learned absolute position embedding pos_embed, as a plain ViT."));
        docs.add(ParamDoc.optional("use_rel_pos_bias", "boolean", String.valueOf(d.relPosBias),
                "Give every layer its own relative position bias table."));
        docs.add(ParamDoc.optional("use_shared_rel_pos_bias", "boolean", String.valueOf(d.sharedRelPosBias),
                "One relative position bias (rel_pos_bias) shared by all layers; exclusive with use_rel_pos_bias."));
        docs.add(ParamDoc.optional("layer_scale_init_value", "double", "0.1",
                "Start value of the layers' LayerScale gamma_1 and gamma_2; 0 for none."));
        return List.copyOf(docs);
    }

    /** The defaults that differ between {@code BEiTViT} and {@code BEiTPretrainViT}. */
    private record Defaults(OutType outType, boolean finalNorm, boolean relPosBias, boolean sharedRelPosBias) {
        static Defaults of(boolean pretrainVariant) {
            return pretrainVariant ? new Defaults(OutType.RAW, true, false, true)
                    : new Defaults(OutType.AVG_FEATMAP, false, true, false);
        }
    }

    @Override
    public BEiTViTConfig parseConfig(ConfigView config) {
        return parse(config, false);
    }

    /**
     * Reads the keys {@link #docs} documents.
     *
     * @param config the component's config object
     * @param pretrainVariant whether it is {@code BEiTPretrainViT}'s config
     * @return the validated config
     * @throws org.pretrain4j.api.config.ConfigException for a missing, mistyped, out-of-range or contradictory value
     */
    public static BEiTViTConfig parse(ConfigView config, boolean pretrainVariant) {
        Defaults d = Defaults.of(pretrainVariant);
        Common common = VisionTransformerFactory.readCommon(config, d.outType, d.finalNorm);
        QkvBias bias = pretrainVariant ? QkvBias.QV : bias(config);
        boolean withClsToken = pretrainVariant || config.getBoolean("with_cls_token", true);
        if (common.outType().readsClsToken() && !withClsToken) {
            throw config.error("with_cls_token", "must be true when out_type = " + common.outType().configName());
        }
        int frozenStages = config.checkRange("frozen_stages", config.getInt("frozen_stages", -1), -1,
                common.arch().numLayers());
        boolean absPos = config.getBoolean("use_abs_pos_emb", false);
        boolean relPos = config.getBoolean("use_rel_pos_bias", d.relPosBias);
        boolean shared = config.getBoolean("use_shared_rel_pos_bias", d.sharedRelPosBias);
        if (relPos && shared) {
            throw config.error("use_shared_rel_pos_bias", "use_rel_pos_bias and use_shared_rel_pos_bias cannot both "
                    + "be true");
        }
        if ((relPos || shared) && !withClsToken) {
            throw config.error("with_cls_token", "a relative position bias needs the class token");
        }
        double layerScale = config.checkRange("layer_scale_init_value",
                config.getDouble("layer_scale_init_value", 0.1), 0.0, Double.MAX_VALUE);
        return new BEiTViTConfig(common, bias, withClsToken, frozenStages, absPos, relPos, shared, layerScale);
    }

    /** mmpretrain's {@code bias}: the string {@code qv_bias} or a boolean. */
    private static QkvBias bias(ConfigView config) {
        ConfigValue value = config.unwrap().get("bias");
        if (value == null || value.valueType() == ConfigValueType.STRING) {
            config.getEnum("bias", "qv_bias", "qv_bias");
            return QkvBias.QV;
        }
        if (value.valueType() != ConfigValueType.BOOLEAN) {
            throw config.error("bias", "expected qv_bias, true or false, got " + value.render());
        }
        return config.getBoolean("bias", false) ? QkvBias.QKV : QkvBias.NONE;
    }

    @Override
    public Backbone create(BEiTViTConfig config, BuildContext context) {
        return new BEiTViT(config);
    }
}
