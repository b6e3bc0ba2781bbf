package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.TargetGeneratorFactory;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.backbones.beit.BEiTViT;
import org.pretrain4j.backbones.beit.BEiTViTConfig;
import org.pretrain4j.backbones.beit.BEiTViTFactory;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

/** Factory of {@link VQKD}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(TargetGeneratorFactory.class)
public final class VQKDFactory implements TargetGeneratorFactory<VQKDFactory.Config> {
    /** The type name configs use. */
    public static final String NAME = "VQKD";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.required("encoder_config", "BEiTViT config (no type)", "The tokenizer's encoder, a BEiTViT "
                    + "with out_type = featmap and one out index, e.g. { arch = base, use_abs_pos_emb = true, "
                    + "use_rel_pos_bias = false, layer_scale_init_value = 0, final_norm = true, out_type = featmap }."),
            ParamDoc.optional("num_embed", "int", "8192", "Codebook size: the number of visual tokens."),
            ParamDoc.optional("embed_dims", "int", "32", "Size of the codebook vectors (encode_task_layer's output)."),
            ParamDoc.optional("decay", "double", "0.99", "EMA decay of codebook updates (training passes only; BEiT "
                    + "runs the tokenizer in eval, so its codebook stays as loaded)."),
            ParamDoc.optional("beta", "double", "1.0", "Weight of the tokenizer's commitment loss; accepted for "
                    + "mmpretrain's configs, unused (the tokenizer is not trained here)."),
            ParamDoc.optional("quantize_kmeans_init", "boolean", "true", "mmpretrain's k-means codebook start on the "
                    + "first batch, which only matters without a checkpoint; not implemented: the codebook starts as "
                    + "random normalised vectors unless init_cfg loads one."));

    /**
     * The tokenizer's config.
     *
     * @param encoder the encoder's config
     * @param numEmbed the codebook size
     * @param embedDims the codebook vectors' size
     * @param decay the EMA decay
     * @param beta the commitment-loss weight (unused)
     * @param kmeansInit mmpretrain's k-means flag (not applied)
     */
    public record Config(BEiTViTConfig encoder, int numEmbed, int embedDims, double decay, double beta,
            boolean kmeansInit) {}

    /** Creates the factory; it holds no state. */
    public VQKDFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "BEiT v2's frozen visual tokenizer: BEiTViT encoder, task layer, normalised-codebook vector quantizer; "
                + "gives a token index per patch, (B, h * w).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("encoder_config { arch { embed_dims = 16, num_layers = 1, num_heads = 2, "
                + "feedforward_channels = 32 }, img_size = 16, patch_size = 4, use_abs_pos_emb = true, "
                + "use_rel_pos_bias = false, layer_scale_init_value = 0, final_norm = true, out_type = featmap }, "
                + "num_embed = 8, embed_dims = 4", new Shape(2, 3, 16, 16));
    }

    @Override
    public Config parseConfig(ConfigView config) {
        ConfigView encoderView = config.getView("encoder_config");
        BEiTViTConfig encoder = BEiTViTFactory.parse(encoderView, false);
        encoderView.checkNoUnknownKeys();
        if (encoder.common().outType() != OutType.FEATMAP) {
            throw encoderView.error("out_type", "VQKD quantizes the encoder's feature map: expected featmap, got "
                    + encoder.common().outType().configName());
        }
        if (encoder.common().outIndices().size() != 1) {
            throw encoderView.error("out_indices", "VQKD uses one encoder output, got "
                    + encoder.common().outIndices().size());
        }
        int numEmbed = config.checkRange("num_embed", config.getInt("num_embed", 8192), 1, Integer.MAX_VALUE);
        int embedDims = config.checkRange("embed_dims", config.getInt("embed_dims", 32), 1, Integer.MAX_VALUE);
        double decay = config.checkRange("decay", config.getDouble("decay", 0.99), 0.0, 1.0);
        double beta = config.getDouble("beta", 1.0);
        boolean kmeans = config.getBoolean("quantize_kmeans_init", true);
        return new Config(encoder, numEmbed, embedDims, decay, beta, kmeans);
    }

    @Override
    public TargetGenerator create(Config config, BuildContext context) {
        return new VQKD(new BEiTViT(config.encoder()), config.embedDims(),
                new NormEMAVectorQuantizer(config.numEmbed(), config.embedDims(), config.decay()));
    }
}
