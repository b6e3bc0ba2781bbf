package org.pretrain4j.selfsup.mae;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.TorchInit;
import org.pretrain4j.backbones.layers.TransformerEncoderLayer;

/**
 * mmpretrain's {@code MAEPretrainDecoder}, the neck of MAE: it takes the encoder's latent tokens
 * {@code (B, 1 + keep, embed_dim)} and the restoring indices {@code (B, L)} from {@link MAEViT#forwardMasked}, and
 * predicts every patch {@code (B, L, p^2 * in_chans)}:
 *
 * <ol>
 *   <li>{@code decoder_embed} (Linear to {@code decoder_embed_dim});</li>
 *   <li>append {@code L - keep} copies of {@code mask_token} to the kept tokens and unshuffle them with a gather by
 *       the restoring indices, so every patch is back at its place, the class token in front;</li>
 *   <li>add {@code decoder_pos_embed}, the frozen 2-D sin-cos embedding of the patch grid;</li>
 *   <li>{@code decoder_blocks} (pre-norm transformer layers, qkv bias, norm eps 1e-6), the norm {@code ln1}
 *       (mmcv's {@code build_norm_layer(..., postfix=1)} name for mmpretrain's {@code decoder_norm}), and
 *       {@code decoder_pred} (Linear to the prediction size);</li>
 *   <li>drop the class token.</li>
 * </ol>
 *
 * <p>State-dict keys as mmpretrain's: {@code mask_token}, {@code decoder_pos_embed}, {@code decoder_embed.weight},
 * {@code decoder_blocks.0.attn.qkv.weight}, ..., {@code ln1.weight}, {@code decoder_pred.weight}. Initialisation:
 * {@code mask_token} {@code N(0, 0.02)}, the Linear layers PyTorch's defaults ({@link MAE} re-initialises them as
 * mmpretrain's MAE configs do), the transformer layers as {@link TransformerEncoderLayer}.
 *
 * <p>The restoring indices are int64; any floating-point array in their place is read as per-patch masking noise
 * (ascending: kept first) and replaced by its ranks, which is what {@link MAEViT} derives them from.
 */
