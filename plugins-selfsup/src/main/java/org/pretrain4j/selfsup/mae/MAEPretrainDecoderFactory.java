package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.NeckFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Neck;

/** Factory of {@link MAEPretrainDecoder}, registered as {@value #NAME}. */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(NeckFactory.class)
public final class MAEPretrainDecoderFactory implements NeckFactory<MAEPretrainDecoderConfig> {
    /** The type name configs use. */
    public static final String NAME = "MAEPretrainDecoder";

    private static final List<ParamDoc> PARAMETERS = List.of(
            ParamDoc.optional("num_patches", "int", "196",
                    "Patch tokens per image (a square number): the encoder's patch grid, 14 x 14 for 224 / 16."),
            ParamDoc.optional("patch_size", "int", "16", "Patch side in pixels."),
            ParamDoc.optional("in_chans", "int", "3", "Image channels."),
            ParamDoc.optional("embed_dim", "int", "1024", "The encoder's token size (768 for ViT-B)."),
            ParamDoc.optional("decoder_embed_dim", "int", "512",
                    "The decoder's token size, a multiple of 4 and of decoder_num_heads."),
            ParamDoc.optional("decoder_depth", "int", "8", "Number of decoder transformer layers."),
            ParamDoc.optional("decoder_num_heads", "int", "16", "Attention heads per decoder layer."),
            ParamDoc.optional("mlp_ratio", "double", "4.0", "FFN hidden size over decoder_embed_dim."),
            ParamDoc.optional("predict_feature_dim", "int", "null",
                    "Prediction size per patch; null for the pixels, patch_size^2 * in_chans."));

    /** Creates the factory; it holds no state. */
    public MAEPretrainDecoderFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MAE's decoder: mask tokens fill the removed patches, a small transformer predicts every patch's "
                + "pixels, (B, L, p^2 * in_chans).";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("num_patches = 16, patch_size = 4, in_chans = 1, embed_dim = 16, decoder_embed_dim = 8, "
                + "decoder_depth = 1, decoder_num_heads = 2", new Shape(2, 5, 16), new Shape(2, 16));
    }

    @Override
    public MAEPretrainDecoderConfig parseConfig(ConfigView config) {
        int numPatches = positive(config, "num_patches", 196);
        if (MAEPretrainDecoderConfig.gridSide(numPatches) < 0) {
            throw config.error("num_patches", "expected a square number (the patch grid is square), got "
                    + numPatches);
        }
        int patchSize = positive(config, "patch_size", 16);
        int inChans = positive(config, "in_chans", 3);
        int embedDim = positive(config, "embed_dim", 1024);
        int decoderEmbedDim = positive(config, "decoder_embed_dim", 512);
        int depth = positive(config, "decoder_depth", 8);
        int heads = positive(config, "decoder_num_heads", 16);
        if (decoderEmbedDim % 4 != 0 || decoderEmbedDim % heads != 0) {
            throw config.error("decoder_embed_dim", "expected a multiple of 4 (sin-cos position embedding) and of "
                    + "decoder_num_heads = " + heads + ", got " + decoderEmbedDim);
        }
        double mlpRatio = config.getDouble("mlp_ratio", 4.0);
        if (!(mlpRatio > 0) || (int) (mlpRatio * decoderEmbedDim) < 1) {
            throw config.error("mlp_ratio", "expected a positive ratio giving at least one hidden unit, got "
                    + mlpRatio);
        }
        Integer predictDim = config.has("predict_feature_dim") ? positive(config, "predict_feature_dim", 1) : null;
        return new MAEPretrainDecoderConfig(numPatches, patchSize, inChans, embedDim, decoderEmbedDim, depth, heads,
                mlpRatio, predictDim);
    }

    private static int positive(ConfigView config, String key, int defaultValue) {
        return config.checkRange(key, config.getInt(key, defaultValue), 1, Integer.MAX_VALUE);
    }

    @Override
    public Neck create(MAEPretrainDecoderConfig config, BuildContext context) {
        return new MAEPretrainDecoder(config);
    }
}
