package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.types.Shape;
import com.google.auto.service.AutoService;
import java.util.List;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.SelfSupervisorFactory;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.backbones.vit.VisionTransformerConfig;
import org.pretrain4j.selfsup.SelfSupervisorSpec;

/**
 * Factory of {@link MAE}, registered as {@value #NAME}. It checks that encoder, decoder and head agree on the token
 * width, the patch count, the patch size and the channels, so a mismatch is a config error naming the key.
 */
// ServiceLoader looks providers up by the raw interface; AutoService asks for this acknowledgement.
@SuppressWarnings("rawtypes")
@AutoService(SelfSupervisorFactory.class)
public final class MAEFactory implements SelfSupervisorFactory<SelfSupervisorSpec> {
    /** The type name configs use. */
    public static final String NAME = "MAE";

    private static final List<ParamDoc> PARAMETERS = SelfSupervisorSpec.parameters(
            "The decoder: { type = MAEPretrainDecoder, ... } with embed_dim and num_patches of the encoder.",
            "{ type = MAEPretrainHead, norm_pix = true, patch_size = ..., loss = { type = PixelReconstructionLoss, "
                    + "criterion = L2 } } with the encoder's patch size and channels.");

    /** Creates the factory; it holds no state. */
    public MAEFactory() {}

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    public String summary() {
        return "MAE: a ViT encoder sees a random 25% of the patches and a light decoder reconstructs the pixels of "
                + "the rest.";
    }

    @Override
    public List<ParamDoc> parameters() {
        return PARAMETERS;
    }

    @Override
    public Example example() {
        return Example.of("backbone { type = MAEViT, arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
                + "feedforward_channels = 32 }, img_size = 16, patch_size = 4, in_channels = 1 }, "
                + "neck { type = MAEPretrainDecoder, num_patches = 16, patch_size = 4, in_chans = 1, embed_dim = 16, "
                + "decoder_embed_dim = 8, decoder_depth = 1, decoder_num_heads = 2 }, "
                + "head { type = MAEPretrainHead, norm_pix = true, patch_size = 4, in_channels = 1, "
                + "loss { type = PixelReconstructionLoss, criterion = L2 } }", new Shape(2, 1, 16, 16));
    }

    @Override
    public SelfSupervisorSpec parseConfig(ConfigView config) {
        return SelfSupervisorSpec.parse(config, true, true);
    }

    @Override
    public SelfSupervisor create(SelfSupervisorSpec config, BuildContext context) {
        if (!(config.buildBackbone(context) instanceof MAEViT encoder)) {
            throw wrongType(config.backbone(), MAEViTFactory.NAME);
        }
        if (!(config.buildNeck(context) instanceof MAEPretrainDecoder decoder)) {
            throw wrongType(config.neck(), MAEPretrainDecoderFactory.NAME);
        }
        if (!(config.buildHead(context) instanceof MAEPretrainHead head)) {
            throw wrongType(config.head(), MAEPretrainHeadFactory.NAME);
        }
        VisionTransformerConfig vit = encoder.config();
        long[] grid = encoder.patchResolution();
        MAEPretrainDecoderConfig dec = decoder.config();
        requireEqual(config.neck(), "embed_dim", dec.embedDim(), vit.arch().embedDims(), "the encoder's embed_dims");
        requireEqual(config.neck(), "num_patches", dec.numPatches(), grid[0] * grid[1],
                "the encoder's patch count for img_size / patch_size");
        requireEqual(config.head(), "patch_size", head.patchSize(), vit.patchSize(), "the encoder's patch_size");
        requireEqual(config.head(), "in_channels", head.inChannels(), vit.inChannels(), "the encoder's in_channels");
        requireEqual(config.neck(), "predict_feature_dim", dec.predictionDim(),
                (long) head.patchSize() * head.patchSize() * head.inChannels(),
                "the head's patch_size^2 * in_channels (the pixels of a patch)");
        return new MAE(encoder, decoder, head);
    }

    private static ConfigException wrongType(ConfigView part, String expected) {
        return part.error("type", NAME + " needs " + expected + " here");
    }

    private static void requireEqual(ConfigView part, String key, long value, long expected, String what) {
        if (value != expected) {
            throw part.error(key, "is " + value + " but must equal " + what + ", " + expected);
        }
    }
}