public final class MAEPretrainDecoder extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;
    /** mmpretrain's decoder {@code norm_cfg}: {@code dict(type='LN', eps=1e-6)}. */
    private static final float NORM_EPS = 1e-6f;

    private final MAEPretrainDecoderConfig config;
    private final Parameter maskToken;
    private final Parameter decoderPosEmbed;
    private final Linear decoderEmbed;
    private final NamedSequence decoderBlocks;
    private final LayerNorm norm;
    private final Linear decoderPred;

    /**
     * Builds the decoder.
     *
     * @param config the validated config
     */
    public MAEPretrainDecoder(MAEPretrainDecoderConfig config) {
        super(VERSION);
        this.config = requireNonNull(config, "config is null");
        int dims = config.decoderEmbedDim();
        maskToken = addParameter(Parameter.builder().setName("mask_token").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, dims)).optInitializer(new NormalInitializer(0.02f)).build());
        int side = MAEPretrainDecoderConfig.gridSide(config.numPatches());
        decoderPosEmbed = addParameter(Parameter.builder().setName("decoder_pos_embed")
                .setType(Parameter.Type.OTHER).optShape(new Shape(1, config.numPatches() + 1L, dims))
                .optInitializer(new SinCosPositionEmbedding(side, side)).optRequiresGrad(false).build());
        decoderEmbed = addChildBlock("decoder_embed",
                TorchInit.defaults(Linear.builder().setUnits(dims).build(), config.embedDim()));
        decoderBlocks = new NamedSequence();
        for (int i = 0; i < config.decoderDepth(); i++) {
            decoderBlocks.add(TransformerEncoderLayer.builder()
                    .setEmbedDims(dims)
                    .setNumHeads(config.decoderNumHeads())
                    .setFeedforwardChannels(config.feedforwardChannels())
                    .optNormEpsilon(NORM_EPS)
                    .build());
        }
        addChildBlock("decoder_blocks", decoderBlocks);
        norm = addChildBlock("ln1", new LayerNorm(NORM_EPS));
        decoderPred = addChildBlock("decoder_pred",
                TorchInit.defaults(Linear.builder().setUnits(config.predictionDim()).build(), dims));
    }

    /**
     * The config this decoder was built from.
     *
     * @return the config
     */
    public MAEPretrainDecoderConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkShapes(inputs.getShapes());
        NDArray ids = restoringIndices(inputs.get(1));
        NDArray x = decoderEmbed.forward(parameterStore, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDManager manager = x.getManager();
        Device device = x.getDevice();
        long batch = x.getShape().get(0);
        long dims = x.getShape().get(2);
        long masked = ids.getShape().get(1) + 1 - x.getShape().get(1);
        NDArray maskTokens = MAEViT.inBatch(parameterStore.getValue(maskToken, device, training)
                .broadcast(batch, masked, dims), manager);
        x = restoreOrder(x, maskTokens, ids).add(parameterStore.getValue(decoderPosEmbed, device, training));
        x = decoderBlocks.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        x = norm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        x = decoderPred.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return new NDList(x.get(":, 1:"));
    }

    /**
     * The unshuffle: the kept tokens followed by the mask tokens, gathered back into the original patch order by the
     * restoring indices, behind the class token.
     *
     * @param embedded {@code (B, 1 + keep, D)}: class token, then the kept tokens in shuffled order
     * @param maskTokens {@code (B, L - keep, D)}
     * @param idsRestore int64 {@code (B, L)}
     * @return {@code (B, 1 + L, D)}
     */
    static NDArray restoreOrder(NDArray embedded, NDArray maskTokens, NDArray idsRestore) {
        long dims = embedded.getShape().get(2);
        NDArray patches = embedded.get(":, 1:").concat(maskTokens, 1)
                .gather(idsRestore.expandDims(2).repeat(2, dims), 1);
        return embedded.get(":, :1").concat(patches, 1);
    }

    /** int64 indices as given; a floating-point array is taken as masking noise and replaced by its ranks. */
    private static NDArray restoringIndices(NDArray ids) {
        if (ids.getDataType().isFloating()) {
            return ids.argSort(1).argSort(1);
        }
        return ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
    }

    /**
     * The prediction's shape.
     *
     * @param inputShapes {@code [(B, 1 + keep, embed_dim), (B, L)]}
     * @return {@code [(B, L, prediction size)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkShapes(inputShapes);
        Shape ids = inputShapes[1];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.predictionDim())};
    }

    private void checkShapes(Shape[] shapes) {
        if (shapes.length != 2 || shapes[0].dimension() != 3 || shapes[1].dimension() != 2
                || shapes[0].get(0) != shapes[1].get(0)) {
            throw new Pretrain4jException(MAEPretrainDecoderFactory.NAME + " takes the latent tokens (B, 1 + keep, "
                    + "embed_dim) and the restoring indices (B, L) of MAEViT's masked forward pass, got "
                    + Arrays.toString(shapes));
        }
        Shape latent = shapes[0];
        long patches = shapes[1].get(1);
        if (latent.get(2) != config.embedDim() || patches != config.numPatches() || latent.get(1) > patches + 1) {
            throw new Pretrain4jException(MAEPretrainDecoderFactory.NAME + " with embed_dim " + config.embedDim()
                    + " and num_patches " + config.numPatches() + " cannot decode latent tokens " + latent
                    + " with " + patches + " patches; embed_dim must be the encoder's width and num_patches its "
                    + "patch count");
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkShapes(inputShapes);
        decoderEmbed.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = new Shape(inputShapes[0].get(0), config.numPatches() + 1L, config.decoderEmbedDim());
        decoderBlocks.initialize(manager, dataType, tokens);
        norm.initialize(manager, dataType, tokens);
        decoderPred.initialize(manager, dataType, tokens);
    }
}
